package ingest

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/rapport-cx/rapport"
	"github.com/rapport-cx/rapport/internal/store"
)

// testKey is the write key every test bundle creates, for source "shop-app".
const testKey = "wk_test_0123456789"

// bundle is one test's running API: a real SQLite store behind a gate, the
// pipeline and an HTTP server on loopback.
type bundle struct {
	dir   string
	store rapport.Store
	gate  *gatedStore
	pipe  *Pipeline
	srv   *httptest.Server
	clock *rapport.FixedClock
}

// options adjust a bundle.
type options struct {
	pipeline PipelineConfig // Store is set by setup
	ttl      time.Duration  // key cache TTL
}

// openStore opens (and migrates) the SQLite store in dir.
func openStore(t testing.TB, dir string) rapport.Store {
	t.Helper()
	s, err := store.Open(context.Background(), filepath.Join(dir, "rapport.db"), true)
	if err != nil {
		t.Fatalf("open store: %v", err)
	}
	return s
}

// setup starts a bundle over a fresh store with the test write key.
func setup(t testing.TB, opt options) *bundle {
	t.Helper()
	b := &bundle{dir: t.TempDir(), clock: &rapport.FixedClock{T: time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)}}
	b.store = openStore(t, b.dir)
	ctx := context.Background()
	if err := b.store.CreateWriteKey(ctx, &rapport.WriteKey{Key: testKey, Source: "shop-app", CreatedAt: b.clock.T}); err != nil {
		t.Fatal(err)
	}
	b.gate = &gatedStore{Ingester: b.store}
	opt.pipeline.Store = b.gate
	b.pipe = NewPipeline(opt.pipeline)
	b.srv = httptest.NewServer(NewHandler(Config{Pipeline: b.pipe, Keys: b.store, Clock: b.clock, KeyCacheTTL: opt.ttl}))
	t.Cleanup(func() {
		b.srv.Close()
		b.pipe.Close(ctx)
		b.store.Close()
	})
	return b
}

// response is an answer from the API.
type response struct {
	status int
	header http.Header
	body   string
}

// request is a call to the API.
type request struct {
	path    string
	body    string
	key     string // basic-auth user; "" sends no Authorization header
	gzip    bool
	headers map[string]string
}

// do sends a request to the bundle's server.
func (b *bundle) do(t testing.TB, r request) response {
	t.Helper()
	var body io.Reader = bytes.NewBufferString(r.body)
	if r.gzip {
		var zb bytes.Buffer
		zw := gzip.NewWriter(&zb)
		zw.Write([]byte(r.body))
		zw.Close()
		body = &zb
	}
	req, err := http.NewRequest(http.MethodPost, b.srv.URL+r.path, body)
	if err != nil {
		t.Fatal(err)
	}
	if r.key != "" {
		req.SetBasicAuth(r.key, "")
	}
	if r.gzip {
		req.Header.Set("Content-Encoding", "gzip")
	}
	for k, v := range r.headers {
		req.Header.Set(k, v)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	return response{status: resp.StatusCode, header: resp.Header, body: string(data)}
}

// events counts the stored events.
func (b *bundle) events(t testing.TB) int {
	t.Helper()
	c, err := b.store.Counts(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return c.Events
}

// timeline returns every event of one customer.
func timeline(t testing.TB, s rapport.Store, customerID string) []rapport.Event {
	t.Helper()
	var all []rapport.Event
	for {
		page, err := s.Timeline(context.Background(), rapport.TimelineQuery{CustomerID: customerID, Offset: len(all), Limit: 500})
		if err != nil {
			t.Fatalf("timeline of %s: %v", customerID, err)
		}
		all = append(all, page...)
		if len(page) < 500 {
			return all
		}
	}
}

// gatedStore wraps a real store's Ingest: it can hold calls until opened,
// report when calls start, and fail calls containing a poisoned messageId.
type gatedStore struct {
	Ingester
	mu      sync.Mutex
	closed  chan struct{} // while non-nil and open, Ingest waits
	entered chan int      // if non-nil, receives each call's event count
	poison  string        // a messageId that makes Ingest fail
	last    []*rapport.Event
}

// hold makes Ingest calls wait until release.
func (g *gatedStore) hold() {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.closed = make(chan struct{})
	g.entered = make(chan int, 100)
}

// release lets held and future calls through.
func (g *gatedStore) release() {
	g.mu.Lock()
	defer g.mu.Unlock()
	close(g.closed)
	g.closed = nil
}

// Ingest implements Ingester.
func (g *gatedStore) Ingest(ctx context.Context, events []*rapport.Event) (rapport.IngestResult, error) {
	g.mu.Lock()
	wait, entered, poison := g.closed, g.entered, g.poison
	g.last = events
	g.mu.Unlock()
	if entered != nil {
		entered <- len(events)
	}
	if wait != nil {
		<-wait
	}
	for _, e := range events {
		if poison != "" && e.MessageID == poison {
			return rapport.IngestResult{}, rapport.Errorf(rapport.EINTERNAL, "poisoned event %s", poison)
		}
	}
	return g.Ingester.Ingest(ctx, events)
}

// decodeError reads an error answer.
func decodeError(t testing.TB, body string) errorDetail {
	t.Helper()
	var eb errorBody
	if err := json.Unmarshal([]byte(body), &eb); err != nil {
		t.Fatalf("error body %q: %v", body, err)
	}
	return eb.Error
}
