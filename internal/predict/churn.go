package predict

import (
	"errors"
	"hash/fnv"
	"math"
	"time"

	"github.com/rapport-cx/rapport"
	"gonum.org/v1/gonum/mat"
)

// ChurnHorizon is how long without a purchase counts as churned.
const ChurnHorizon = 90 * Day

// ChurnFeatures names the inputs of the churn model, in order.
var ChurnFeatures = []string{"log_recency_days", "log_orders", "log_average_order_value",
	"log_tenure_days", "orders_90d", "log_active_days", "active_days_90d"}

// churnFeatures are the model inputs of one customer as of asOf.
func churnFeatures(s *Summary, asOf time.Time) []float64 {
	return []float64{
		log1p0(asOf.Sub(s.Last).Hours() / 24),
		log1p0(float64(s.Orders)),
		log1p0(s.Revenue / float64(s.Orders)),
		log1p0(asOf.Sub(s.First).Hours() / 24),
		float64(s.Orders90),
		log1p0(float64(s.Active)),
		float64(s.Active90),
	}
}

// Logistic is a fitted logistic regression over standardised features.
type Logistic struct {
	Features []string  `json:"features"`
	Mean     []float64 `json:"mean"`
	Std      []float64 `json:"std"`
	Weights  []float64 `json:"weights"` // one per feature, then the intercept
}

// Probability is the model's probability of the positive class.
func (l *Logistic) Probability(x []float64) float64 {
	z := l.Weights[len(x)]
	for i, v := range x {
		z += l.Weights[i] * (v - l.Mean[i]) / l.Std[i]
	}
	return 1 / (1 + math.Exp(-z))
}

// FitLogistic fits weights by Newton's method (iteratively reweighted least
// squares) with a small ridge penalty so separable data stays finite.
func FitLogistic(names []string, xs [][]float64, ys []bool) (*Logistic, error) {
	if len(xs) == 0 {
		return nil, errors.New("predict: logistic regression: no rows")
	}
	d := len(xs[0])
	l := &Logistic{Features: names, Mean: make([]float64, d), Std: make([]float64, d), Weights: make([]float64, d+1)}
	l.standardise(xs)
	n := len(xs)
	X := mat.NewDense(n, d+1, nil)
	for i, x := range xs {
		for j, v := range x {
			X.Set(i, j, (v-l.Mean[j])/l.Std[j])
		}
		X.Set(i, d, 1)
	}
	w := mat.NewVecDense(d+1, nil)
	const ridge = 1e-3
	for iter := 0; iter < 50; iter++ {
		grad := mat.NewVecDense(d+1, nil)
		H := mat.NewSymDense(d+1, nil)
		for i := 0; i < n; i++ {
			row := X.RawRowView(i)
			p := 1 / (1 + math.Exp(-mat.Dot(mat.NewVecDense(d+1, row), w)))
			y := 0.0
			if ys[i] {
				y = 1
			}
			for a := range row {
				grad.SetVec(a, grad.AtVec(a)+(p-y)*row[a])
				for b := a; b < len(row); b++ {
					H.SetSym(a, b, H.At(a, b)+p*(1-p)*row[a]*row[b])
				}
			}
		}
		for a := 0; a <= d; a++ {
			grad.SetVec(a, grad.AtVec(a)+ridge*float64(n)*w.AtVec(a))
			H.SetSym(a, a, H.At(a, a)+ridge*float64(n))
		}
		var step mat.VecDense
		if err := step.SolveVec(H, grad); err != nil {
			return nil, err
		}
		w.SubVec(w, &step)
		if mat.Norm(&step, math.Inf(1)) < 1e-8 {
			break
		}
	}
	copy(l.Weights, w.RawVector().Data)
	return l, nil
}

func (l *Logistic) standardise(xs [][]float64) {
	n := float64(len(xs))
	for _, x := range xs {
		for j, v := range x {
			l.Mean[j] += v / n
		}
	}
	for _, x := range xs {
		for j, v := range x {
			l.Std[j] += (v - l.Mean[j]) * (v - l.Mean[j]) / n
		}
	}
	for j := range l.Std {
		l.Std[j] = math.Sqrt(l.Std[j])
		if l.Std[j] == 0 {
			l.Std[j] = 1
		}
	}
}

// Churn is the fitted churn model with its holdout quality.
type Churn struct {
	Model    *Logistic `json:"model"`
	Cutoff   time.Time `json:"cutoff"` // features as of here, labels from the next 90 days
	Train    int       `json:"train"`
	Holdout  int       `json:"holdout"`
	AUC      float64   `json:"auc"`
	BaseRate float64   `json:"base_rate"` // share of holdout customers who churned
}

// FitChurn trains on the customers known 90 days before asOf, labelled by
// whether they bought in the 90 days up to asOf; three in ten customers (by
// a hash of the id) are held out to measure AUC.
func FitChurn(hs []rapport.CustomerHistory, asOf time.Time) (*Churn, error) {
	cutoff := asOf.Add(-ChurnHorizon)
	c := &Churn{Cutoff: cutoff}
	var trainX, holdX [][]float64
	var trainY, holdY []bool
	for i := range hs {
		s, ok := Summarise(&hs[i], cutoff)
		if !ok {
			continue
		}
		x := churnFeatures(&s, cutoff)
		y := purchaseDays(&hs[i], cutoff, asOf) == 0
		if heldOut(hs[i].CustomerID) {
			holdX, holdY = append(holdX, x), append(holdY, y)
		} else {
			trainX, trainY = append(trainX, x), append(trainY, y)
		}
	}
	if len(trainX) < 10 || len(holdX) < 5 {
		return nil, errors.New("predict: churn: fewer than 15 customers with orders 90 days ago")
	}
	m, err := FitLogistic(ChurnFeatures, trainX, trainY)
	if err != nil {
		return nil, err
	}
	scores := make([]float64, len(holdX))
	for i, x := range holdX {
		scores[i] = m.Probability(x)
		if holdY[i] {
			c.BaseRate++
		}
	}
	c.Model, c.Train, c.Holdout = m, len(trainX), len(holdX)
	c.AUC, c.BaseRate = AUC(scores, holdY), c.BaseRate/float64(len(holdX))
	return c, nil
}

// Probability is the churn probability of a customer summarised as of asOf.
func (c *Churn) Probability(s *Summary, asOf time.Time) float64 {
	return c.Model.Probability(churnFeatures(s, asOf))
}

// heldOut puts about three customers in ten in the holdout set.
func heldOut(id string) bool {
	h := fnv.New32a()
	h.Write([]byte(id))
	return h.Sum32()%10 < 3
}
