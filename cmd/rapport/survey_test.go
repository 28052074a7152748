package main

import (
	"bytes"
	"context"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/rapport-cx/rapport/internal/demo"
	"github.com/rapport-cx/rapport/internal/store"
	"github.com/rapport-cx/rapport/internal/survey"
)

// TestSurveySample draws the interview list from a small demo shop: four
// customers per lifecycle stage, each really in its stage, none recorded
// twice in a month.
func TestSurveySample(t *testing.T) {
	db := filepath.Join(t.TempDir(), "rapport.db")
	ctx := context.Background()
	st, err := store.Open(ctx, db, true)
	if err != nil {
		t.Fatal(err)
	}
	asOf := time.Date(2026, 5, 20, 12, 0, 0, 0, time.UTC)
	if _, err := demo.LoadOptions(ctx, st, 7, asOf, demo.Options{Customers: 300, Visitors: -1}, nil); err != nil {
		t.Fatal(err)
	}
	st.Close()

	var res survey.SampleResult
	out := cli(t, "", "survey", "sample", "--per-tier", "4", "--as-of", "2026-05-20", "--json", "--record", "--db", db)
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatalf("%v:\n%s", err, out)
	}
	st, err = store.Open(ctx, db, false)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	perStage := map[string]int{}
	for _, p := range res.Picks {
		c, err := st.Customer(ctx, p.CustomerID)
		if err != nil {
			t.Fatal(err)
		}
		if got := survey.Lifecycle(c, asOf); got != p.Stage {
			t.Errorf("%s drawn as %s but is %s", p.CustomerID, p.Stage, got)
		}
		perStage[p.Stage]++
	}
	for _, s := range survey.Stages {
		if want := min(4, res.Eligible[s]); perStage[s] != want {
			t.Errorf("stage %s: %d picks, want %d", s, perStage[s], want)
		}
	}
	t.Logf("picks per stage %v of eligible %v", perStage, res.Eligible)
	text := cli(t, "", "survey", "sample", "--per-tier", "4", "--as-of", "2026-05-21", "--db", db)
	if !strings.Contains(text, "left out as contacted recently") || !strings.Contains(text, "STAGE") {
		t.Fatalf("table output:\n%s", text)
	}
	for _, p := range res.Picks {
		if strings.Contains(text, p.CustomerID+" ") {
			t.Errorf("%s drawn again a day after being recorded", p.CustomerID)
		}
	}
	var errOut bytes.Buffer
	err = run(ctx, []string{"survey", "sample", "--per-tier", "0", "--db", db}, noEnv, strings.NewReader(""), &bytes.Buffer{}, &errOut)
	if err == nil || !strings.Contains(err.Error(), "per tier must be 1 to 1000") {
		t.Fatalf("--per-tier 0: %v", err)
	}
}
