package httpapi_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/rapport-cx/rapport"
	"github.com/rapport-cx/rapport/internal/access"
	"github.com/rapport-cx/rapport/internal/httpapi"
	"github.com/rapport-cx/rapport/internal/segment"
	"github.com/rapport-cx/rapport/internal/store"
)

var now = time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)

const day = 24 * time.Hour

// shopper is a hand-built customer: registration, orders (totals, days
// ago), a review rating and a ticket.
type shopper struct {
	id         string
	registered time.Duration // ago
	orders     []float64
	orderAgo   time.Duration
	rating     float64
	ticketAgo  time.Duration
}

var shoppers = []shopper{
	{id: "u1", registered: 3 * day},
	{id: "u2", registered: 100 * day, orders: []float64{600, 700}, orderAgo: 40 * day, rating: 2},
	{id: "u3", registered: 200 * day, orders: []float64{2000}, orderAgo: 5 * day, ticketAgo: 2 * day},
	{id: "u5", registered: 300 * day, orders: []float64{100, 150, 80}, orderAgo: 10 * day},
}

func (s shopper) events() []*rapport.Event {
	n := 0
	ev := func(typ, name string, ago time.Duration, props map[string]any) *rapport.Event {
		n++
		at := now.Add(-ago)
		return &rapport.Event{MessageID: fmt.Sprintf("%s-%d", s.id, n), Type: typ, Name: name, UserID: s.id,
			Channel: rapport.ChannelWeb, Timestamp: at, ReceivedAt: at, Properties: props}
	}
	idf := ev(rapport.TypeIdentify, "", s.registered, nil)
	idf.Traits = map[string]any{"email": s.id + "@example.com", "registered_at": now.Add(-s.registered).Format(time.RFC3339)}
	out := []*rapport.Event{idf}
	for i, total := range s.orders {
		out = append(out, ev(rapport.TypeTrack, rapport.EventOrderCompleted, s.orderAgo+time.Duration(i)*time.Hour,
			map[string]any{"order_id": fmt.Sprintf("%s-o%d", s.id, i), "total": total}))
	}
	if s.rating > 0 {
		out = append(out, ev(rapport.TypeTrack, rapport.EventProductReviewed, s.orderAgo-day, map[string]any{"rating": s.rating, "product_id": "p1"}))
	}
	if s.ticketAgo > 0 {
		out = append(out, ev(rapport.TypeTrack, rapport.EventTicketCreated, s.ticketAgo, map[string]any{"ticket_id": "t-" + s.id}))
	}
	return out
}

func (s shopper) revenue() float64 {
	sum := 0.0
	for _, t := range s.orders {
		sum += t
	}
	return sum
}

type apiBundle struct {
	srv          *httptest.Server
	read, writer string
	st           rapport.Store
}

func setupAPI(t *testing.T) *apiBundle {
	t.Helper()
	ctx := context.Background()
	st, err := store.Open(ctx, filepath.Join(t.TempDir(), "rapport.db"), true)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	for _, s := range shoppers {
		if _, err := st.Ingest(ctx, s.events()); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := st.Ingest(ctx, []*rapport.Event{{MessageID: "a1", Type: rapport.TypePage, AnonymousID: "dev1",
		Channel: rapport.ChannelWeb, Timestamp: now, ReceivedAt: now}}); err != nil {
		t.Fatal(err)
	}
	clock := &rapport.FixedClock{T: now}
	eng := segment.NewEngine(segment.Config{Store: st, Clock: clock})
	if err := eng.EnsureDefaults(ctx); err != nil {
		t.Fatal(err)
	}
	if err := eng.Scan(ctx, now); err != nil {
		t.Fatal(err)
	}
	read, _, err := access.CreateAPIToken(ctx, st, "reader", []string{rapport.ScopeRead}, now)
	if err != nil {
		t.Fatal(err)
	}
	writer, _, err := access.CreateAPIToken(ctx, st, "writer", []string{rapport.ScopeRead, rapport.ScopeWrite}, now)
	if err != nil {
		t.Fatal(err)
	}
	h, _ := httpapi.New(httpapi.Config{Store: st, Clock: clock})
	mux := http.NewServeMux()
	mux.Handle("/api/", h)
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return &apiBundle{srv: srv, read: read, writer: writer, st: st}
}

func (b *apiBundle) do(t *testing.T, method, path, token string, body any) (int, string, http.Header) {
	t.Helper()
	var r io.Reader
	if body != nil {
		data, _ := json.Marshal(body)
		r = bytes.NewReader(data)
	}
	req, _ := http.NewRequest(method, b.srv.URL+path, r)
	req.Header.Set("Authorization", "Bearer "+token)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	data, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(data), res.Header
}

func TestSegmentAPIScenarios(t *testing.T) {
	b := setupAPI(t)
	bigSpenders := 0
	for _, s := range shoppers {
		if s.revenue() >= 1000 {
			bigSpenders++
		}
	}
	spend := map[string]any{"field": "revenue", "op": ">=", "value": 1000}
	badWindow := map[string]any{"all": []any{spend, map[string]any{"event": map[string]any{"name": "Product Viewed", "within_days": 0}}}}
	for _, tc := range []struct {
		name, method, path string
		writer             bool
		body               any
		status             int
		contains           string
	}{
		{"list shows the lifecycle defaults", "GET", "/api/v1/segments", false, nil, 200, `"lifecycle_precedence":["problem","churn_risk","high_value","seed","potential","new"]`},
		{"a reader cannot create", "POST", "/api/v1/segments", false, map[string]any{"id": "x", "name": "X", "rule": spend}, 403, ""},
		{"a bad node is named by its path", "POST", "/api/v1/segments", true, map[string]any{"id": "x", "name": "X", "rule": badWindow}, 400, "rule.all[1].event.within_days"},
		{"an unknown field is named", "POST", "/api/v1/segments", true, map[string]any{"id": "x", "name": "X", "rule": map[string]any{"field": "shoe_size", "op": ">", "value": 1}}, 400, `unknown field \"shoe_size\"`},
		{"a bad id", "POST", "/api/v1/segments", true, map[string]any{"id": "Big Spenders", "name": "X", "rule": spend}, 400, "lowercase"},
		{"create", "POST", "/api/v1/segments", true, map[string]any{"id": "big-spenders", "name": "Big spenders", "rule": spend}, 200, fmt.Sprintf(`"size":%d`, bigSpenders)},
		{"create again", "POST", "/api/v1/segments", true, map[string]any{"id": "big-spenders", "name": "Again", "rule": spend}, 409, ""},
		{"definition in words", "GET", "/api/v1/segments/big-spenders", false, nil, 200, `"definition":"revenue ≥ 1000"`},
		{"size over time", "GET", "/api/v1/segments/new", false, nil, 200, `"sizes":[{"day":"2026-06-01","size":1}]`},
		{"members", "GET", "/api/v1/segments/big-spenders/members?limit=1", false, nil, 200, fmt.Sprintf(`"total":%d`, bigSpenders)},
		{"members of an unknown segment", "GET", "/api/v1/segments/nope/members", false, nil, 404, ""},
		{"preview counts without saving", "POST", "/api/v1/segments/preview", false, map[string]any{"rule": map[string]any{"field": "orders", "op": ">=", "value": 1}}, 200, `"count":3`},
		{"preview of a bad rule", "POST", "/api/v1/segments/preview", false, map[string]any{"rule": map[string]any{"any": []any{}}}, 400, "rule.any"},
		{"customer segments with primary stage", "GET", "/api/v1/customers/u3/segments", false, nil, 200, `"primary_stage":"problem"`},
		{"churn risk", "GET", "/api/v1/customers/u2/segments", false, nil, 200, `"segment_id":"churn_risk"`},
		{"unknown customer", "GET", "/api/v1/customers/nobody/segments", false, nil, 404, ""},
		{"a lifecycle segment cannot be deleted", "DELETE", "/api/v1/segments/new", true, nil, 409, "edit its rule"},
		{"edit", "PUT", "/api/v1/segments/big-spenders", true, map[string]any{"name": "Very big", "rule": map[string]any{"field": "revenue", "op": ">=", "value": 1500}}, 200, `"size":1`},
		{"delete", "DELETE", "/api/v1/segments/big-spenders", true, nil, 204, ""},
		{"deleted", "GET", "/api/v1/segments/big-spenders", false, nil, 404, ""},
		{"openapi lists the endpoints", "GET", "/api/openapi.json", false, nil, 200, "/api/v1/segments/{id}/members.csv"},
	} {
		token := b.read
		if tc.writer {
			token = b.writer
		}
		status, body, _ := b.do(t, tc.method, tc.path, token, tc.body)
		if status != tc.status || !strings.Contains(body, tc.contains) {
			t.Errorf("%s: %s %s = %d %s; want %d containing %s", tc.name, tc.method, tc.path, status, body, tc.status, tc.contains)
		}
	}
}

func TestSegmentMembersCSV(t *testing.T) {
	b := setupAPI(t)
	status, body, hdr := b.do(t, "POST", "/api/v1/segments", b.writer, map[string]any{"id": "buyers", "name": "Buyers",
		"rule": map[string]any{"field": "orders", "op": ">=", "value": 1}})
	if status != 200 {
		t.Fatalf("create: %d %s", status, body)
	}
	status, body, hdr = b.do(t, "GET", "/api/v1/segments/buyers/members.csv", b.read, nil)
	if status != 200 || !strings.HasPrefix(hdr.Get("Content-Type"), "text/csv") {
		t.Fatalf("csv: %d %s %v", status, body, hdr)
	}
	rows, err := csv.NewReader(strings.NewReader(body)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]float64{}
	for _, s := range shoppers {
		if len(s.orders) > 0 {
			want[s.id] = s.revenue()
		}
	}
	if len(rows) != len(want)+1 || rows[0][0] != "customer_id" {
		t.Fatalf("csv rows %v, want a header and %d members", rows, len(want))
	}
	for _, r := range rows[1:] {
		if rev, ok := want[r[0]]; !ok || r[6] != fmt.Sprintf("%.2f", rev) || r[2] != r[0]+"@example.com" {
			t.Errorf("csv row %v: want revenue %.2f of a buyer", r, rev)
		}
	}
}

// The lifecycle settings are read and replaced through the API; a bad one
// is named and changes nothing, a good one moves people at once.
func TestSegmentSettingsAPI(t *testing.T) {
	b := setupAPI(t)
	status, body, _ := b.do(t, "GET", "/api/v1/segments/settings", b.read, nil)
	if status != 200 || !strings.Contains(body, `"window_days":90`) || !strings.Contains(body, `"rating_rule":"last"`) || !strings.Contains(body, `"problem_days":30`) {
		t.Fatalf("settings: %d %s, want the defaults", status, body)
	}
	settings := func(change func(m map[string]any)) map[string]any {
		m := map[string]any{"window_days": 90, "purchases_per_month": 2, "aov_threshold": 1000, "churn_days": 30,
			"rating_rule": "last", "rating_max": 3, "problem_days": 30, "new_days": 7, "potential_days": 30}
		change(m)
		return m
	}
	for _, tc := range []struct {
		name     string
		token    string
		body     map[string]any
		status   int
		contains string
	}{
		{"a reader cannot change them", b.read, settings(func(m map[string]any) {}), 403, ""},
		{"a bad rating rule is named", b.writer, settings(func(m map[string]any) { m["rating_rule"] = "median" }), 400, "rating_rule"},
		{"a bad window is named", b.writer, settings(func(m map[string]any) { m["window_days"] = 0 }), 400, "window_days"},
		{"potential must end after new", b.writer, settings(func(m map[string]any) { m["potential_days"] = 7 }), 400, "potential_days"},
		{"a missing setting is named", b.writer, settings(func(m map[string]any) { delete(m, "churn_days") }), 422, "churn_days"},
	} {
		status, body, _ := b.do(t, "PUT", "/api/v1/segments/settings", tc.token, tc.body)
		if status != tc.status || !strings.Contains(body, tc.contains) {
			t.Errorf("%s: %d %s; want %d containing %s", tc.name, status, body, tc.status, tc.contains)
		}
	}
	if _, body, _ := b.do(t, "GET", "/api/v1/customers/u3/segments", b.read, nil); !strings.Contains(body, `"primary_stage":"problem"`) {
		t.Fatalf("u3 after rejected changes: %s, want still a problem customer (ticket 2 days ago)", body)
	}
	status, body, _ = b.do(t, "PUT", "/api/v1/segments/settings", b.writer, settings(func(m map[string]any) { m["problem_days"] = 2 }))
	if status != 200 || !strings.Contains(body, `"problem_days":2`) {
		t.Fatalf("save: %d %s", status, body)
	}
	_, body, _ = b.do(t, "GET", "/api/v1/customers/u3/segments", b.read, nil)
	if !strings.Contains(body, `"primary_stage":""`) || !strings.Contains(body, `{"segment_id":"problem","customer_id":"u3","entered":false`) {
		t.Fatalf("u3 with a 2-day problem window, ticket 2 days ago: %s, want out of problem with the exit in the history", body)
	}
	_, body, _ = b.do(t, "GET", "/api/v1/segments/problem", b.read, nil)
	if !strings.Contains(body, `"definition":"days since last service ticket < 2"`) {
		t.Fatalf("problem after the settings: %s, want the 2-day rule", body)
	}
}

// A preview and a saved segment read the stored predicted tags.
func TestSegmentPreviewReadsPredictedTags(t *testing.T) {
	b := setupAPI(t)
	tags := []rapport.PredictedTags{{CustomerID: "u1", RFMSegment: "Champions", ComputedAt: now},
		{CustomerID: "u2", RFMSegment: "At Risk", ComputedAt: now}, {CustomerID: "u3", RFMSegment: "Champions", ComputedAt: now}}
	if err := b.st.SaveModelRun(context.Background(), &rapport.ModelRun{StartedAt: now, FinishedAt: now, AsOf: now}, tags); err != nil {
		t.Fatal(err)
	}
	rule := map[string]any{"field": "rfm.segment", "op": "=", "value": "Champions"}
	status, body, _ := b.do(t, "POST", "/api/v1/segments/preview", b.read, map[string]any{"rule": rule})
	if status != 200 || !strings.Contains(body, `"count":2`) {
		t.Fatalf("preview: %d %s, want u1 and u3", status, body)
	}
	status, body, _ = b.do(t, "POST", "/api/v1/segments", b.writer, map[string]any{"id": "champions", "name": "Champions", "rule": rule})
	if status != 200 || !strings.Contains(body, `"size":2`) {
		t.Fatalf("create: %d %s, want 2 members", status, body)
	}
}
