package web_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strconv"
	"testing"
	"time"

	"github.com/rapport-cx/rapport"
	"github.com/rapport-cx/rapport/internal/access"
	"github.com/rapport-cx/rapport/internal/httpapi"
)

// TestCESThroughAPIOnDashboard answers a CES survey through the API and
// finds the mean with its Student-t 95% interval, computed here from the
// answers, in the API's satisfaction figures and on the dashboard's card.
func TestCESThroughAPIOnDashboard(t *testing.T) {
	b := setup(t)
	ctx := context.Background()
	token, _, err := access.CreateAPIToken(ctx, b.store, "writer", []string{rapport.ScopeRead, rapport.ScopeWrite}, now)
	if err != nil {
		t.Fatal(err)
	}
	clock := &rapport.FixedClock{T: now}
	h, _ := httpapi.New(httpapi.Config{Store: b.store, Clock: clock})
	api := httptest.NewServer(h)
	t.Cleanup(api.Close)
	call := func(method, path string, body any) map[string]any {
		t.Helper()
		data, _ := json.Marshal(body)
		req, _ := http.NewRequest(method, api.URL+path, bytes.NewReader(data))
		req.Header.Set("Authorization", "Bearer "+token)
		req.Header.Set("Content-Type", "application/json")
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		var out map[string]any
		if err := json.NewDecoder(res.Body).Decode(&out); err != nil || res.StatusCode != 200 {
			t.Fatalf("%s %s: %d %v %v", method, path, res.StatusCode, out, err)
		}
		return out
	}
	sv := call("POST", "/api/v1/surveys", map[string]any{"name": "Returns effort", "kind": "ces", "trigger_event": "Return Requested", "touchpoint": "after_sale"})
	id := int(sv["id"].(float64))
	scores := []int{7, 6, 5, 7, 3, 6, 2, 7}
	for i, s := range scores {
		call("POST", fmt.Sprintf("/api/v1/surveys/%d/responses", id), map[string]any{"customer_id": []string{"ann", "bob", "cai"}[i%3], "score": s})
	}
	// Mean and Student-t interval with 7 degrees of freedom.
	var sum, sq float64
	for _, s := range scores {
		sum += float64(s)
	}
	mean := sum / float64(len(scores))
	for _, s := range scores {
		sq += (float64(s) - mean) * (float64(s) - mean)
	}
	half := 2.364624251592785 * math.Sqrt(sq/float64(len(scores)-1)) / math.Sqrt(float64(len(scores)))

	clock.T = now.Add(time.Minute) // read a minute after the answers
	sat := call("GET", "/api/v1/satisfaction?kind=ces", nil)
	ces := sat["overall"].(map[string]any)["scores"].(map[string]any)["ces"].(map[string]any)
	if ces["count"] != float64(len(scores)) || math.Abs(ces["value"].(float64)-mean) > 1e-9 ||
		math.Abs(ces["low"].(float64)-(mean-half)) > 1e-6 || math.Abs(ces["high"].(float64)-(mean+half)) > 1e-6 || ces["small"] != true {
		t.Errorf("API CES %v, want %.4f ± %.4f of %d, flagged small", ces, mean, half, len(scores))
	}
	_, page := b.get(t, b.login(t), "/insights?kind=ces")
	card := regexp.MustCompile(`(?s)data-score="ces".*?class="value">([^<]*)<.*?class="ci">([^<]*)<`).FindStringSubmatch(page)
	f2 := func(v float64) string { return strconv.FormatFloat(v, 'f', 2, 64) }
	if card == nil || card[1] != f2(mean) || card[2] != "95% CI "+f2(mean-half)+" – "+f2(mean+half) {
		t.Errorf("dashboard CES card %q, want %s with 95%% CI %s – %s", card, f2(mean), f2(mean-half), f2(mean+half))
	}
}
