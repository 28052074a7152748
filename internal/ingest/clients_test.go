package ingest

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"

	analytics "github.com/segmentio/analytics-go/v3"

	"github.com/rapport-cx/rapport"
)

// clientEvents is how many events each real client sends.
const clientEvents = 1000

// clientUsers is how many users the client events are spread over.
const clientUsers = 10

// failureCounter counts the messages a Segment client gave up on.
type failureCounter struct{ ok, failed atomic.Int64 }

// Success implements analytics.Callback.
func (c *failureCounter) Success(analytics.Message) { c.ok.Add(1) }

// Failure implements analytics.Callback.
func (c *failureCounter) Failure(analytics.Message, error) { c.failed.Add(1) }

// sendWithAnalyticsGo sends the client events through the Segment Go library.
func sendWithAnalyticsGo(t *testing.T, url string) *failureCounter {
	t.Helper()
	counter := &failureCounter{}
	client, err := analytics.NewWithConfig(testKey, analytics.Config{
		Endpoint: url, BatchSize: 100, Interval: 20 * time.Millisecond, Callback: counter,
		Logger: testLogger{t},
	})
	if err != nil {
		t.Fatal(err)
	}
	for i := range clientEvents {
		err := client.Enqueue(analytics.Track{
			MessageId:  fmt.Sprintf("go-%d", i),
			UserId:     fmt.Sprintf("go-user-%d", i%clientUsers),
			Event:      rapport.EventProductViewed,
			Properties: analytics.NewProperties().Set("i", i).SetCategory("shoes").SetPrice(199.5),
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	if err := client.Close(); err != nil {
		t.Fatal(err)
	}
	return counter
}

// testLogger sends a client library's log lines to the test log.
type testLogger struct{ t *testing.T }

// Logf implements analytics.Logger.
func (l testLogger) Logf(format string, args ...any) { l.t.Logf(format, args...) }

// Errorf implements analytics.Logger.
func (l testLogger) Errorf(format string, args ...any) { l.t.Logf("error: "+format, args...) }

func TestAnalyticsGoClient(t *testing.T) {
	b := setup(t, options{})
	counter := sendWithAnalyticsGo(t, b.srv.URL)
	if counter.failed.Load() != 0 || counter.ok.Load() != clientEvents {
		t.Fatalf("client reports %d sent, %d failed", counter.ok.Load(), counter.failed.Load())
	}
	checkStoredOnce(t, b.store, "go-user-", func(e rapport.Event) string { return e.MessageID }, func(i int) string { return fmt.Sprintf("go-%d", i) })
	if n := b.events(t); n != clientEvents {
		t.Errorf("%d events stored, want %d", n, clientEvents)
	}

	again := sendWithAnalyticsGo(t, b.srv.URL)
	if again.failed.Load() != 0 {
		t.Fatalf("resending: %d failed", again.failed.Load())
	}
	if n := b.events(t); n != clientEvents {
		t.Errorf("after resending the same messages %d events are stored, want %d", n, clientEvents)
	}
	if s := b.pipe.Stats(); s.Duplicates != clientEvents {
		t.Errorf("stats %+v, want %d duplicates", s, clientEvents)
	}
}

func TestAnalyticsNodeClient(t *testing.T) {
	dir := nodeClient(t)
	b := setup(t, options{})
	run := "node" + randomID()[:6]
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, "node", "send.mjs", b.srv.URL, testKey, fmt.Sprint(clientEvents), run)
	cmd.Dir = dir
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("node send.mjs: %v\n%s", err, out)
	}
	checkStoredOnce(t, b.store, run+"-user-", func(e rapport.Event) string { return fmt.Sprint(e.Properties["i"]) }, func(i int) string { return fmt.Sprint(i) })
	if n := b.events(t); n != clientEvents {
		t.Errorf("%d events stored, want %d", n, clientEvents)
	}
}

// nodeClient installs the Node client fixture into a temporary folder. It
// fails when node, npm or the package is unavailable under CI (CI=true)
// and skips with the reason otherwise.
func nodeClient(t *testing.T) string {
	t.Helper()
	unavailable := t.Skipf
	if os.Getenv("CI") == "true" {
		unavailable = t.Fatalf
	}
	for _, tool := range []string{"node", "npm"} {
		if _, err := exec.LookPath(tool); err != nil {
			unavailable("the @segment/analytics-node client test needs %s: %v", tool, err)
		}
	}
	dir := t.TempDir()
	for _, name := range []string{"package.json", "package-lock.json", "send.mjs"} {
		data, err := os.ReadFile(filepath.Join("testdata", "node-client", name))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, "npm", "install", "--no-audit", "--no-fund")
	cmd.Dir = dir
	if out, err := cmd.CombinedOutput(); err != nil {
		unavailable("the @segment/analytics-node client test needs the npm package: npm install failed: %v\n%s", err, out)
	}
	return dir
}

// checkStoredOnce asserts that the timelines of the client users hold each
// of the clientEvents keys exactly once.
func checkStoredOnce(t *testing.T, s rapport.Store, userPrefix string, key func(rapport.Event) string, want func(int) string) {
	t.Helper()
	seen := map[string]int{}
	for u := range clientUsers {
		for _, e := range timeline(t, s, fmt.Sprintf("%s%d", userPrefix, u)) {
			seen[key(e)]++
		}
	}
	for i := range clientEvents {
		if n := seen[want(i)]; n != 1 {
			t.Errorf("event %s stored %d times, want once", want(i), n)
		}
	}
	if len(seen) != clientEvents {
		t.Errorf("%d distinct events stored, want %d", len(seen), clientEvents)
	}
}
