package ingest

import (
	"bytes"
	"context"
	"testing"
	"time"
)

func BenchmarkParseBatch(b *testing.B) {
	var body bytes.Buffer
	appendLoadBatch(&body, loadDefaults(LoadConfig{RunID: "bench"}), 0, 500, time.Now())
	b.SetBytes(int64(body.Len()))
	b.ReportAllocs()
	for b.Loop() {
		req, err := DecodeBatch(body.Bytes())
		if err != nil {
			b.Fatal(err)
		}
		if _, err := req.Events(received, "bench", DefaultMaxEventBytes); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N*500)/b.Elapsed().Seconds(), "events/s")
}

// BenchmarkBatchHTTP sends b.N batches of 100 generated events, 16 requests
// at a time, over loopback into a SQLite store; every answer means the
// events were committed.
func BenchmarkBatchHTTP(b *testing.B) {
	bd := setup(b, options{})
	b.ResetTimer()
	res, err := RunLoad(context.Background(), LoadConfig{BaseURL: bd.srv.URL, WriteKey: testKey, Events: b.N * 100, BatchSize: 100, Concurrency: 16})
	b.StopTimer()
	if err != nil {
		b.Fatal(err)
	}
	if res.Failed > 0 {
		b.Fatalf("%d events failed", res.Failed)
	}
	s := bd.pipe.Stats()
	b.ReportMetric(res.EventsPerSecond, "events/s")
	b.ReportMetric(float64(res.P99.Microseconds())/1000, "p99-ms")
	b.ReportMetric(float64(s.Accepted)/float64(max(1, s.Commits)), "events/commit")
	b.ReportMetric(s.CommitSeconds/res.Elapsed.Seconds()*100, "%store-busy")
}

func TestRunLoad(t *testing.T) {
	b := setup(t, options{})
	res, err := RunLoad(context.Background(), LoadConfig{BaseURL: b.srv.URL, WriteKey: testKey, Events: 2_050, BatchSize: 100, Concurrency: 4, Rate: 20_000})
	if err != nil {
		t.Fatal(err)
	}
	if res.Events != 2_050 || res.Requests != 21 || res.Failed != 0 {
		t.Errorf("result %v", res)
	}
	if res.Elapsed < 90*time.Millisecond {
		t.Errorf("2,050 events at 20,000/s took %v, want about 100 ms", res.Elapsed)
	}
	if res.P50 <= 0 || res.P50 > res.P95 || res.P95 > res.P99 || res.P99 > res.Max {
		t.Errorf("percentiles out of order: %v", res)
	}
	if n := b.events(t); n != 2_050 {
		t.Errorf("%d events stored, want 2,050", n)
	}
	if _, err := RunLoad(context.Background(), LoadConfig{BaseURL: b.srv.URL, WriteKey: "wk_nope", Events: 10}); err == nil {
		t.Error("a bad write key did not fail the run")
	}
}
