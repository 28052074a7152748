package predict

import (
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/integrate/quad"
	"gonum.org/v1/gonum/stat/distuv"
)

// cdnow are the parameters the paper reports for the CDNOW sample (weeks).
var cdnow = BGNBD{R: 0.243, Alpha: 4.414, A: 0.793, B: 2.426}

// directLikelihood integrates the individual likelihood over the gamma
// distribution of λ and the beta distribution of p numerically.
func directLikelihood(m BGNBD, c RFT) float64 {
	g := distuv.Gamma{Alpha: m.R, Beta: m.Alpha}
	bd := distuv.Beta{Alpha: m.A, Beta: m.B}
	inner := func(p float64) float64 {
		f := func(u float64) float64 { // λ = u/(1-u) maps [0,1) onto [0,∞)
			if u >= 1 {
				return 0
			}
			lam := u / (1 - u)
			l := math.Pow(1-p, c.X) * math.Pow(lam, c.X) * math.Exp(-lam*c.T)
			if c.X > 0 {
				l += p * math.Pow(1-p, c.X-1) * math.Pow(lam, c.X) * math.Exp(-lam*c.TX)
			}
			return l * g.Prob(lam) / ((1 - u) * (1 - u))
		}
		return quad.Fixed(f, 0, 1, 2000, nil, 0) * bd.Prob(p)
	}
	// Substitute p = v² to tame the density's singularity at 0 when A < 1.
	return quad.Fixed(func(v float64) float64 { return inner(v*v) * 2 * v }, 0, 1, 400, nil, 0)
}

func TestBGNBDLikelihoodMatchesNumericIntegral(t *testing.T) {
	m := BGNBD{R: 1.3, Alpha: 4.4, A: 1.8, B: 3.4}
	for _, c := range []RFT{{0, 0, 38.9}, {2, 30.4, 38.9}, {1, 1.7, 32}, {6, 20, 25}} {
		got := math.Exp(m.LogLikelihood(c))
		want := directLikelihood(m, c)
		if math.Abs(got-want) > 1e-3*want {
			t.Errorf("%+v: likelihood %.6g, numeric integral %.6g", c, got, want)
		}
	}
}

// simulate draws customers from the BG/NBD story, each observed for T days.
func simulate(m BGNBD, n int, rng *rand.Rand, horizon float64) ([]RFT, []float64) {
	g := distuv.Gamma{Alpha: m.R, Beta: m.Alpha, Src: rng}
	bd := distuv.Beta{Alpha: m.A, Beta: m.B, Src: rng}
	cs := make([]RFT, n)
	future := make([]float64, n)
	for i := range cs {
		lam, p := g.Rand(), bd.Rand()
		T := 20 + rng.Float64()*20
		var x, tx, t float64
		alive := true
		for alive {
			t += rng.ExpFloat64() / lam
			if t > T+horizon {
				break
			}
			if t > T {
				future[i]++
			} else {
				x, tx = x+1, t
			}
			alive = rng.Float64() >= p
		}
		cs[i] = RFT{X: x, TX: tx, T: T}
	}
	return cs, future
}

func TestFitBGNBDRecoversSimulatedParameters(t *testing.T) {
	truth := BGNBD{R: 0.5, Alpha: 3, A: 1.5, B: 4}
	cs, future := simulate(truth, 6000, rand.New(rand.NewPCG(1, 2)), 20)
	got, err := FitBGNBD(cs)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("fitted %+v", got)
	if got.TotalLogLikelihood(cs) < truth.TotalLogLikelihood(cs) {
		t.Errorf("fit's log-likelihood %.2f below the true parameters' %.2f",
			got.TotalLogLikelihood(cs), truth.TotalLogLikelihood(cs))
	}
	for name, pair := range map[string][2]float64{"r": {got.R, truth.R}, "alpha": {got.Alpha, truth.Alpha}} {
		if math.Abs(pair[0]-pair[1]) > 0.2*pair[1] {
			t.Errorf("%s = %.3f, simulated with %.3f", name, pair[0], pair[1])
		}
	}
	// Expected future purchases summed over everyone match the simulation.
	var want, pred float64
	for i, c := range cs {
		want += future[i]
		pred += got.ExpectedPurchases(c, 20)
	}
	if math.Abs(pred-want) > 0.1*want {
		t.Errorf("expected %.0f purchases in the next 20 days, simulation made %.0f", pred, want)
	}
	// When the data follow the model, its forecast beats the naive
	// "same rate as before" per customer.
	var errModel, errNaive float64
	for i, c := range cs {
		errModel += math.Abs(got.ExpectedPurchases(c, 20) - future[i])
		errNaive += math.Abs(c.X/c.T*20 - future[i])
	}
	if errModel >= errNaive {
		t.Errorf("BG/NBD absolute error %.0f, naive %.0f", errModel, errNaive)
	}
}

func TestExpectedPurchasesOfNewCustomerIsUnconditionalRate(t *testing.T) {
	// For someone just arrived (x = 0, T = 0) the forecast is the paper's
	// unconditional E[X(t)], equation 7.
	m := cdnow
	tt := 10.0
	want := (m.A + m.B - 1) / (m.A - 1) *
		(1 - math.Pow(m.Alpha/(m.Alpha+tt), m.R)*hyp2f1(m.R, m.B, m.A+m.B-1, tt/(m.Alpha+tt)))
	if got := m.ExpectedPurchases(RFT{0, 0, 0}, tt); math.Abs(got-want) > 1e-12 {
		t.Errorf("E[X(%v)] = %v, want %v", tt, got, want)
	}
	// The series against a closed form: ₂F₁(a, b; b; z) = (1-z)^-a.
	if got := hyp2f1(1.5, 2, 2, 0.3); math.Abs(got-math.Pow(0.7, -1.5)) > 1e-12 {
		t.Errorf("2F1(1.5,2;2;0.3) = %v, want %v", got, math.Pow(0.7, -1.5))
	}
}

func TestGammaGammaLikelihoodAndFit(t *testing.T) {
	truth := GammaGamma{P: 6, Q: 4, Gamma: 15}
	rng := rand.New(rand.NewPCG(3, 4))
	nu := distuv.Gamma{Alpha: truth.Q, Beta: truth.Gamma, Src: rng}
	ss := make([]Spend, 5000)
	for i := range ss {
		z := distuv.Gamma{Alpha: truth.P, Beta: nu.Rand(), Src: rng}
		n := 1 + rng.IntN(6)
		var sum float64
		for range n {
			sum += z.Rand()
		}
		ss[i] = Spend{N: float64(n), Mean: sum / float64(n)}
	}
	// The density integrates to one over the mean spend.
	for _, n := range []float64{1, 3} {
		f := func(u float64) float64 {
			if u >= 1 {
				return 0
			}
			z := u / (1 - u)
			return math.Exp(truth.LogLikelihood(Spend{N: n, Mean: z})) / ((1 - u) * (1 - u))
		}
		if got := quad.Fixed(f, 0, 1, 4000, nil, 0); math.Abs(got-1) > 1e-3 {
			t.Errorf("n=%v: density integrates to %v", n, got)
		}
	}
	got, err := FitGammaGamma(ss)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("fitted %+v", got)
	if math.Abs(got.PopulationMean()-truth.PopulationMean()) > 0.1*truth.PopulationMean() {
		t.Errorf("population mean %.2f, simulated %.2f", got.PopulationMean(), truth.PopulationMean())
	}
}

func TestFastLikelihoodEqualsTheSum(t *testing.T) {
	cs, _ := simulate(BGNBD{R: 0.5, Alpha: 3, A: 1.5, B: 4}, 500, rand.New(rand.NewPCG(9, 9)), 10)
	for _, m := range []BGNBD{cdnow, {R: 2, Alpha: 40, A: 0.01, B: 300}} {
		want := m.TotalLogLikelihood(cs)
		if got := newBGNBDLikelihood(cs).total(m); math.Abs(got-want) > 1e-8*math.Abs(want) {
			t.Errorf("%+v: grouped %.10g, summed %.10g", m, got, want)
		}
	}
}
