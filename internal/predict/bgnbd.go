package predict

import (
	"errors"
	"fmt"
	"math"

	"gonum.org/v1/gonum/optimize"
)

// RFT is a customer in BG/NBD terms: X repeat transactions, the last at TX
// days after the first, observed for T days since the first.
type RFT struct {
	X, TX, T float64
}

// RFTOf condenses a summary as of asOf.
func RFTOf(s *Summary, asOf float64) RFT {
	first := float64(s.DayTimes[0].Unix()) / 86400
	last := float64(s.DayTimes[len(s.DayTimes)-1].Unix()) / 86400
	return RFT{X: float64(len(s.DayTimes) - 1), TX: last - first, T: asOf - first}
}

// BGNBD holds the parameters of the beta-geometric/negative binomial model
// of Fader, Hardie and Lee (2005): purchase rates are gamma(R, Alpha)
// distributed, dropout probabilities beta(A, B).
type BGNBD struct {
	R     float64 `json:"r"`
	Alpha float64 `json:"alpha"`
	A     float64 `json:"a"`
	B     float64 `json:"b"`
}

// LogLikelihood is the log-likelihood of one customer (equation 6 of the
// paper, in logs).
func (m BGNBD) LogLikelihood(c RFT) float64 {
	r, al, a, b, x := m.R, m.Alpha, m.A, m.B, c.X
	a1 := lgamma(r+x) - lgamma(r) + r*math.Log(al)
	a2 := lgamma(a+b) + lgamma(b+x) - lgamma(b) - lgamma(a+b+x)
	a3 := -(r + x) * math.Log(al+c.T)
	a4 := math.Inf(-1)
	if x > 0 {
		a4 = math.Log(a) - math.Log(b+x-1) - (r+x)*math.Log(al+c.TX)
	}
	return a1 + a2 + logSumExp(a3, a4)
}

// TotalLogLikelihood sums LogLikelihood over the customers.
func (m BGNBD) TotalLogLikelihood(cs []RFT) float64 {
	var ll float64
	for _, c := range cs {
		ll += m.LogLikelihood(c)
	}
	return ll
}

// ExpectedPurchases is the expected number of transactions in the next t
// days of a customer with history c (equation 10).
func (m BGNBD) ExpectedPurchases(c RFT, t float64) float64 {
	r, al, a, b, x := m.R, m.Alpha, m.A, m.B, c.X
	z := t / (al + c.T + t)
	num := (a + b + x - 1) / (a - 1) *
		(1 - math.Pow((al+c.T)/(al+c.T+t), r+x)*hyp2f1(r+x, b+x, a+b+x-1, z))
	return num / (1 + m.deadOdds(c))
}

// ProbabilityAlive is the chance the customer has not dropped out.
func (m BGNBD) ProbabilityAlive(c RFT) float64 { return 1 / (1 + m.deadOdds(c)) }

func (m BGNBD) deadOdds(c RFT) float64 {
	if c.X == 0 {
		return 0
	}
	return m.A / (m.B + c.X - 1) * math.Pow((m.Alpha+c.T)/(m.Alpha+c.TX), m.R+c.X)
}

// FitBGNBD finds the maximum-likelihood parameters, searching over their
// logarithms so they stay positive.
func FitBGNBD(cs []RFT) (BGNBD, error) {
	if len(cs) == 0 {
		return BGNBD{}, errors.New("predict: BG/NBD: no customers")
	}
	ll := newBGNBDLikelihood(cs)
	n := float64(len(cs))
	f := func(p []float64) float64 {
		v := ll.total(BGNBD{math.Exp(p[0]), math.Exp(p[1]), math.Exp(p[2]), math.Exp(p[3])})
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return math.Inf(1)
		}
		return -v / n
	}
	// Start near the mean purchase rate: rate ≈ r/α.
	var rate float64
	for _, c := range cs {
		rate += (c.X + 1) / math.Max(c.T, 1)
	}
	start := []float64{0, math.Log(n / rate), 0, 0}
	p, err := minimise(f, start)
	if err != nil {
		return BGNBD{}, fmt.Errorf("predict: BG/NBD fit: %w", err)
	}
	return BGNBD{math.Exp(p[0]), math.Exp(p[1]), math.Exp(p[2]), math.Exp(p[3])}, nil
}

// bgnbdLikelihood evaluates TotalLogLikelihood faster for fitting: the
// gamma-function terms depend on the customer only through x, so they are
// computed once per distinct x and weighted by how many customers share it.
type bgnbdLikelihood struct {
	cs     []RFT
	xs     []float64 // distinct repeat counts
	counts []float64 // customers per distinct x
}

func newBGNBDLikelihood(cs []RFT) *bgnbdLikelihood {
	byX := make(map[float64]float64)
	for _, c := range cs {
		byX[c.X]++
	}
	l := &bgnbdLikelihood{cs: cs}
	for x, k := range byX {
		l.xs = append(l.xs, x)
		l.counts = append(l.counts, k)
	}
	return l
}

func (l *bgnbdLikelihood) total(m BGNBD) float64 {
	r, al, a, b := m.R, m.Alpha, m.A, m.B
	var ll float64
	for i, x := range l.xs {
		ll += l.counts[i] * (lgamma(r+x) - lgamma(r) + lgamma(a+b) + lgamma(b+x) - lgamma(b) - lgamma(a+b+x))
	}
	ll += float64(len(l.cs)) * r * math.Log(al)
	la := math.Log(a)
	for _, c := range l.cs {
		a3 := -(r + c.X) * math.Log(al+c.T)
		if c.X == 0 {
			ll += a3
			continue
		}
		a4 := la - math.Log(b+c.X-1) - (r+c.X)*math.Log(al+c.TX)
		ll += logSumExp(a3, a4)
	}
	return ll
}

// minimise runs Nelder-Mead from start and returns the best point found.
func minimise(f func([]float64) float64, start []float64) ([]float64, error) {
	res, err := optimize.Minimize(optimize.Problem{Func: f}, start,
		&optimize.Settings{MajorIterations: 4000, FuncEvaluations: 8000,
			Converger: &optimize.FunctionConverge{Absolute: 1e-10, Iterations: 60}},
		&optimize.NelderMead{})
	if err != nil && res == nil {
		return nil, err
	}
	if math.IsInf(res.F, 0) || math.IsNaN(res.F) {
		return nil, errors.New("no finite likelihood")
	}
	return res.X, nil
}
