package insight

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/stat/distuv"
)

// Conditions the driver analysis estimates the effect of.
var Conditions = []string{"late", "returned", "reopened", "slow_response"}

func condition(fb *Feedback, c string) bool {
	switch c {
	case "late":
		return fb.Late
	case "returned":
		return fb.Returned
	case "reopened":
		return fb.Reopened
	case "slow_response":
		return fb.SlowResponse
	}
	return false
}

// Driver is the estimated effect of one condition on a score, holding the
// other conditions fixed: a least-squares coefficient with its 95% interval.
type Driver struct {
	Condition   string  `json:"condition"`
	Effect      float64 `json:"effect"` // change of the answer (on its own scale) when the condition holds
	Low         float64 `json:"low"`
	High        float64 `json:"high"`
	Count       int     `json:"count"`       // answers with the condition
	Share       float64 `json:"share"`       // Count / all answers: how often it happens
	Performance float64 `json:"performance"` // 1 − Share: how often the shop gets it right
	Importance  float64 `json:"importance"`  // |Effect| / scale width: 0…1
	Significant bool    `json:"significant"` // the interval excludes 0
}

// DriverResult is the driver analysis of one kind of score.
type DriverResult struct {
	Kind      string   `json:"kind"`
	Count     int      `json:"count"`
	Intercept float64  `json:"intercept"` // expected answer without any condition
	R2        float64  `json:"r2"`
	Drivers   []Driver `json:"drivers"`
	Skipped   []string `json:"skipped,omitempty"` // conditions never observed: no estimate
}

// Drivers regresses one kind's answers on the conditions (ordinary least
// squares) and returns each condition's effect with a 95% t interval.
// Conditions that never or always hold are skipped. It needs more answers
// than estimated coefficients.
func Drivers(list []Feedback, kind string) (*DriverResult, error) {
	var rows []*Feedback
	for i := range list {
		if list[i].Kind == kind {
			rows = append(rows, &list[i])
		}
	}
	res := &DriverResult{Kind: kind, Count: len(rows), Drivers: []Driver{}}
	var used []string
	counts := map[string]int{}
	for _, c := range Conditions {
		for _, fb := range rows {
			if condition(fb, c) {
				counts[c]++
			}
		}
		if counts[c] == 0 || counts[c] == len(rows) {
			res.Skipped = append(res.Skipped, c)
			continue
		}
		used = append(used, c)
	}
	p := len(used) + 1
	n := len(rows)
	if n <= p+1 {
		return res, fmt.Errorf("driver analysis of %s: %d answers for %d coefficients", kind, n, p)
	}
	x := mat.NewDense(n, p, nil)
	y := mat.NewVecDense(n, nil)
	for i, fb := range rows {
		x.Set(i, 0, 1)
		for j, c := range used {
			if condition(fb, c) {
				x.Set(i, j+1, 1)
			}
		}
		y.SetVec(i, float64(fb.Score))
	}
	var beta mat.VecDense
	if err := beta.SolveVec(x, y); err != nil {
		return res, fmt.Errorf("driver analysis of %s: %w", kind, err)
	}
	var fitted, resid mat.VecDense
	fitted.MulVec(x, &beta)
	resid.SubVec(y, &fitted)
	sse := mat.Dot(&resid, &resid)
	mean := mat.Sum(y) / float64(n)
	var sst float64
	for i := range n {
		d := y.AtVec(i) - mean
		sst += d * d
	}
	sigma2 := sse / float64(n-p)
	var xtx, inv mat.Dense
	xtx.Mul(x.T(), x)
	if err := inv.Inverse(&xtx); err != nil {
		return res, fmt.Errorf("driver analysis of %s: conditions are collinear: %w", kind, err)
	}
	t := distuv.StudentsT{Mu: 0, Sigma: 1, Nu: float64(n - p)}.Quantile(0.975)
	lo, hi := scaleOf(kind)
	res.Intercept = beta.AtVec(0)
	if sst > 0 {
		res.R2 = 1 - sse/sst
	}
	for j, c := range used {
		b := beta.AtVec(j + 1)
		se := math.Sqrt(sigma2 * inv.At(j+1, j+1))
		d := Driver{Condition: c, Effect: b, Low: b - t*se, High: b + t*se, Count: counts[c],
			Share: float64(counts[c]) / float64(n), Importance: math.Min(1, math.Abs(b)/(hi-lo))}
		d.Performance, d.Significant = 1-d.Share, d.Low > 0 || d.High < 0
		res.Drivers = append(res.Drivers, d)
	}
	return res, nil
}

// scaleOf is the answer scale of a kind.
func scaleOf(kind string) (lo, hi float64) {
	switch kind {
	case KindNPS:
		return 0, 10
	case KindCES:
		return 1, 7
	}
	return 1, 5
}
