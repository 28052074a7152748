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
	"github.com/rapport-cx/rapport/internal/predict"
	"github.com/rapport-cx/rapport/internal/store"
)

// TestPredictionEndpoints fits the models on a small demo shop and reads
// them back through the API, profile included.
func TestPredictionEndpoints(t *testing.T) {
	ctx := context.Background()
	st, err := store.Open(ctx, filepath.Join(t.TempDir(), "api.db"), true)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	end := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	if _, err := demo.LoadOptions(ctx, st, 1, end, demo.Options{Customers: 300, Visitors: -1}, nil); err != nil {
		t.Fatal(err)
	}
	token, _, err := access.CreateAPIToken(ctx, st, "test", []string{rapport.ScopeRead}, end)
	if err != nil {
		t.Fatal(err)
	}
	h, _ := httpapi.New(httpapi.Config{Store: st, Clock: &rapport.FixedClock{T: end}})
	get := func(path string) (int, map[string]any) {
		req := httptest.NewRequest(http.MethodGet, path, nil)
		req.Header.Set("Authorization", "Bearer "+token)
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		var body map[string]any
		_ = json.Unmarshal(rec.Body.Bytes(), &body)
		return rec.Code, body
	}
	if code, _ := get("/api/v1/models/latest"); code != http.StatusNotFound {
		t.Fatalf("latest run before any fit: %d", code)
	}
	if code, body := get("/api/v1/customers/C100001"); code != http.StatusOK || body["predicted"] != nil {
		t.Fatalf("profile before any fit: %d, predicted %v", code, body["predicted"])
	}
	run, err := predict.Refresh(ctx, st, &rapport.FixedClock{T: end}, end, predict.Options{})
	if err != nil {
		t.Fatal(err)
	}
	tags, err := st.PredictedTags(ctx, "C100001")
	if err != nil {
		t.Fatal(err)
	}
	code, body := get("/api/v1/customers/C100001")
	pred, _ := body["predicted"].(map[string]any)
	if code != http.StatusOK || pred["rfm_segment"] != tags.RFMSegment || pred["churn_probability"] != tags.ChurnProbability {
		t.Fatalf("profile: %d, predicted %v, want %+v", code, pred, tags)
	}
	code, body = get("/api/v1/customers/C100001/predictions")
	mr, _ := body["model_run"].(map[string]any)
	methods, _ := body["methods"].(map[string]any)
	if code != http.StatusOK || mr["churn_auc"] != run.ChurnAUC || !strings.Contains(methods["churn_probability"].(string), "AUC") {
		t.Fatalf("predictions: %d %v", code, body)
	}
	code, body = get("/api/v1/models/latest")
	rep, _ := body["report"].(map[string]any)
	if code != http.StatusOK || rep["rfm_grid"] == nil || rep["clustering"] == nil {
		t.Fatalf("latest run: %d %v", code, body)
	}
	code, body = get("/api/v1/models?limit=5")
	if runs, _ := body["runs"].([]any); code != http.StatusOK || len(runs) != 1 {
		t.Fatalf("runs: %d %v", code, body)
	}
	if code, body := get("/api/v1/models?limit=-1"); code != http.StatusUnprocessableEntity && code != http.StatusBadRequest {
		t.Fatalf("limit=-1: %d %v", code, body)
	}
	if code, _ := get("/api/v1/customers/nobody/predictions"); code != http.StatusNotFound {
		t.Fatalf("unknown customer: %d", code)
	}
	if code, body := get("/api/openapi.json"); code != http.StatusOK || !strings.Contains(mustJSON(body), "/api/v1/customers/{id}/predictions") {
		t.Fatalf("openapi: %d", code)
	}
}

func mustJSON(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}
