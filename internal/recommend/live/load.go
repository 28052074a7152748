package live

import (
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"os"
	"slices"
	"strings"
	"sync"
	"syscall"
	"time"
)

// LoadConfig drives personalised home recommendations over HTTP at a fixed
// rate (open loop: requests leave on schedule whether or not earlier ones
// have answered, and latency counts from the scheduled time, so a slow
// server cannot hide its queue).
type LoadConfig struct {
	URL       string  // server base URL
	Token     string  // API token with the read scope
	Rate      float64 // requests per second
	Duration  time.Duration
	Warmup    time.Duration // at the same rate, not measured
	Customers int           // customers u000000 … of the synthetic model
	N         int           // items per page
	// ServerCPU, if set, reads the server process's CPU time.
	ServerCPU func() time.Duration
}

// LoadResult is what a load run measured.
type LoadResult struct {
	Rate, Achieved     float64 // requested and completed requests per second
	Sent, OK, Failed   int
	Duration           time.Duration
	P50, P95, P99, Max time.Duration
	ServerCPU          time.Duration // server CPU during the measured run
	ClientCPU          time.Duration // this process's CPU during the measured run
	LoadBefore         string        // load average before and after the run
	LoadAfter          string
	Errors             map[string]int // failures by HTTP status or error
}

func (r *LoadResult) String() string {
	secs := r.Duration.Seconds()
	var b strings.Builder
	fmt.Fprintf(&b, "rate %.0f/s for %s: sent %d, ok %d, failed %d; achieved %.1f/s\n", r.Rate, r.Duration, r.Sent, r.OK, r.Failed, r.Achieved)
	fmt.Fprintf(&b, "latency p50 %s, p95 %s, p99 %s, max %s\n", ms(r.P50), ms(r.P95), ms(r.P99), ms(r.Max))
	for _, e := range sortedKeys(r.Errors) {
		fmt.Fprintf(&b, "failed: %d × %s\n", r.Errors[e], e)
	}
	if r.OK > 0 {
		fmt.Fprintf(&b, "server CPU %.1f s (%.2f cores, %.2f CPU-ms per request); load generator CPU %.1f s\n",
			r.ServerCPU.Seconds(), r.ServerCPU.Seconds()/secs, float64(r.ServerCPU.Microseconds())/1e3/float64(r.OK), r.ClientCPU.Seconds())
	}
	fmt.Fprintf(&b, "load average before %s, after %s", r.LoadBefore, r.LoadAfter)
	return b.String()
}

func ms(d time.Duration) string { return fmt.Sprintf("%.2f ms", float64(d.Microseconds())/1e3) }

// RunLoad warms up, then measures one run.
func RunLoad(ctx context.Context, cfg LoadConfig) (*LoadResult, error) {
	if cfg.N <= 0 {
		cfg.N = 20
	}
	client := &http.Client{Timeout: 30 * time.Second, Transport: &http.Transport{
		MaxIdleConns: 4096, MaxIdleConnsPerHost: 4096, IdleConnTimeout: time.Minute}}
	if cfg.Warmup > 0 {
		if _, _, err := runAtRate(ctx, client, cfg, cfg.Warmup, 1); err != nil {
			return nil, err
		}
	}
	res := &LoadResult{Rate: cfg.Rate, Duration: cfg.Duration, LoadBefore: loadAverage()}
	server0, client0 := serverCPU(cfg), processCPU()
	lat, errs, err := runAtRate(ctx, client, cfg, cfg.Duration, 2)
	if err != nil {
		return nil, err
	}
	res.Errors = errs
	res.ServerCPU, res.ClientCPU = serverCPU(cfg)-server0, processCPU()-client0
	res.LoadAfter = loadAverage()
	res.Sent = len(lat)
	ok := make([]time.Duration, 0, len(lat))
	for _, d := range lat {
		if d >= 0 {
			ok = append(ok, d)
		}
	}
	slices.Sort(ok)
	res.OK, res.Failed = len(ok), len(lat)-len(ok)
	res.Achieved = float64(res.OK) / cfg.Duration.Seconds()
	if len(ok) > 0 {
		res.P50, res.P95, res.P99, res.Max = rank(ok, 0.50), rank(ok, 0.95), rank(ok, 0.99), ok[len(ok)-1]
	}
	return res, nil
}

// runAtRate sends requests on schedule for d and returns each one's
// latency from its scheduled time (-1 for a failure) and the failures by
// cause.
func runAtRate(ctx context.Context, client *http.Client, cfg LoadConfig, d time.Duration, seed uint64) ([]time.Duration, map[string]int, error) {
	n := int(cfg.Rate * d.Seconds())
	lat := make([]time.Duration, n)
	errs := map[string]int{}
	var mu sync.Mutex
	rng := rand.New(rand.NewPCG(seed, 7))
	start := time.Now()
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		at := start.Add(time.Duration(float64(i) / cfg.Rate * float64(time.Second)))
		if wait := time.Until(at); wait > 0 {
			select {
			case <-ctx.Done():
				wg.Wait()
				return nil, nil, ctx.Err()
			case <-time.After(wait):
			}
		}
		url := fmt.Sprintf("%s/api/v1/recommendations?customer=u%06d&scene=home&n=%d", cfg.URL, rng.IntN(max(1, cfg.Customers)), cfg.N)
		wg.Add(1)
		go func() {
			defer wg.Done()
			var cause string
			lat[i], cause = fetch(ctx, client, url, cfg.Token, at)
			if cause != "" {
				mu.Lock()
				errs[cause]++
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	return lat, errs, nil
}

// fetch returns the latency of one request from its scheduled time, or -1
// and the cause of its failure.
func fetch(ctx context.Context, client *http.Client, url, token string, at time.Time) (time.Duration, string) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return -1, err.Error()
	}
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := client.Do(req)
	if err != nil {
		return -1, errorKind(err)
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return -1, "HTTP " + resp.Status
	}
	return time.Since(at), ""
}

// errorKind shortens a client error to its last part (no addresses).
func errorKind(err error) string {
	msg := err.Error()
	if i := strings.LastIndex(msg, ": "); i >= 0 {
		return msg[i+2:]
	}
	return msg
}

// rank reads a percentile of sorted durations (nearest rank).
func rank(sorted []time.Duration, p float64) time.Duration {
	i := int(p*float64(len(sorted))+0.5) - 1
	return sorted[min(max(i, 0), len(sorted)-1)]
}

func serverCPU(cfg LoadConfig) time.Duration {
	if cfg.ServerCPU == nil {
		return 0
	}
	return cfg.ServerCPU()
}

func processCPU() time.Duration {
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func loadAverage() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "unknown"
	}
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return "unknown"
	}
	return strings.Join(f[:3], " ")
}
