package predict

import (
	"errors"
	"fmt"
	"math"
)

// Spend is a customer's N transactions with mean value Mean.
type Spend struct {
	N    float64
	Mean float64
}

// GammaGamma holds the parameters of Fader and Hardie's gamma-gamma model of
// spend: each transaction's value is gamma(P, ν) with ν gamma(Q, Gamma)
// across customers.
type GammaGamma struct {
	P     float64 `json:"p"`
	Q     float64 `json:"q"`
	Gamma float64 `json:"gamma"`
}

// LogLikelihood is the log density of the customer's mean spend.
func (m GammaGamma) LogLikelihood(s Spend) float64 {
	p, q, g, x, z := m.P, m.Q, m.Gamma, s.N, s.Mean
	return lgamma(p*x+q) - lgamma(p*x) - lgamma(q) + q*math.Log(g) +
		(p*x-1)*math.Log(z) + p*x*math.Log(x) - (p*x+q)*math.Log(g+z*x)
}

// ExpectedSpend is the expected value of the customer's next transaction:
// a weighted mean of the population's and their own.
func (m GammaGamma) ExpectedSpend(s Spend) float64 {
	if m.Q <= 1 {
		return s.Mean
	}
	return (m.Gamma + s.Mean*s.N) * m.P / (m.P*s.N + m.Q - 1)
}

// PopulationMean is the expected transaction value of a new customer.
func (m GammaGamma) PopulationMean() float64 { return m.P * m.Gamma / (m.Q - 1) }

// FitGammaGamma finds the maximum-likelihood parameters from customers with
// a positive mean spend.
func FitGammaGamma(ss []Spend) (GammaGamma, error) {
	var use []Spend
	var mean float64
	for _, s := range ss {
		if s.Mean > 0 && s.N > 0 {
			use = append(use, s)
			mean += s.Mean
		}
	}
	if len(use) == 0 {
		return GammaGamma{}, errors.New("predict: gamma-gamma: no spend")
	}
	n := float64(len(use))
	mean /= n
	f := func(p []float64) float64 {
		m := GammaGamma{math.Exp(p[0]), math.Exp(p[1]), math.Exp(p[2])}
		var ll float64
		for _, s := range use {
			ll += m.LogLikelihood(s)
		}
		if math.IsNaN(ll) || math.IsInf(ll, 0) {
			return math.Inf(1)
		}
		return -ll / n
	}
	// Start with p = 1, q = 2: population mean γ.
	p, err := minimise(f, []float64{0, math.Log(2), math.Log(mean)})
	if err != nil {
		return GammaGamma{}, fmt.Errorf("predict: gamma-gamma fit: %w", err)
	}
	return GammaGamma{math.Exp(p[0]), math.Exp(p[1]), math.Exp(p[2])}, nil
}
