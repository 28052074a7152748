package insight_test

import (
	"context"
	"path/filepath"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/rapport-cx/rapport"
	"github.com/rapport-cx/rapport/internal/demo"
	"github.com/rapport-cx/rapport/internal/insight"
	"github.com/rapport-cx/rapport/internal/predict"
	"github.com/rapport-cx/rapport/internal/store"
)

// benchShop is the demo shop at its default size (6,000 customers, 1,500
// visitors) with a model run, built once per benchmark process.
var benchShop = sync.OnceValues(func() (rapport.Store, error) {
	dir, err := tempDir()
	if err != nil {
		return nil, err
	}
	st, err := store.Open(context.Background(), filepath.Join(dir, "bench.db"), true)
	if err != nil {
		return nil, err
	}
	if _, err := demo.LoadOptions(context.Background(), st, 11, asOf, demo.Options{}, nil); err != nil {
		return st, err
	}
	_, err = predict.Refresh(context.Background(), st, &rapport.FixedClock{T: asOf}, asOf, predict.Options{Clusters: 4})
	return st, err
})

// pages computes what the satisfaction, voice-of-customer and pain-point
// pages show.
func pages(f *insight.Facts, a insight.Analyzer) {
	insight.Score(f.Feedback)
	for _, dim := range insight.Dimensions {
		insight.Breakdown(f.Feedback, dim)
	}
	insight.Trend(f.Feedback, insight.KindNPS, "month")
	_, _ = insight.Drivers(f.Feedback, insight.KindNPS)
	insight.VoiceOf(f, a)
	insight.PainPoints(f, a)
}

func benchPages(b *testing.B, cached bool) {
	st, err := benchShop()
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	a := insight.NewTextAnalyzer()
	l := insight.NewLoader(st)
	load := func() *insight.Facts {
		if !cached {
			l = insight.NewLoader(st) // a new loader remembers nothing: every request loads and reads again
		}
		f, err := l.Load(ctx, asOf, 365)
		if err != nil {
			b.Fatal(err)
		}
		return f
	}
	f := load()
	pages(f, a)
	start := cpuTime()
	for b.Loop() {
		pages(load(), a)
	}
	// CPU time of the process per request: the machine may be shared, so
	// wall time (ns/op) can be several times higher than the work.
	b.ReportMetric(float64((cpuTime()-start).Milliseconds())/float64(b.N), "cpu-ms/op")
	b.ReportMetric(float64(len(f.Feedback)), "feedback")
}

// cpuTime is the user and system CPU time the process has used.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkPagesUncached loads twelve months of feedback and reads every
// text on each request, as the pages did before the loader.
func BenchmarkPagesUncached(b *testing.B) { benchPages(b, false) }

// BenchmarkPagesCached serves the pages from the loader while the data is
// unchanged: one version check, then the analyses over cached facts.
func BenchmarkPagesCached(b *testing.B) { benchPages(b, true) }
