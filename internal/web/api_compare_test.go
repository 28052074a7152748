package web_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"testing"

	"github.com/rapport-cx/rapport"
	"github.com/rapport-cx/rapport/internal/access"
	"github.com/rapport-cx/rapport/internal/httpapi"
)

// apiOverview fetches GET /api/v1/overview from the JSON API over the same
// store, as an API client would, and returns its KPI figures by key.
func apiOverview(t *testing.T, b *bundle) map[string]float64 {
	t.Helper()
	api, _ := httpapi.New(httpapi.Config{Store: b.store, Clock: &rapport.FixedClock{T: now}, Version: "test"})
	token, _, err := access.CreateAPIToken(context.Background(), b.store, "browser-test", []string{rapport.ScopeRead}, now)
	if err != nil {
		t.Fatal(err)
	}
	req := httptest.NewRequest(http.MethodGet, "/api/v1/overview", nil)
	req.Header.Set("Authorization", "Bearer "+token)
	rec := httptest.NewRecorder()
	api.ServeHTTP(rec, req)
	var body map[string]any
	if err := json.Unmarshal(rec.Body.Bytes(), &body); rec.Code != http.StatusOK || err != nil {
		t.Fatalf("GET /api/v1/overview = %d %s", rec.Code, rec.Body.String())
	}
	out := map[string]float64{}
	for k := range rapport.Definitions {
		v, ok := body[k].(float64)
		if !ok {
			t.Fatalf("API overview lacks %s: %v", k, body)
		}
		out[k] = v
	}
	return out
}

// checkKPIsEqualAPI asserts that the raw value behind each KPI card the
// browser shows equals the API's figure.
func checkKPIsEqualAPI(t *testing.T, shown map[string]shownKPI, api map[string]float64) {
	t.Helper()
	for k, want := range api {
		got, err := strconv.ParseFloat(shown[k].Value, 64)
		if err != nil || fmt.Sprintf("%.6f", got) != fmt.Sprintf("%.6f", want) {
			t.Errorf("KPI %s: page value %q, API %v", k, shown[k].Value, want)
		}
	}
}
