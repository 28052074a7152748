package insight

import (
	"fmt"
	"time"

	"github.com/rapport-cx/rapport/internal/satisfaction"
)

// scoreKind is the satisfaction score of a feedback kind; review stars
// count like CSAT: the share of 4–5.
func scoreKind(kind string) satisfaction.Kind {
	switch kind {
	case KindNPS:
		return satisfaction.NPS
	case KindCES:
		return satisfaction.CES
	}
	return satisfaction.CSAT
}

// Scores holds one score per feedback kind that has answers.
type Scores map[string]satisfaction.Score

// Group is one value of a breakdown with its scores.
type Group struct {
	Key       string  `json:"key"`
	Scores    Scores  `json:"scores"`
	AvgRating float64 `json:"avg_rating,omitempty"` // mean review stars
}

// Score computes every kind's score of the feedback.
func Score(list []Feedback) Group {
	answers := map[string][]int{}
	var stars, n float64
	for _, fb := range list {
		answers[fb.Kind] = append(answers[fb.Kind], fb.Score)
		if fb.Kind == KindRating {
			stars, n = stars+float64(fb.Score), n+1
		}
	}
	g := Group{Scores: Scores{}}
	for kind, a := range answers {
		g.Scores[kind] = satisfaction.Compute(scoreKind(kind), a, 0)
	}
	if n > 0 {
		g.AvgRating = stars / n
	}
	return g
}

// Dimensions the dashboard breaks scores down by.
var Dimensions = []string{"touchpoint", "stage", "rfm", "channel", "category"}

func keyOf(fb *Feedback, dim string) string {
	switch dim {
	case "touchpoint":
		return fb.Touchpoint
	case "stage":
		return fb.Stage
	case "rfm":
		return fb.RFM
	case "channel":
		return fb.Channel
	case "category":
		return fb.Category
	}
	return ""
}

// Breakdown groups the feedback by a dimension, in key order; feedback
// without a value for the dimension is left out.
func Breakdown(list []Feedback, dim string) []Group {
	parts := map[string][]Feedback{}
	for i := range list {
		if k := keyOf(&list[i], dim); k != "" {
			parts[k] = append(parts[k], list[i])
		}
	}
	out := []Group{}
	for _, k := range sortedKeys(parts) {
		g := Score(parts[k])
		g.Key = k
		out = append(out, g)
	}
	return out
}

// Period names a calendar period of t (UTC): "2026-W07", "2026-05" or "2026-Q2".
func Period(grain string, t time.Time) string {
	t = t.UTC()
	switch grain {
	case "week":
		y, w := t.ISOWeek()
		return fmt.Sprintf("%d-W%02d", y, w)
	case "quarter":
		return fmt.Sprintf("%d-Q%d", t.Year(), (int(t.Month())-1)/3+1)
	}
	return t.Format("2006-01")
}

// TrendPoint is one period of a trend with the change from the period before.
type TrendPoint struct {
	Period string             `json:"period"`
	Score  satisfaction.Score `json:"score"`
	Change *float64           `json:"change,omitempty"` // Score.Value − previous Value; nil for the first
	// Significant: the two periods' 95% intervals do not overlap.
	Significant bool `json:"significant"`
}

// Trend is one kind's score per period (week, month or quarter), oldest first.
func Trend(list []Feedback, kind, grain string) []TrendPoint {
	parts := map[string][]int{}
	for _, fb := range list {
		if fb.Kind == kind {
			p := Period(grain, fb.At)
			parts[p] = append(parts[p], fb.Score)
		}
	}
	out := []TrendPoint{}
	for i, p := range sortedKeys(parts) {
		pt := TrendPoint{Period: p, Score: satisfaction.Compute(scoreKind(kind), parts[p], 0)}
		if i > 0 {
			prev := out[i-1].Score
			d := pt.Score.Value - prev.Value
			pt.Change = &d
			pt.Significant = pt.Score.Low > prev.High || pt.Score.High < prev.Low
		}
		out = append(out, pt)
	}
	return out
}
