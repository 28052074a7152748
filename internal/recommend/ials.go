package recommend

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/viterin/vek/vek32"
	"gonum.org/v1/gonum/mat"
)

// IALS is implicit alternating least squares (Hu, Koren & Volinsky 2008).
// An interaction of weight v gives the preference p = 1 if v > 0 (0 for
// negative signals such as returns) with confidence c = 1 + Alpha·|v|; every
// other pair has p = 0 and c = 1. It minimises
//
//	Σ_{u,i} c_ui (p_ui − x_u·y_i)² + Lambda (Σ‖x_u‖² + Σ‖y_i‖²)
//
// by alternating exact least-squares solves for all users, then all items,
// in parallel. Each solve is a conjugate-gradient run of CGSteps steps
// warm-started from the current vector (Takács et al. 2011), or an exact
// Cholesky solve if CGSteps is 0. A history is scored by solving its user
// vector against the fitted item factors (fold-in), so a new event changes
// the scores without refitting.
type IALS struct {
	Factors    int     // dimension k
	Lambda     float32 // L2 regularisation
	Alpha      float32 // confidence per unit of weight
	Iterations int     // alternating sweeps
	CGSteps    int     // conjugate-gradient steps per solve; 0 solves exactly
	Seed       uint64  // seed of the random initialisation

	items, users int
	x, y         []float32 // users × k and items × k, row-major
	gy           []float32 // YᵀY of the fitted item factors
}

// Name implements Model.
func (m *IALS) Name() string {
	return fmt.Sprintf("ials(k=%d,lambda=%g,alpha=%g,iter=%d)", m.Factors, m.Lambda, m.Alpha, m.Iterations)
}

// Fit implements Model.
func (m *IALS) Fit(ctx context.Context, x *Matrix) error {
	if m.Factors <= 0 {
		return fmt.Errorf("recommend: ials: factors must be positive, got %d", m.Factors)
	}
	k := m.Factors
	rng := rand.New(rand.NewPCG(m.Seed, 0x1a15))
	m.users, m.items = x.Users, x.Items
	m.x = randomFactors(rng, x.Users*k, k)
	m.y = randomFactors(rng, x.Items*k, k)
	xt := x.Transpose()
	for it := 0; it < m.Iterations; it++ {
		if err := m.sweep(ctx, x, m.x, m.y); err != nil {
			return err
		}
		if err := m.sweep(ctx, xt, m.y, m.x); err != nil {
			return err
		}
	}
	m.gy = gramian(m.y, k)
	return nil
}

func randomFactors(rng *rand.Rand, n, k int) []float32 {
	f := make([]float32, n)
	scale := 0.1 / math.Sqrt(float64(k))
	for i := range f {
		f[i] = float32(rng.NormFloat64() * scale)
	}
	return f
}

// sweep solves every row vector of dst given the fixed factors src, where
// the rows of x index dst and its columns index src.
func (m *IALS) sweep(ctx context.Context, x *Matrix, dst, src []float32) error {
	k := m.Factors
	g := gramian(src, k)
	return parallel(ctx, x.Users, func(lo, hi int) {
		s := newSolver(k)
		for u := lo; u < hi; u++ {
			items, vals := x.Row(u)
			m.solve(s, g, src, items, vals, dst[u*k:(u+1)*k])
		}
	})
}

// gramChunk is the length of the float32 partial dot products of gramian,
// summed in float64.
const gramChunk = 4096

// gramian returns FᵀF (k × k, row-major) of the row-major factors F: the
// columns are copied out contiguously and each pair is one SIMD dot
// product, the upper triangle split evenly over the cores.
func gramian(f []float32, k int) []float32 {
	n := len(f) / k
	cols := make([]float32, n*k)
	for r := 0; r < n; r++ {
		for j, v := range f[r*k : (r+1)*k] {
			cols[j*n+r] = v
		}
	}
	out := make([]float32, k*k)
	row := func(i int) {
		ci := cols[i*n : (i+1)*n]
		for j := i; j < k; j++ {
			cj := cols[j*n : (j+1)*n]
			var sum float64
			for a := 0; a < n; a += gramChunk {
				b := min(n, a+gramChunk)
				sum += float64(vek32.Dot(ci[a:b], cj[a:b]))
			}
			out[i*k+j], out[j*k+i] = float32(sum), float32(sum)
		}
	}
	// Task t computes rows t and k−1−t: k+1 products each.
	_ = parallel(context.Background(), (k+1)/2, func(lo, hi int) {
		for t := lo; t < hi; t++ {
			row(t)
			if k-1-t != t {
				row(k - 1 - t)
			}
		}
	})
	return out
}

// solver holds one worker's scratch space.
type solver struct {
	b, r, p, ap, tmp []float32
	conf             []float32 // c − 1 of the row's items
	a                *mat.SymDense
	bv, xv           *mat.VecDense
	chol             mat.Cholesky
}

func newSolver(k int) *solver {
	return &solver{b: make([]float32, k), r: make([]float32, k), p: make([]float32, k), ap: make([]float32, k),
		tmp: make([]float32, k), a: mat.NewSymDense(k, nil), bv: mat.NewVecDense(k, nil), xv: mat.NewVecDense(k, nil)}
}

// confidence returns the preference and confidence of a stored weight.
func (m *IALS) confidence(v float32) (p, c float32) {
	if v > 0 {
		p = 1
	}
	return p, 1 + m.Alpha*float32(math.Abs(float64(v)))
}

// solve sets x to argmin Σ_i c_i (p_i − x·y_i)² + λ‖x‖² over the row's
// items, all others counting with p = 0, c = 1 through the gramian g.
func (m *IALS) solve(s *solver, g, y []float32, items []int32, vals []float32, x []float32) {
	k := m.Factors
	clear(s.b)
	s.conf = s.conf[:0]
	for n, i := range items {
		p, c := m.confidence(vals[n])
		s.conf = append(s.conf, c-1)
		if p > 0 {
			axpy(s.b, c, y[int(i)*k:int(i+1)*k], s.tmp)
		}
	}
	if m.CGSteps == 0 {
		m.solveExact(s, g, y, items, vals, x)
		return
	}
	// Conjugate gradient on A x = b, A = g + λI + Σ (c_i − 1) y_i y_iᵀ.
	m.apply(s, g, y, items, x, s.ap)
	for d := range s.r {
		s.r[d] = s.b[d] - s.ap[d]
		s.p[d] = s.r[d]
	}
	rs := vek32.Dot(s.r, s.r)
	for step := 0; step < m.CGSteps && rs > 1e-12; step++ {
		m.apply(s, g, y, items, s.p, s.ap)
		alpha := rs / vek32.Dot(s.p, s.ap)
		for d := range x {
			x[d] += alpha * s.p[d]
			s.r[d] -= alpha * s.ap[d]
		}
		next := vek32.Dot(s.r, s.r)
		for d := range s.p {
			s.p[d] = s.r[d] + next/rs*s.p[d]
		}
		rs = next
	}
}

// apply writes A·v into out, with s.conf holding c − 1 of the items.
func (m *IALS) apply(s *solver, g, y []float32, items []int32, v, out []float32) {
	k := m.Factors
	vek32.MatMul_Into(out, g, v, k)
	for d := range out {
		out[d] += m.Lambda * v[d]
	}
	for n, i := range items {
		yi := y[int(i)*k : int(i+1)*k]
		if w := s.conf[n] * vek32.Dot(yi, v); w != 0 {
			axpy(out, w, yi, s.tmp)
		}
	}
}

// axpy adds a·x to y (SIMD), using tmp as scratch.
func axpy(y []float32, a float32, x, tmp []float32) {
	vek32.MulNumber_Into(tmp, x, a)
	vek32.Add_Inplace(y, tmp)
}

// solveExact solves A x = b with a Cholesky factorisation, building the
// upper triangle of A in place.
func (m *IALS) solveExact(s *solver, g, y []float32, items []int32, vals []float32, x []float32) {
	k := m.Factors
	raw := s.a.RawSymmetric()
	for i := 0; i < k; i++ {
		row := raw.Data[i*raw.Stride : i*raw.Stride+k]
		for j := i; j < k; j++ {
			row[j] = float64(g[i*k+j])
		}
		row[i] += float64(m.Lambda)
		s.bv.SetVec(i, float64(s.b[i]))
	}
	for n, it := range items {
		_, c := m.confidence(vals[n])
		yi := y[int(it)*k : int(it+1)*k]
		for i := 0; i < k; i++ {
			w := float64((c - 1) * yi[i])
			row := raw.Data[i*raw.Stride : i*raw.Stride+k]
			for j := i; j < k; j++ {
				row[j] += w * float64(yi[j])
			}
		}
	}
	if !s.chol.Factorize(s.a) {
		return
	}
	if err := s.chol.SolveVecTo(s.xv, s.bv); err != nil {
		return
	}
	for i := range x {
		x[i] = float32(s.xv.AtVec(i))
	}
}

// Loss returns the objective on x for the current factors.
func (m *IALS) Loss(x *Matrix) float64 {
	k := m.Factors
	gy := gramian(m.y, k)
	var loss float64
	for u := 0; u < x.Users; u++ {
		xu := m.x[u*k : (u+1)*k]
		for i := 0; i < k; i++ {
			loss += float64(xu[i] * vek32.Dot(gy[i*k:(i+1)*k], xu))
		}
		items, vals := x.Row(u)
		for n, it := range items {
			p, c := m.confidence(vals[n])
			s := float64(vek32.Dot(xu, m.y[int(it)*k:int(it+1)*k]))
			loss += float64(c)*(float64(p)-s)*(float64(p)-s) - s*s
		}
	}
	reg := vek32.Dot(m.x, m.x) + vek32.Dot(m.y, m.y)
	return loss + float64(m.Lambda)*float64(reg)
}

// UserVector solves the user vector of a history against the item factors.
func (m *IALS) UserVector(h History) []float32 {
	k := m.Factors
	x := make([]float32, k)
	s := newSolver(k)
	exact := *m
	exact.CGSteps = 0
	exact.solve(s, m.gy, m.y, h.Items, h.Values, x)
	return x
}

// ItemVector returns the factors of one item; do not modify them.
func (m *IALS) ItemVector(i int32) []float32 {
	k := m.Factors
	return m.y[int(i)*k : int(i+1)*k]
}

// Score implements Model.
func (m *IALS) Score(h History, dst []float32) {
	m.ScoreVector(m.UserVector(h), dst)
}

// ScoreVector writes y_i·x for every item into dst. The scan goes in
// blocks below vek's threshold for splitting a product over goroutines
// (100,000 multiplications): each block runs on the calling goroutine, so
// concurrent requests use the cores instead of each one fanning out, and
// the zeroing vek does before a product touches a few kilobytes already in
// cache rather than the whole output in a separate pass.
func (m *IALS) ScoreVector(x []float32, dst []float32) {
	k := m.Factors
	rows := max(1, 99_999/k)
	for lo := 0; lo < m.items; lo += rows {
		hi := min(m.items, lo+rows)
		vek32.MatMul_Into(dst[lo:hi], m.y[lo*k:hi*k], x, k)
	}
}
