package recommend

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/viterin/vek/vek32"
)

// BenchmarkScan100k measures the exact scan of serving: 100,000 items × 64
// float32 factors (25.6 MB) against one user vector, and against batches of
// user vectors in one pass (a 64 × b matrix), reporting the factor bytes
// read per second and the cost per user.
func BenchmarkScan100k(b *testing.B) {
	const items, k = 100_000, 64
	rng := rand.New(rand.NewPCG(1, 2))
	y := make([]float32, items*k)
	for i := range y {
		y[i] = rng.Float32() - 0.5
	}
	for _, batch := range []int{1, 4, 16} {
		b.Run(fmt.Sprintf("users=%d", batch), func(b *testing.B) {
			x := make([]float32, k*batch)
			for i := range x {
				x[i] = rng.Float32() - 0.5
			}
			dst := make([]float32, items*batch)
			cpu := cpuTime()
			for b.Loop() {
				vek32.MatMul_Into(dst, y, x, k)
			}
			b.ReportMetric(float64((cpuTime()-cpu).Microseconds())/1e3/float64(b.N), "cpu-ms/op")
			perScan := b.Elapsed().Seconds() / float64(b.N)
			b.ReportMetric(float64(len(y)*4)/perScan/1e9, "GB/s")
			b.ReportMetric(perScan*1e3/float64(batch), "ms/user")
		})
	}
}

// BenchmarkScoreVector100k is the serving scan as iALS runs it: blocks of
// rows on the calling goroutine.
func BenchmarkScoreVector100k(b *testing.B) {
	const items, k = 100_000, 64
	rng := rand.New(rand.NewPCG(1, 2))
	m := &IALS{Factors: k, items: items, y: make([]float32, items*k)}
	for i := range m.y {
		m.y[i] = rng.Float32() - 0.5
	}
	x := make([]float32, k)
	for i := range x {
		x[i] = rng.Float32() - 0.5
	}
	dst := make([]float32, items)
	cpu := cpuTime()
	for b.Loop() {
		m.ScoreVector(x, dst)
	}
	b.ReportMetric(float64((cpuTime()-cpu).Microseconds())/1e3/float64(b.N), "cpu-ms/op")
	b.ReportMetric(float64(len(m.y)*4)/(b.Elapsed().Seconds()/float64(b.N))/1e9, "GB/s")
}
