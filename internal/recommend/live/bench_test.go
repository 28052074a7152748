package live

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"syscall"
	"testing"
)

// BenchmarkRecommendHome100k scores home recommendations for random
// customers against 100,000 items with 64-dimension iALS factors.
func BenchmarkRecommendHome100k(b *testing.B) {
	if n, err := strconv.Atoi(os.Getenv("RAPPORT_BENCH_INTERACTIONS")); err == nil {
		benchInteractions = n
	}
	svc, stats, err := Synthetic(context.Background(), Config{Factors: 64}, 50_000, 100_000, benchInteractions, 1)
	if err != nil {
		b.Fatal(err)
	}
	b.Logf("%d users × %d items, %d interactions; iALS fit %s", stats.Users, stats.Items, stats.Interactions, stats.FitIALS)
	b.ResetTimer()
	var ru0 syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru0)
	n := 0
	for i := 0; b.Loop(); i++ {
		n++
		if _, err := svc.Recommend(context.Background(), Request{CustomerID: fmt.Sprintf("u%06d", i%50_000), N: 20}); err != nil {
			b.Fatal(err)
		}
	}
	var ru1 syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru1)
	cpu := (ru1.Utime.Nano() + ru1.Stime.Nano()) - (ru0.Utime.Nano() + ru0.Stime.Nano())
	b.ReportMetric(float64(cpu)/1e6/float64(n), "cpu-ms/op")
}

// benchInteractions is the synthetic data size of the serving benchmark.
var benchInteractions = 1_000_000
