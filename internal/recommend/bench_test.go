package recommend

import (
	"context"
	"math/rand"
	"syscall"
	"testing"
	"time"
)

// cpuTime is the process's user + system CPU time.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkIALSFit1M fits iALS (64 factors, 10 iterations, 3 CG steps) on
// 1,000,000 synthetic purchases of 50,000 users over 100,000 items with
// Zipf popularity, reporting wall and CPU seconds per fit.
func BenchmarkIALSFit1M(b *testing.B) {
	rng := rand.New(rand.NewSource(1))
	zipf := rand.NewZipf(rng, 1.1, 10, 99_999)
	ts := make([]Triple, 1_000_000)
	for i := range ts {
		ts[i] = Triple{User: int32(rng.Intn(50_000)), Item: int32(zipf.Uint64()), Value: 5}
	}
	x := NewMatrix(50_000, 100_000, ts)
	b.Logf("%d users × %d items, %d distinct interactions", x.Users, x.Items, x.NNZ())
	b.ResetTimer()
	cpu := cpuTime()
	for b.Loop() {
		m := &IALS{Factors: 64, Lambda: 30, Alpha: 3, Iterations: 10, CGSteps: 3, Seed: 1}
		if err := m.Fit(context.Background(), x); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric((cpuTime()-cpu).Seconds()/float64(b.N), "cpu-s/op")
}
