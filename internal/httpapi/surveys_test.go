package httpapi_test

import (
	"context"
	"strings"
	"testing"
)

// TestSurveyTargetAPI: a survey targets stored segments, custom or
// lifecycle; an unknown segment is refused by name and nothing is stored.
func TestSurveyTargetAPI(t *testing.T) {
	b := setupAPI(t)
	if status, body, _ := b.do(t, "POST", "/api/v1/segments", b.writer, map[string]any{"id": "buyers", "name": "Buyers",
		"rule": map[string]any{"field": "orders", "op": ">=", "value": 1}}); status != 200 {
		t.Fatalf("create segment: %d %s", status, body)
	}
	survey := func(segments ...string) map[string]any {
		return map[string]any{"name": "After service", "kind": "csat", "trigger_event": "Ticket Resolved", "segments": segments}
	}
	for _, tc := range []struct {
		name     string
		body     any
		status   int
		contains string
	}{
		{"an unknown segment is named", survey("problem", "vip"), 400, `there is no segment \"vip\"`},
		{"an empty segment id", survey(""), 400, `"location":"segments"`},
		{"custom and lifecycle segments", survey("problem", "buyers", "buyers"), 200, `"segments":["buyers","problem"]`},
	} {
		status, body, _ := b.do(t, "POST", "/api/v1/surveys", b.writer, tc.body)
		if status != tc.status || !strings.Contains(body, tc.contains) {
			t.Errorf("%s: %d %s; want %d containing %s", tc.name, status, body, tc.status, tc.contains)
		}
	}
	list, err := b.st.Surveys(context.Background())
	if err != nil || len(list) != 1 {
		t.Fatalf("stored surveys %+v, %v: want only the valid one", list, err)
	}
}
