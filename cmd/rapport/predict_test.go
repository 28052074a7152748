package main

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/rapport-cx/rapport/internal/demo"
	"github.com/rapport-cx/rapport/internal/store"
)

func TestPredictCommandBadInput(t *testing.T) {
	db := filepath.Join(t.TempDir(), "r.db")
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"predict", "--db", db, "--clusters", "1"}, "--clusters"},
		{[]string{"predict", "--db", db}, "no customer has an order"},
		{[]string{"eval", "predict"}, "--data"},
		{[]string{"eval", "predict", "--data", "x.csv", "--months", "0"}, "--months"},
	} {
		var out, errOut bytes.Buffer
		err := run(context.Background(), c.args, noEnv, strings.NewReader(""), &out, &errOut)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("rapport %s: error %v, want one mentioning %q", strings.Join(c.args, " "), err, c.want)
		}
	}
}

func TestPredictCommandOnDemoData(t *testing.T) {
	db := filepath.Join(t.TempDir(), "r.db")
	ctx := context.Background()
	st, err := store.Open(ctx, db, true)
	if err != nil {
		t.Fatal(err)
	}
	_, err = demo.LoadOptions(ctx, st, 1, time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), demo.Options{Customers: 300, Visitors: -1}, nil)
	st.Close()
	if err != nil {
		t.Fatal(err)
	}
	out := cli(t, "", "predict", "--db", db, "--clusters", "3")
	for _, want := range []string{"run 1:", "as of 2026-01-0", "RFM segments: Champions", "BG/NBD: r=", "churn: holdout AUC", "clusters: k=3"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}
