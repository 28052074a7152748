package satisfaction

import (
	"math"

	"gonum.org/v1/gonum/stat/distuv"
)

// Kind names a satisfaction score.
type Kind string

// The scores Rapport computes.
const (
	CSAT Kind = "csat" // share of 4–5 answers on a 1–5 scale, in percent
	NPS  Kind = "nps"  // % promoters (9–10) − % detractors (0–6) on a 0–10 scale
	CES  Kind = "ces"  // mean effort on a 1–7 scale
)

// MinAnswers is the number of answers below which a score is flagged as
// resting on too few answers to be trusted.
const MinAnswers = 30

// z95 is the two-sided 95% quantile of the standard normal distribution.
const z95 = 1.959963984540054

// Score is one satisfaction figure with how much it can be trusted.
type Score struct {
	Kind         Kind    `json:"kind"`
	Value        float64 `json:"value"`                // CSAT in %, NPS in points (−100…100), CES mean (1…7)
	Low          float64 `json:"low"`                  // lower end of the 95% confidence interval
	High         float64 `json:"high"`                 // upper end of the 95% confidence interval
	Count        int     `json:"count"`                // valid answers counted
	Invited      int     `json:"invited"`              // people asked; 0 when unknown
	ResponseRate float64 `json:"response_rate"`        // Count / Invited, 0 when Invited is 0
	Small        bool    `json:"small"`                // fewer than MinAnswers answers
	Promoters    int     `json:"promoters,omitempty"`  // NPS only
	Passives     int     `json:"passives,omitempty"`   // NPS only
	Detractors   int     `json:"detractors,omitempty"` // NPS only
	Satisfied    int     `json:"satisfied,omitempty"`  // CSAT only: 4–5 answers
}

// Range is the valid answer scale of a kind of score.
func Range(k Kind) (lo, hi int) {
	switch k {
	case CSAT:
		return 1, 5
	case NPS:
		return 0, 10
	case CES:
		return 1, 7
	}
	return 0, 0
}

// Valid reports whether an answer is on the kind's scale.
func Valid(k Kind, answer int) bool {
	lo, hi := Range(k)
	return hi > lo && answer >= lo && answer <= hi
}

// Compute returns the kind's score of the answers, ignoring answers off the
// scale. invited is how many people were asked (0 when unknown). Without
// answers the score is zero with an empty interval and Small set.
func Compute(k Kind, answers []int, invited int) Score {
	var s Score
	switch k {
	case CSAT:
		s = computeCSAT(answers)
	case NPS:
		s = computeNPS(answers)
	default:
		s = computeCES(answers)
	}
	s.Kind, s.Invited, s.Small = k, invited, s.Count < MinAnswers
	if invited > 0 {
		s.ResponseRate = float64(s.Count) / float64(invited)
	}
	return s
}

func computeCSAT(answers []int) Score {
	var s Score
	for _, a := range answers {
		if !Valid(CSAT, a) {
			continue
		}
		s.Count++
		if a >= 4 {
			s.Satisfied++
		}
	}
	if s.Count == 0 {
		return s
	}
	lo, hi := Wilson(s.Satisfied, s.Count)
	s.Value = 100 * float64(s.Satisfied) / float64(s.Count)
	s.Low, s.High = 100*lo, 100*hi
	return s
}

// Wilson is the 95% Wilson score interval of a proportion k/n.
func Wilson(k, n int) (lo, hi float64) {
	if n == 0 {
		return 0, 1
	}
	p, nf := float64(k)/float64(n), float64(n)
	z2 := z95 * z95
	centre := (p + z2/(2*nf)) / (1 + z2/nf)
	half := z95 / (1 + z2/nf) * math.Sqrt(p*(1-p)/nf+z2/(4*nf*nf))
	return math.Max(0, centre-half), math.Min(1, centre+half)
}

func computeNPS(answers []int) Score {
	var s Score
	for _, a := range answers {
		switch {
		case !Valid(NPS, a):
			continue
		case a >= 9:
			s.Promoters++
		case a >= 7:
			s.Passives++
		default:
			s.Detractors++
		}
		s.Count++
	}
	if s.Count == 0 {
		return s
	}
	n := float64(s.Count)
	pp, pd := float64(s.Promoters)/n, float64(s.Detractors)/n
	d := pp - pd
	// Each answer scores +1, 0 or −1; NPS is 100 × their mean, whose
	// variance is (pp + pd − d²)/n.
	se := math.Sqrt(math.Max(0, pp+pd-d*d) / n)
	s.Value = 100 * d
	s.Low, s.High = math.Max(-100, 100*(d-z95*se)), math.Min(100, 100*(d+z95*se))
	return s
}

func computeCES(answers []int) Score {
	var s Score
	var sum, sumSq float64
	for _, a := range answers {
		if !Valid(CES, a) {
			continue
		}
		s.Count++
		sum += float64(a)
		sumSq += float64(a) * float64(a)
	}
	if s.Count == 0 {
		return s
	}
	n := float64(s.Count)
	mean := sum / n
	s.Value, s.Low, s.High = mean, 1, 7
	if s.Count < 2 {
		return s // one answer says nothing about the spread: the whole scale
	}
	variance := math.Max(0, (sumSq-n*mean*mean)/(n-1))
	t := distuv.StudentsT{Mu: 0, Sigma: 1, Nu: n - 1}.Quantile(0.975)
	half := t * math.Sqrt(variance/n)
	s.Low, s.High = math.Max(1, mean-half), math.Min(7, mean+half)
	return s
}
