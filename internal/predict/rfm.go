package predict

import (
	"sort"
	"time"
)

// RFM is one customer's recency, frequency and monetary scores, 1 (worst)
// to 5 (best), and the named segment they place the customer in.
type RFM struct {
	CustomerID  string
	RecencyDays int     // whole days since the last order
	Orders      int     // completed orders
	Revenue     float64 // their total value
	R, F, M     int
	Segment     string
}

// The eleven named RFM segments.
const (
	Champions         = "Champions"
	LoyalCustomers    = "Loyal Customers"
	PotentialLoyalist = "Potential Loyalist"
	NewCustomers      = "New Customers"
	Promising         = "Promising"
	NeedAttention     = "Need Attention"
	AboutToSleep      = "About To Sleep"
	AtRisk            = "At Risk"
	CantLoseThem      = "Can't Lose Them"
	Hibernating       = "Hibernating"
	Lost              = "Lost"
)

// Segments lists the named segments from best to worst.
var Segments = []string{Champions, LoyalCustomers, PotentialLoyalist, NewCustomers, Promising,
	NeedAttention, AboutToSleep, AtRisk, CantLoseThem, Hibernating, Lost}

// segmentGrid[R-1][FM-1] is the segment of a customer with recency score R
// and combined frequency-monetary score FM (docs/predict.md has the table).
var segmentGrid = [5][5]string{
	{Lost, Hibernating, AtRisk, CantLoseThem, CantLoseThem},
	{Hibernating, Hibernating, AtRisk, AtRisk, AtRisk},
	{AboutToSleep, NeedAttention, NeedAttention, LoyalCustomers, LoyalCustomers},
	{Promising, PotentialLoyalist, LoyalCustomers, Champions, Champions},
	{NewCustomers, PotentialLoyalist, LoyalCustomers, Champions, Champions},
}

// FM is the combined frequency-monetary score: the mean of F and M, halves
// rounded up.
func FM(f, m int) int { return (f + m + 1) / 2 }

// SegmentOf names the segment of scores r, f and m (each 1–5).
func SegmentOf(r, f, m int) string { return segmentGrid[r-1][FM(f, m)-1] }

// QuintileScores scores values 1–5 so that a value better than a larger share
// of the others scores higher: score = 1 + ⌊5·b/n⌋ where b is how many values
// are strictly worse. Equal values always get the same score, so heavy ties
// (most customers have one order) leave some scores unused rather than
// splitting equal customers arbitrarily. higherIsBetter says the direction.
func QuintileScores(values []float64, higherIsBetter bool) []int {
	n := len(values)
	idx := make([]int, n)
	for i := range idx {
		idx[i] = i
	}
	worse := func(a, b float64) bool { // a is worse than b
		if higherIsBetter {
			return a < b
		}
		return a > b
	}
	sort.SliceStable(idx, func(i, j int) bool { return worse(values[idx[i]], values[idx[j]]) })
	scores := make([]int, n)
	below := 0
	for k, i := range idx {
		if k > 0 && worse(values[idx[k-1]], values[i]) {
			below = k
		}
		scores[i] = 1 + 5*below/n
	}
	return scores
}

// ScoreRFM scores every summarised customer as of asOf.
func ScoreRFM(ss []Summary, asOf time.Time) []RFM {
	rec := make([]float64, len(ss))
	freq := make([]float64, len(ss))
	mon := make([]float64, len(ss))
	for i := range ss {
		rec[i] = float64(ss[i].RecencyDays(asOf))
		freq[i] = float64(ss[i].Orders)
		mon[i] = ss[i].Revenue
	}
	r, f, m := QuintileScores(rec, false), QuintileScores(freq, true), QuintileScores(mon, true)
	out := make([]RFM, len(ss))
	for i := range ss {
		out[i] = RFM{CustomerID: ss[i].CustomerID, RecencyDays: int(rec[i]), Orders: ss[i].Orders,
			Revenue: mon[i], R: r[i], F: f[i], M: m[i], Segment: SegmentOf(r[i], f[i], m[i])}
	}
	return out
}

// RFMGrid counts customers by R (rows) and F (columns), index score-1.
func RFMGrid(rs []RFM) [5][5]int {
	var g [5][5]int
	for _, r := range rs {
		g[r.R-1][r.F-1]++
	}
	return g
}

// SegmentSizes counts customers per named segment.
func SegmentSizes(rs []RFM) map[string]int {
	out := make(map[string]int, len(Segments))
	for _, r := range rs {
		out[r.Segment]++
	}
	return out
}
