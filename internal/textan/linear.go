package textan

import (
	"math"
	"math/rand/v2"
)

// Linear is a binary linear classifier: score = w·x + b.
type Linear struct {
	W []float32
	B float32
}

// Margin returns the signed distance-like score of x; positive means the
// positive class.
func (m *Linear) Margin(x Sparse) float64 { return x.Dot(m.W) + float64(m.B) }

// SVMConfig tunes TrainSVM.
type SVMConfig struct {
	C      float64 // inverse regularisation strength (default 1)
	Epochs int     // passes over the data (default 30)
	Tol    float64 // stop when the largest projected gradient falls below it (default 0.1)
	Seed   uint64  // order of the coordinates
	// PosWeight multiplies C for positive examples (class imbalance); 0 means 1.
	PosWeight float64
}

// TrainSVM fits an L2-regularised squared-hinge linear SVM by dual
// coordinate descent (Hsieh et al. 2008, the method of LIBLINEAR). The
// bias is learnt as the weight of a constant feature of value 1.
func TrainSVM(xs []Sparse, pos []bool, dim int, cfg SVMConfig) *Linear {
	if cfg.C == 0 {
		cfg.C = 1
	}
	if cfg.Epochs == 0 {
		cfg.Epochs = 30
	}
	if cfg.Tol == 0 {
		cfg.Tol = 0.1
	}
	if cfg.PosWeight == 0 {
		cfg.PosWeight = 1
	}
	n := len(xs)
	w := make([]float32, dim)
	var b float64
	alpha := make([]float64, n)
	diag := make([]float64, n) // 1/(2C_i)
	qii := make([]float64, n)
	y := make([]float64, n)
	for i, x := range xs {
		c := cfg.C
		y[i] = -1
		if pos[i] {
			y[i] = 1
			c *= cfg.PosWeight
		}
		diag[i] = 1 / (2 * c)
		var sq float64
		for _, v := range x.Val {
			sq += float64(v) * float64(v)
		}
		qii[i] = sq + 1 + diag[i]
	}
	order := make([]int, n)
	for i := range order {
		order[i] = i
	}
	rng := rand.New(rand.NewPCG(cfg.Seed, 0x5eed))
	for epoch := 0; epoch < cfg.Epochs; epoch++ {
		rng.Shuffle(n, func(i, j int) { order[i], order[j] = order[j], order[i] })
		maxPG, minPG := math.Inf(-1), math.Inf(1)
		for _, i := range order {
			x := xs[i]
			g := y[i]*(x.Dot(w)+b) - 1 + diag[i]*alpha[i]
			pg := g
			if alpha[i] == 0 && g > 0 {
				pg = 0
			}
			maxPG = max(maxPG, pg)
			minPG = min(minPG, pg)
			if pg == 0 {
				continue
			}
			old := alpha[i]
			alpha[i] = max(old-g/qii[i], 0)
			d := float32((alpha[i] - old) * y[i])
			for k, j := range x.Idx {
				w[j] += d * x.Val[k]
			}
			b += float64(d)
		}
		if maxPG-minPG < cfg.Tol {
			break
		}
	}
	return &Linear{W: w, B: float32(b)}
}

// Platt maps a margin to a probability: 1/(1+exp(A·margin+B)).
type Platt struct{ A, B float64 }

// Prob returns the calibrated probability of the positive class.
func (p Platt) Prob(margin float64) float64 { return 1 / (1 + math.Exp(p.A*margin+p.B)) }

// FitPlatt fits the sigmoid on held-out margins and labels (Platt 1999,
// with Lin et al.'s target smoothing), by Newton steps.
func FitPlatt(margins []float64, pos []bool) Platt {
	var np, nn float64
	for _, p := range pos {
		if p {
			np++
		} else {
			nn++
		}
	}
	hi, lo := (np+1)/(np+2), 1/(nn+2)
	t := make([]float64, len(pos))
	for i, p := range pos {
		t[i] = lo
		if p {
			t[i] = hi
		}
	}
	a, b := -2.0, 0.0
	for iter := 0; iter < 100; iter++ {
		var g1, g2, h11, h22, h21 float64
		for i, f := range margins {
			fApB := f*a + b
			var p, q float64
			if fApB >= 0 {
				e := math.Exp(-fApB)
				p, q = e/(1+e), 1/(1+e)
			} else {
				e := math.Exp(fApB)
				p, q = 1/(1+e), e/(1+e)
			}
			d2 := p * q
			h11 += f * f * d2
			h22 += d2
			h21 += f * d2
			d1 := t[i] - p
			g1 += f * d1
			g2 += d1
		}
		h11 += 1e-12
		h22 += 1e-12
		if math.Abs(g1) < 1e-6 && math.Abs(g2) < 1e-6 {
			break
		}
		det := h11*h22 - h21*h21
		da := -(h22*g1 - h21*g2) / det
		db := -(-h21*g1 + h11*g2) / det
		a += da
		b += db
	}
	return Platt{A: a, B: b}
}
