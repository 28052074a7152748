package ingest

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strconv"
	"sync"
	"time"
)

// LoadConfig describes a load test of a running /v1 API: Events events sent
// as /v1/batch requests of BatchSize, Concurrency at a time, at Rate events
// per second if set.
type LoadConfig struct {
	BaseURL     string       // e.g. http://127.0.0.1:8080
	WriteKey    string       // a valid write key
	Events      int          // events to send in all
	BatchSize   int          // events per request; default 100
	Concurrency int          // requests in flight; default 8
	Rate        float64      // target events per second; 0 sends as fast as possible
	Customers   int          // distinct user ids; default 10,000
	RunID       string       // prefix of message and user ids; default random
	Client      *http.Client // default: a client with Concurrency idle connections per host
}

// LoadResult is what a load test measured. Latencies are per HTTP request,
// from sending it to reading its answer; a request that waited in the
// client's schedule is not charged for the wait.
type LoadResult struct {
	Events          int           // events acknowledged with 200
	Failed          int           // events given up on after retries
	Requests        int           // HTTP requests made, retries included
	Retries         int           // requests answered 429 or 503 and sent again
	Elapsed         time.Duration // from the first request to the last answer
	EventsPerSecond float64       // Events / Elapsed
	P50, P95, P99   time.Duration // request latency percentiles
	Max             time.Duration
}

// String summarises the result on one line.
func (r *LoadResult) String() string {
	return fmt.Sprintf("%d events in %v: %.0f events/s; %d requests (%d retried, %d events failed); latency p50 %v p95 %v p99 %v max %v",
		r.Events, r.Elapsed.Round(time.Millisecond), r.EventsPerSecond, r.Requests, r.Retries, r.Failed,
		r.P50.Round(time.Microsecond), r.P95.Round(time.Microsecond), r.P99.Round(time.Microsecond), r.Max.Round(time.Microsecond))
}

// loadRun is the shared state of one load test.
type loadRun struct {
	cfg       LoadConfig
	url       string
	mu        sync.Mutex
	latencies []time.Duration
	res       LoadResult
	err       error
}

// RunLoad drives a load test and reports throughput and latency. It stops
// early with an error on an answer other than 200, 429 or 503, or when ctx ends.
func RunLoad(ctx context.Context, cfg LoadConfig) (*LoadResult, error) {
	cfg = loadDefaults(cfg)
	run := &loadRun{cfg: cfg, url: cfg.BaseURL + "/v1/batch"}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	batches := make(chan int)
	var wg sync.WaitGroup
	start := time.Now()
	for range cfg.Concurrency {
		wg.Go(func() { run.worker(ctx, cancel, batches) })
	}
	schedule(ctx, cfg, start, batches)
	wg.Wait()
	return run.result(time.Since(start), ctx)
}

// loadDefaults fills in the defaults.
func loadDefaults(cfg LoadConfig) LoadConfig {
	if cfg.BatchSize <= 0 {
		cfg.BatchSize = 100
	}
	if cfg.Concurrency <= 0 {
		cfg.Concurrency = 8
	}
	if cfg.Customers <= 0 {
		cfg.Customers = 10_000
	}
	if cfg.RunID == "" {
		cfg.RunID = randomID()[:8]
	}
	if cfg.Client == nil {
		tr := http.DefaultTransport.(*http.Transport).Clone()
		tr.MaxIdleConnsPerHost = cfg.Concurrency
		cfg.Client = &http.Client{Transport: tr, Timeout: time.Minute}
	}
	return cfg
}

// schedule hands out batch numbers, paced to the target rate, then closes.
func schedule(ctx context.Context, cfg LoadConfig, start time.Time, batches chan<- int) {
	defer close(batches)
	n := (cfg.Events + cfg.BatchSize - 1) / cfg.BatchSize
	for i := range n {
		if cfg.Rate > 0 {
			due := start.Add(time.Duration(float64(i*cfg.BatchSize) / cfg.Rate * float64(time.Second)))
			if wait := time.Until(due); wait > 0 {
				time.Sleep(wait)
			}
		}
		select {
		case batches <- i:
		case <-ctx.Done():
			return
		}
	}
}

// worker sends the batches it is handed.
func (run *loadRun) worker(ctx context.Context, cancel context.CancelFunc, batches <-chan int) {
	var body bytes.Buffer
	for i := range batches {
		first := i * run.cfg.BatchSize
		n := min(run.cfg.BatchSize, run.cfg.Events-first)
		body.Reset()
		appendLoadBatch(&body, run.cfg, first, n, time.Now())
		if err := run.send(ctx, body.Bytes(), n); err != nil {
			run.fail(err)
			cancel()
			return
		}
	}
}

// send posts one batch, retrying on 429 and 503 as clients do.
func (run *loadRun) send(ctx context.Context, body []byte, n int) error {
	for attempt := 0; ; attempt++ {
		status, retryAfter, err := run.post(ctx, body)
		switch {
		case err != nil:
			return err
		case status == http.StatusOK:
			run.count(func(r *LoadResult) { r.Events += n })
			return nil
		case (status == http.StatusTooManyRequests || status == http.StatusServiceUnavailable) && attempt < 10:
			run.count(func(r *LoadResult) { r.Retries++ })
			time.Sleep(retryAfter)
		case status == http.StatusTooManyRequests || status == http.StatusServiceUnavailable:
			run.count(func(r *LoadResult) { r.Failed += n })
			return nil
		default:
			return fmt.Errorf("ingest load: POST %s answered %d", run.url, status)
		}
	}
}

// post makes one request and records its latency.
func (run *loadRun) post(ctx context.Context, body []byte) (int, time.Duration, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, run.url, bytes.NewReader(body))
	if err != nil {
		return 0, 0, err
	}
	req.SetBasicAuth(run.cfg.WriteKey, "")
	req.Header.Set("Content-Type", "application/json")
	start := time.Now()
	resp, err := run.cfg.Client.Do(req)
	if err != nil {
		return 0, 0, err
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	d := time.Since(start)
	run.mu.Lock()
	run.latencies = append(run.latencies, d)
	run.res.Requests++
	run.mu.Unlock()
	return resp.StatusCode, retryAfterOf(resp), nil
}

// retryAfterOf reads Retry-After in seconds, capped, with a small default.
func retryAfterOf(resp *http.Response) time.Duration {
	s, err := strconv.Atoi(resp.Header.Get("Retry-After"))
	if err != nil || s <= 0 {
		return 100 * time.Millisecond
	}
	return time.Duration(min(s, 10)) * time.Second
}

// count updates the result under the lock.
func (run *loadRun) count(f func(*LoadResult)) {
	run.mu.Lock()
	defer run.mu.Unlock()
	f(&run.res)
}

// fail remembers the first error.
func (run *loadRun) fail(err error) {
	run.mu.Lock()
	defer run.mu.Unlock()
	if run.err == nil {
		run.err = err
	}
}

// result computes the figures.
func (run *loadRun) result(elapsed time.Duration, ctx context.Context) (*LoadResult, error) {
	run.mu.Lock()
	defer run.mu.Unlock()
	r := run.res
	r.Elapsed = elapsed
	r.EventsPerSecond = float64(r.Events) / elapsed.Seconds()
	slices.Sort(run.latencies)
	r.P50, r.P95, r.P99 = percentile(run.latencies, 0.50), percentile(run.latencies, 0.95), percentile(run.latencies, 0.99)
	if len(run.latencies) > 0 {
		r.Max = run.latencies[len(run.latencies)-1]
	}
	if run.err == nil && ctx.Err() != nil && r.Events+r.Failed < run.cfg.Events {
		run.err = ctx.Err()
	}
	return &r, run.err
}

// percentile reads a percentile of sorted durations (nearest rank).
func percentile(sorted []time.Duration, p float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	i := int(p*float64(len(sorted))+0.5) - 1
	return sorted[max(0, min(i, len(sorted)-1))]
}
