package ingest

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/rapport-cx/rapport"
)

func TestAPIScenarios(t *testing.T) {
	b := setup(t, options{})
	big := `{"userId":"u1","event":"x","properties":{"p":"` + strings.Repeat("x", 33<<10) + `"}}`
	var bigBatch strings.Builder
	bigBatch.WriteString(`{"batch":[`)
	for i := range 20 {
		if i > 0 {
			bigBatch.WriteByte(',')
		}
		bigBatch.WriteString(`{"type":"track","userId":"u1","event":"x","properties":{"p":"` + strings.Repeat("y", 30<<10) + `"}}`)
	}
	bigBatch.WriteString(`]}`)
	tests := []struct {
		name     string
		req      request
		status   int
		contains string
	}{
		{"track", request{path: "/v1/track", key: testKey, body: `{"userId":"u1","event":"Product Viewed"}`}, 200, `{"success":true}`},
		{"identify", request{path: "/v1/identify", key: testKey, body: `{"userId":"u1","traits":{"email":"u1@example.com"}}`}, 200, `{"success":true}`},
		{"page", request{path: "/v1/page", key: testKey, body: `{"anonymousId":"a1","name":"Home"}`}, 200, `{"success":true}`},
		{"screen", request{path: "/v1/screen", key: testKey, body: `{"anonymousId":"a1","name":"Home"}`}, 200, `{"success":true}`},
		{"group", request{path: "/v1/group", key: testKey, body: `{"userId":"u1","groupId":"g1"}`}, 200, `{"success":true}`},
		{"alias", request{path: "/v1/alias", key: testKey, body: `{"userId":"u1","previousId":"a1"}`}, 200, `{"success":true}`},
		{"batch", request{path: "/v1/batch", key: testKey, body: `{"batch":[{"type":"track","userId":"u2","event":"x"}]}`}, 200, `{"success":true}`},
		{"empty batch", request{path: "/v1/batch", key: testKey, body: `{"batch":[]}`}, 200, `{"success":true}`},
		{"key in body", request{path: "/v1/batch", body: `{"writeKey":"` + testKey + `","batch":[{"type":"track","userId":"u2","event":"x"}]}`}, 200, `{"success":true}`},
		{"key in single body", request{path: "/v1/track", body: `{"writeKey":"` + testKey + `","userId":"u2","event":"x"}`}, 200, `{"success":true}`},
		{"gzip", request{path: "/v1/batch", key: testKey, gzip: true, body: `{"batch":[{"type":"track","userId":"u3","event":"x"}]}`}, 200, `{"success":true}`},
		{"no key", request{path: "/v1/track", body: `{"userId":"u1","event":"x"}`}, 401, `"code":"unauthorized"`},
		{"unknown key", request{path: "/v1/track", key: "wk_nope", body: `{"userId":"u1","event":"x"}`}, 401, `"code":"unauthorized"`},
		{"unknown key in body", request{path: "/v1/batch", body: `{"writeKey":"wk_nope","batch":[]}`}, 401, `"code":"unauthorized"`},
		{"bad basic auth", request{path: "/v1/track", headers: map[string]string{"Authorization": "Basic !!!"}, body: `{"userId":"u1","event":"x"}`}, 401, `"code":"unauthorized"`},
		{"invalid", request{path: "/v1/track", key: testKey, body: `{"event":"x"}`}, 400, `"field":"userId"`},
		{"malformed", request{path: "/v1/batch", key: testKey, body: `{"batch":[`}, 400, `"code":"invalid"`},
		{"bad gzip", request{path: "/v1/batch", key: testKey, headers: map[string]string{"Content-Encoding": "gzip"}, body: `{"batch":[]}`}, 400, `not valid gzip`},
		{"unknown encoding", request{path: "/v1/batch", key: testKey, headers: map[string]string{"Content-Encoding": "br"}, body: `{"batch":[]}`}, 415, `"code":"unsupported_encoding"`},
		{"single event too large", request{path: "/v1/track", key: testKey, body: big}, 413, `"code":"too_large"`},
		{"batch too large", request{path: "/v1/batch", key: testKey, body: bigBatch.String()}, 413, `"code":"too_large"`},
		{"batch too large gzipped", request{path: "/v1/batch", key: testKey, gzip: true, body: bigBatch.String()}, 413, `"code":"too_large"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := b.do(t, tt.req)
			if got.status != tt.status || !strings.Contains(got.body, tt.contains) {
				t.Errorf("got %d %s, want %d containing %s", got.status, got.body, tt.status, tt.contains)
			}
			if ct := got.header.Get("Content-Type"); ct != "application/json" {
				t.Errorf("Content-Type = %q", ct)
			}
		})
	}
}

func TestErrorBodyNamesTheMessage(t *testing.T) {
	b := setup(t, options{})
	body := `{"batch":[` + strings.Repeat(`{"type":"track","userId":"u1","event":"x"},`, 3) + `{"type":"track","event":"x"}]}`
	got := b.do(t, request{path: "/v1/batch", key: testKey, body: body})
	want := `{"error":{"code":"invalid","message":"userId or anonymousId is required","index":3,"field":"batch[3].userId"}}` + "\n"
	if got.status != 400 || got.body != want {
		t.Errorf("got %d %s\nwant 400 %s", got.status, got.body, want)
	}
	if n := b.events(t); n != 0 {
		t.Errorf("%d events stored from a rejected request, want 0", n)
	}
	if r := b.pipe.Stats().Rejected[RejectInvalid]; r != 1 {
		t.Errorf("Rejected[invalid] = %d, want 1", r)
	}
}

func TestEventsCarryTheKeysSourceAndTheServerTime(t *testing.T) {
	b := setup(t, options{})
	body := `{"sentAt":"2025-03-01T11:59:00Z","batch":[{"type":"track","messageId":"m1","userId":"u7","event":"Product Viewed","timestamp":"2025-03-01T11:58:30Z","context":{"app":{"name":"Shop"}}}]}`
	if got := b.do(t, request{path: "/v1/batch", key: testKey, body: body}); got.status != 200 {
		t.Fatalf("got %d %s", got.status, got.body)
	}
	events := timeline(t, b.store, "u7")
	if len(events) != 1 {
		t.Fatalf("timeline has %d events, want 1", len(events))
	}
	e := events[0]
	if e.Source != "shop-app" || e.Channel != rapport.ChannelApp || e.MessageID != "m1" {
		t.Errorf("stored %+v", e)
	}
	if want := time.Date(2025, 3, 1, 11, 59, 30, 0, time.UTC); !e.Timestamp.Equal(want) || !e.ReceivedAt.Equal(b.clock.T) {
		t.Errorf("timestamp %v received %v, want %v and %v", e.Timestamp, e.ReceivedAt, want, b.clock.T)
	}
}

func TestRevokedKeyStopsWorkingAfterTheCacheTTL(t *testing.T) {
	b := setup(t, options{ttl: 30 * time.Second})
	ctx := context.Background()
	track := request{path: "/v1/track", key: testKey, body: `{"userId":"u1","event":"x"}`}
	if got := b.do(t, track); got.status != 200 {
		t.Fatalf("got %d %s", got.status, got.body)
	}
	keys, err := b.store.ListWriteKeys(ctx)
	if err != nil || len(keys) != 1 {
		t.Fatalf("keys %v, %v", keys, err)
	}
	if err := b.store.RevokeWriteKey(ctx, keys[0].ID, b.clock.T); err != nil {
		t.Fatal(err)
	}
	if got := b.do(t, track); got.status != 200 {
		t.Errorf("within the TTL: got %d, want 200 from the cache", got.status)
	}
	b.clock.Advance(31 * time.Second)
	if got := b.do(t, track); got.status != 401 {
		t.Errorf("after the TTL: got %d %s, want 401", got.status, got.body)
	}
}

func TestNewKeyWorksSoonAfterAnUnknownLookup(t *testing.T) {
	b := setup(t, options{ttl: 30 * time.Second})
	track := request{path: "/v1/track", key: "wk_later", body: `{"userId":"u1","event":"x"}`}
	if got := b.do(t, track); got.status != 401 {
		t.Fatalf("got %d, want 401", got.status)
	}
	if err := b.store.CreateWriteKey(context.Background(), &rapport.WriteKey{Key: "wk_later", Source: "mini", CreatedAt: b.clock.T}); err != nil {
		t.Fatal(err)
	}
	b.clock.Advance(6 * time.Second)
	if got := b.do(t, track); got.status != 200 {
		t.Errorf("got %d %s, want 200 once the negative entry expired", got.status, got.body)
	}
}

func TestDuplicatesAcrossRequestsAreStoredOnce(t *testing.T) {
	b := setup(t, options{})
	body := `{"batch":[{"type":"track","messageId":"d1","userId":"u1","event":"x"},{"type":"track","messageId":"d2","userId":"u1","event":"y"},{"type":"track","messageId":"d1","userId":"u1","event":"x"}]}`
	for range 3 {
		if got := b.do(t, request{path: "/v1/batch", key: testKey, body: body}); got.status != 200 {
			t.Fatalf("got %d %s", got.status, got.body)
		}
	}
	if n := b.events(t); n != 2 {
		t.Errorf("%d events stored, want 2", n)
	}
	s := b.pipe.Stats()
	if s.Stored != 2 || s.Duplicates != 7 || s.Accepted != 9 {
		t.Errorf("stats %+v, want 2 stored, 7 duplicates, 9 accepted", s)
	}
}

func TestDuplicatesAcrossARestartAreStoredOnce(t *testing.T) {
	b := setup(t, options{})
	body := `{"batch":[{"type":"track","messageId":"r1","userId":"u1","event":"x"},{"type":"identify","messageId":"r2","userId":"u1"}]}`
	if got := b.do(t, request{path: "/v1/batch", key: testKey, body: body}); got.status != 200 {
		t.Fatalf("got %d %s", got.status, got.body)
	}
	ctx := context.Background()
	b.srv.Close()
	if err := b.pipe.Close(ctx); err != nil {
		t.Fatal(err)
	}
	if err := b.store.Close(); err != nil {
		t.Fatal(err)
	}
	reopened := openStore(t, b.dir)
	defer reopened.Close()
	pipe := NewPipeline(PipelineConfig{Store: reopened})
	defer pipe.Close(ctx)
	b.srv = newServer(t, pipe, reopened)
	if got := b.do(t, request{path: "/v1/batch", key: testKey, body: body}); got.status != 200 {
		t.Fatalf("after reopening: got %d %s", got.status, got.body)
	}
	c, err := reopened.Counts(ctx)
	if err != nil || c.Events != 2 {
		t.Errorf("%d events stored (%v), want 2", c.Events, err)
	}
	if s := pipe.Stats(); s.Duplicates != 2 || s.Stored != 0 {
		t.Errorf("stats %+v, want 2 duplicates", s)
	}
}

// newServer serves a pipeline over a store on loopback for the test's duration.
func newServer(t *testing.T, pipe *Pipeline, s rapport.Store) *httptest.Server {
	srv := httptest.NewServer(NewHandler(Config{Pipeline: pipe, Keys: s}))
	t.Cleanup(srv.Close)
	return srv
}

func TestBatchOfTheMaximumSizeIsAccepted(t *testing.T) {
	b := setup(t, options{})
	var body strings.Builder
	body.WriteString(`{"batch":[`)
	n := 0
	for body.Len() < DefaultMaxBatchBytes-20<<10 {
		if n > 0 {
			body.WriteByte(',')
		}
		fmt.Fprintf(&body, `{"type":"track","userId":"u%d","event":"Product Viewed","properties":{"note":"%s"}}`, n%50, strings.Repeat("z", 10<<10))
		n++
	}
	body.WriteString(`]}`)
	if got := b.do(t, request{path: "/v1/batch", key: testKey, body: body.String()}); got.status != 200 {
		t.Fatalf("%d-byte batch: got %d %s", body.Len(), got.status, got.body)
	}
	if got := b.events(t); got != n {
		t.Errorf("%d events stored, want %d", got, n)
	}
}

func TestNumbersReachTheStoreExactly(t *testing.T) {
	b := setup(t, options{})
	body := `{"userId":"n1","event":"Order Completed","properties":{"order_id":"o1","total":1234.56,"big":9007199254740993}}`
	statusOK(t, b.do(t, request{path: "/v1/track", key: testKey, body: body}))
	b.gate.mu.Lock()
	defer b.gate.mu.Unlock()
	props := b.gate.last[0].Properties
	if props["big"] != json.Number("9007199254740993") || props["total"] != json.Number("1234.56") {
		t.Errorf("properties handed to the store: %#v, want exact json.Numbers", props)
	}
}

// statusOK asserts a 200 answer.
func statusOK(t *testing.T, got response) {
	t.Helper()
	if got.status != http.StatusOK {
		t.Errorf("got %d %s, want 200", got.status, got.body)
	}
}
