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
			for b.Loop() {
				vek32.MatMul_Into(dst, y, x, k)
			}
			perScan := b.Elapsed().Seconds() / float64(b.N)
			b.ReportMetric(float64(len(y)*4)/perScan/1e9, "GB/s")
			b.ReportMetric(perScan*1e3/float64(batch), "ms/user")
		})
	}
}
