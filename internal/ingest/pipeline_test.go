package ingest

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"
)

// batchBody is a /v1/batch body of n track events with message ids prefix-0 …
func batchBody(prefix string, n int) string {
	var b strings.Builder
	b.WriteString(`{"batch":[`)
	for i := range n {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `{"type":"track","messageId":"%s-%d","userId":"%s-u%d","event":"Product Viewed"}`, prefix, i, prefix, i%3)
	}
	b.WriteString(`]}`)
	return b.String()
}

// sendAsync sends requests concurrently; answers arrive on the channel.
func (b *bundle) sendAsync(t *testing.T, reqs ...request) <-chan response {
	out := make(chan response, len(reqs))
	for _, r := range reqs {
		go func() { out <- b.do(t, r) }()
	}
	return out
}

// waitCalls waits for the gated store to report n Ingest calls.
func (b *bundle) waitCalls(t *testing.T, n int) {
	t.Helper()
	for range n {
		select {
		case <-b.gate.entered:
		case <-time.After(5 * time.Second):
			t.Fatal("store.Ingest was not called")
		}
	}
}

// waitQueued waits until the pipeline holds n events.
func (b *bundle) waitQueued(t *testing.T, n int64) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for b.pipe.Stats().QueueEvents != n {
		if time.Now().After(deadline) {
			t.Fatalf("queue holds %d events, want %d", b.pipe.Stats().QueueEvents, n)
		}
		time.Sleep(time.Millisecond)
	}
}

func TestFullQueueAnswers429WithRetryAfter(t *testing.T) {
	b := setup(t, options{pipeline: PipelineConfig{MaxQueue: 10}})
	b.gate.hold()
	first := b.sendAsync(t, request{path: "/v1/batch", key: testKey, body: batchBody("q1", 6)})
	b.waitCalls(t, 1)
	second := b.sendAsync(t, request{path: "/v1/batch", key: testKey, body: batchBody("q2", 4)})
	b.waitQueued(t, 10)

	got := b.do(t, request{path: "/v1/track", key: testKey, body: `{"userId":"u1","event":"x"}`})
	if got.status != 429 || got.header.Get("Retry-After") != "1" {
		t.Errorf("got %d Retry-After %q, want 429 and 1", got.status, got.header.Get("Retry-After"))
	}
	if e := decodeError(t, got.body); e.Code != "overloaded" || e.Message == "" {
		t.Errorf("error body %+v", e)
	}
	b.gate.release()
	statusOK(t, <-first)
	statusOK(t, <-second)
	if n := b.events(t); n != 10 {
		t.Errorf("%d events stored, want 10", n)
	}
	if s := b.pipe.Stats(); s.Rejected[RejectOverloaded] != 1 || s.QueueEvents != 0 {
		t.Errorf("stats %+v", s)
	}
	statusOK(t, b.do(t, request{path: "/v1/track", key: testKey, body: `{"userId":"u1","event":"x"}`}))
}

func TestConcurrentRequestsShareOneCommit(t *testing.T) {
	b := setup(t, options{})
	b.gate.hold()
	first := b.sendAsync(t, request{path: "/v1/batch", key: testKey, body: batchBody("g0", 5)})
	b.waitCalls(t, 1)
	var reqs []request
	for i := range 8 {
		reqs = append(reqs, request{path: "/v1/batch", key: testKey, body: batchBody(fmt.Sprintf("g%d", i+1), 5)})
	}
	rest := b.sendAsync(t, reqs...)
	b.waitQueued(t, 45)
	b.gate.release()
	statusOK(t, <-first)
	for range reqs {
		statusOK(t, <-rest)
	}
	if s := b.pipe.Stats(); s.Commits != 2 || s.Stored != 45 {
		t.Errorf("stats %+v, want 45 events in 2 commits", s)
	}
}

func TestFailedGroupIsRetriedRequestByRequest(t *testing.T) {
	b := setup(t, options{})
	b.gate.poison = "bad-1"
	b.gate.hold()
	first := b.sendAsync(t, request{path: "/v1/batch", key: testKey, body: batchBody("ok0", 2)})
	b.waitCalls(t, 1)
	good := b.sendAsync(t,
		request{path: "/v1/batch", key: testKey, body: batchBody("ok1", 3)},
		request{path: "/v1/batch", key: testKey, body: batchBody("ok2", 3)})
	bad := b.sendAsync(t, request{path: "/v1/batch", key: testKey, body: batchBody("bad", 3)})
	b.waitQueued(t, 11)
	b.gate.release()
	statusOK(t, <-first)
	statusOK(t, <-good)
	statusOK(t, <-good)
	got := <-bad
	if got.status != 500 || decodeError(t, got.body).Code != "internal" {
		t.Errorf("poisoned request: got %d %s, want 500 internal", got.status, got.body)
	}
	if n := b.events(t); n != 8 {
		t.Errorf("%d events stored, want 8 (none of the poisoned request)", n)
	}
	if s := b.pipe.Stats(); s.Failed != 3 || s.Rejected[RejectStoreError] != 1 {
		t.Errorf("stats %+v, want 3 failed events and 1 store_error", s)
	}
}

func TestCloseDrainsAcceptedEventsAndRefusesNewOnes(t *testing.T) {
	b := setup(t, options{})
	b.gate.hold()
	first := b.sendAsync(t, request{path: "/v1/batch", key: testKey, body: batchBody("s0", 10)})
	b.waitCalls(t, 1)
	var reqs []request
	for i := range 5 {
		reqs = append(reqs, request{path: "/v1/batch", key: testKey, body: batchBody(fmt.Sprintf("s%d", i+1), 10)})
	}
	rest := b.sendAsync(t, reqs...)
	b.waitQueued(t, 60)

	closed := make(chan error, 1)
	go func() { closed <- b.pipe.Close(context.Background()) }()
	deadline := time.Now().Add(5 * time.Second)
	for {
		got := b.do(t, request{path: "/v1/track", key: testKey, body: `{"userId":"u1","event":"x"}`})
		if got.status == 503 {
			if got.header.Get("Retry-After") == "" || decodeError(t, got.body).Code != "unavailable" {
				t.Errorf("503 answer %v %s", got.header, got.body)
			}
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("still accepting after Close: %d", got.status)
		}
	}
	select {
	case err := <-closed:
		t.Fatalf("Close returned (%v) before the accepted events were stored", err)
	case <-time.After(20 * time.Millisecond):
	}
	b.gate.release()
	if err := <-closed; err != nil {
		t.Fatal(err)
	}
	statusOK(t, <-first)
	for range reqs {
		statusOK(t, <-rest)
	}
	if n := b.events(t); n != 60 {
		t.Errorf("%d events stored, want all 60 accepted", n)
	}
}

func TestCloseGivesUpWaitingAtTheDeadline(t *testing.T) {
	b := setup(t, options{})
	b.gate.hold()
	first := b.sendAsync(t, request{path: "/v1/batch", key: testKey, body: batchBody("d", 2)})
	b.waitCalls(t, 1)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Millisecond)
	defer cancel()
	if err := b.pipe.Close(ctx); err != context.DeadlineExceeded {
		t.Errorf("Close = %v, want the deadline", err)
	}
	b.gate.release()
	statusOK(t, <-first)
}

func TestOnCommitHook(t *testing.T) {
	var mu sync.Mutex
	var events int
	b := setup(t, options{pipeline: PipelineConfig{OnCommit: func(n int, d time.Duration) {
		mu.Lock()
		defer mu.Unlock()
		if d <= 0 {
			t.Errorf("commit took %v", d)
		}
		events += n
	}}})
	statusOK(t, b.do(t, request{path: "/v1/batch", key: testKey, body: batchBody("h", 7)}))
	mu.Lock()
	defer mu.Unlock()
	if events != 7 {
		t.Errorf("OnCommit saw %d events, want 7", events)
	}
}
