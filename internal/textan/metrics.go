package textan

import "slices"

// Scores are the usual figures of a classifier on a test set.
type Scores struct {
	N        int                `json:"n"`
	Accuracy float64            `json:"accuracy"`
	MacroF1  float64            `json:"macro_f1"`
	F1       map[string]float64 `json:"f1"`
}

// Score compares predicted with true labels. Macro-F1 averages the F1 of
// every class that occurs in either list.
func Score(truth, predicted []string) Scores {
	tp, fp, fn := map[string]int{}, map[string]int{}, map[string]int{}
	correct := 0
	for i, t := range truth {
		p := predicted[i]
		if p == t {
			correct++
			tp[t]++
		} else {
			fp[p]++
			fn[t]++
		}
	}
	classes := map[string]bool{}
	for _, m := range []map[string]int{tp, fp, fn} {
		for c := range m {
			classes[c] = true
		}
	}
	s := Scores{N: len(truth), F1: map[string]float64{}}
	if len(truth) == 0 {
		return s
	}
	s.Accuracy = float64(correct) / float64(len(truth))
	names := make([]string, 0, len(classes))
	for c := range classes {
		names = append(names, c)
	}
	slices.Sort(names)
	for _, c := range names {
		f1 := 0.0
		if d := 2*tp[c] + fp[c] + fn[c]; d > 0 {
			f1 = 2 * float64(tp[c]) / float64(d)
		}
		s.F1[c] = f1
		s.MacroF1 += f1 / float64(len(names))
	}
	return s
}
