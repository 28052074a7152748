package httpapi_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/rapport-cx/rapport"
	"github.com/rapport-cx/rapport/internal/access"
	"github.com/rapport-cx/rapport/internal/demo"
	"github.com/rapport-cx/rapport/internal/httpapi"
	"github.com/rapport-cx/rapport/internal/recommend/live"
	"github.com/rapport-cx/rapport/internal/store"
)

// TestRecommendationEndpoints serves a demo shop's recommendations through
// the API: scenes, filters, availability, status, metrics and bad input.
func TestRecommendationEndpoints(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	st, err := store.Open(ctx, filepath.Join(t.TempDir(), "api.db"), true)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	end := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	if _, err := demo.LoadOptions(ctx, st, 1, end, demo.Options{Customers: 300, Visitors: -1}, nil); err != nil {
		t.Fatal(err)
	}
	clock := &rapport.FixedClock{T: end}
	svc := live.New(live.Config{Store: st, Clock: clock})
	if err := svc.Start(ctx); err != nil {
		t.Fatal(err)
	}
	defer svc.Wait()
	defer cancel()
	read, _, err := access.CreateAPIToken(ctx, st, "read", []string{rapport.ScopeRead}, end)
	if err != nil {
		t.Fatal(err)
	}
	write, _, err := access.CreateAPIToken(ctx, st, "write", []string{rapport.ScopeRead, rapport.ScopeWrite}, end)
	if err != nil {
		t.Fatal(err)
	}
	admin, _, err := access.CreateAPIToken(ctx, st, "admin", []string{rapport.ScopeAdmin}, end)
	if err != nil {
		t.Fatal(err)
	}
	h, _ := httpapi.New(httpapi.Config{Store: st, Clock: clock, Recommender: svc})
	call := func(method, path, token, body string) (int, map[string]any) {
		req := httptest.NewRequest(method, path, strings.NewReader(body))
		if token != "" {
			req.Header.Set("Authorization", "Bearer "+token)
		}
		if body != "" {
			req.Header.Set("Content-Type", "application/json")
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		var out map[string]any
		_ = json.Unmarshal(rec.Body.Bytes(), &out)
		return rec.Code, out
	}
	items := func(body map[string]any) []map[string]any {
		list, _ := body["items"].([]any)
		out := make([]map[string]any, len(list))
		for i, v := range list {
			out[i] = v.(map[string]any)
		}
		return out
	}

	code, body := call(http.MethodGet, "/api/v1/recommendations?customer=C100001&scene=home&n=5&lang=zh", read, "")
	got := items(body)
	if code != http.StatusOK || len(got) != 5 || !strings.HasPrefix(body["request_id"].(string), "rec_") {
		t.Fatalf("home: %d %v", code, body)
	}
	for _, it := range got {
		if it["reason"] == "" || it["product_id"] == "" {
			t.Errorf("item without reason: %v", it)
		}
	}
	first := got[0]["product_id"].(string)
	_, body = call(http.MethodGet, "/api/v1/recommendations?customer=C100001&n=5&exclude=x,"+first, read, "")
	for _, it := range items(body) {
		if it["product_id"] == first {
			t.Errorf("excluded %s came back", first)
		}
	}
	if code, body := call(http.MethodPut, "/api/v1/recommendations/items/"+first, write, `{"in_stock": false}`); code != http.StatusOK || body["in_stock"] != false {
		t.Fatalf("set availability: %d %v", code, body)
	}
	_, body = call(http.MethodGet, "/api/v1/recommendations?customer=C100001&n=20", read, "")
	for _, it := range items(body) {
		if it["product_id"] == first {
			t.Errorf("out-of-stock %s came back", first)
		}
	}
	code, body = call(http.MethodGet, "/api/v1/recommendations?scene=product&item="+first+"&n=4", read, "")
	if code != http.StatusOK || len(items(body)) == 0 {
		t.Errorf("product scene: %d %v", code, body)
	}
	code, body = call(http.MethodGet, "/api/v1/recommendations?anonymous_id=nobody&n=3", read, "")
	if code != http.StatusOK || len(items(body)) != 3 {
		t.Errorf("unknown visitor: %d %v", code, body)
	}

	for _, bad := range []struct{ path, field string }{
		{"/api/v1/recommendations?scene=checkout", "scene"},
		{"/api/v1/recommendations?scene=product", "item"},
		{"/api/v1/recommendations?n=0", "n"},
		{"/api/v1/recommendations?min_price=10&max_price=5", "max_price"},
	} {
		code, body := call(http.MethodGet, bad.path, read, "")
		if code != http.StatusBadRequest && code != http.StatusUnprocessableEntity || !strings.Contains(recJSON(body), bad.field) {
			t.Errorf("%s: %d %v, want 4xx naming %s", bad.path, code, body, bad.field)
		}
	}
	if code, _ := call(http.MethodPut, "/api/v1/recommendations/items/p1", read, `{"in_stock": false}`); code != http.StatusForbidden {
		t.Errorf("availability with a read token: %d, want 403", code)
	}
	if code, _ := call(http.MethodGet, "/api/v1/recommendations", "", ""); code != http.StatusUnauthorized {
		t.Errorf("no token: %d, want 401", code)
	}

	code, body = call(http.MethodGet, "/api/v1/recommendations/status", read, "")
	model, _ := body["model"].(map[string]any)
	if code != http.StatusOK || body["ready"] != true || model["kind"] == "" || model["interactions"].(float64) <= 0 {
		t.Errorf("status: %d %v", code, body)
	}
	code, body = call(http.MethodGet, "/api/v1/recommendations/metrics", read, "")
	scenes, _ := body["scenes"].([]any)
	if code != http.StatusOK || len(scenes) == 0 || body["sessions"].(float64) <= 0 {
		t.Errorf("metrics: %d %v", code, body)
	}
	testRecommendationSettings(t, call, read, admin, svc)
}

// testRecommendationSettings reads the defaults, replaces them, and checks
// that bad settings are refused naming the field and change nothing.
func testRecommendationSettings(t *testing.T, call func(method, path, token, body string) (int, map[string]any), read, admin string, svc *live.Service) {
	t.Helper()
	const path = "/api/v1/recommendations/settings"
	code, body := call(http.MethodGet, path, read, "")
	weights, _ := body["weights"].(map[string]any)
	if code != http.StatusOK || body["per_category"] != 3.0 || body["max_ease_items"] != 2500.0 || body["retrain_every_hours"] != 24.0 ||
		weights["purchase"] != 5.0 || weights["return"] != -5.0 {
		t.Fatalf("default settings: %d %v", code, body)
	}
	good := `{"weights": {"purchase": 8, "view": 0.5}, "repeat_categories": [" Coffee ", "Coffee", "Tea"], "per_category": 2, "max_ease_items": 1000, "retrain_every_hours": 6}`
	if code, _ := call(http.MethodPut, path, read, good); code != http.StatusForbidden {
		t.Errorf("settings with a read token: %d, want 403", code)
	}
	code, body = call(http.MethodPut, path, admin, good)
	weights, _ = body["weights"].(map[string]any)
	if code != http.StatusOK || body["per_category"] != 2.0 || weights["purchase"] != 8.0 || weights["view"] != 0.5 || weights["cart"] != 3.0 ||
		recJSON(body["repeat_categories"]) != `["Coffee","Tea"]` {
		t.Fatalf("update: %d %v", code, body)
	}
	if set := svc.Settings(); set.PerCategory != 2 || set.MaxEASEItems != 1000 || set.RetrainEveryHours != 6 || set.Weights["purchase"] != 8 {
		t.Errorf("the service uses %+v after the update", set)
	}
	for _, bad := range []struct{ body, field string }{
		{`{"repeat_categories": [], "per_category": 0, "max_ease_items": 10, "retrain_every_hours": 6}`, "per_category"},
		{`{"repeat_categories": [], "per_category": 2, "max_ease_items": 20001, "retrain_every_hours": 6}`, "max_ease_items"},
		{`{"repeat_categories": [], "per_category": 2, "max_ease_items": 10, "retrain_every_hours": 0}`, "retrain_every_hours"},
		{`{"weights": {"bogus": 1}, "repeat_categories": [], "per_category": 2, "max_ease_items": 10, "retrain_every_hours": 6}`, "weights.bogus"},
		{`{"weights": {"purchase": -1}, "repeat_categories": [], "per_category": 2, "max_ease_items": 10, "retrain_every_hours": 6}`, "weights.purchase"},
		{`{"repeat_categories": [], "max_ease_items": 10, "retrain_every_hours": 6}`, "per_category"},
	} {
		code, body := call(http.MethodPut, path, admin, bad.body)
		if code != http.StatusBadRequest && code != http.StatusUnprocessableEntity || !strings.Contains(recJSON(body), bad.field) {
			t.Errorf("%s: %d %v, want 4xx naming %s", bad.body, code, body, bad.field)
		}
	}
	if code, body := call(http.MethodGet, path, read, ""); code != http.StatusOK || body["per_category"] != 2.0 || body["max_ease_items"] != 1000.0 {
		t.Errorf("settings after refused updates: %d %v, want the last good ones", code, body)
	}
}

func recJSON(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}
