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
}

func recJSON(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}
