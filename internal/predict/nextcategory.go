package predict

import (
	"time"

	"github.com/rapport-cx/rapport"
)

// NextCategory is a first-order Markov model of the main category of a
// customer's next order given that of their last one.
type NextCategory struct {
	// Transitions[from][to] counts consecutive order pairs.
	Transitions map[string]map[string]int `json:"transitions"`
	// Popular is the most common main category, the fallback.
	Popular string `json:"popular"`
	// HitRate is the share of backtest customers whose next order contained
	// the predicted category; BaselineHitRate that of always predicting
	// their own most frequent category.
	HitRate         float64   `json:"hit_rate"`
	BaselineHitRate float64   `json:"baseline_hit_rate"`
	Tested          int       `json:"tested"`
	Cutoff          time.Time `json:"cutoff"`
}

// FitNextCategory counts transitions between the main categories of
// consecutive orders before asOf.
func FitNextCategory(ss []Summary) *NextCategory {
	m := &NextCategory{Transitions: make(map[string]map[string]int)}
	counts := make(map[string]int)
	for _, s := range ss {
		prev := ""
		for _, c := range s.Categories {
			if c == "" {
				continue
			}
			counts[c]++
			if prev != "" {
				if m.Transitions[prev] == nil {
					m.Transitions[prev] = make(map[string]int)
				}
				m.Transitions[prev][c]++
			}
			prev = c
		}
	}
	m.Popular = argmax(counts)
	return m
}

// Predict is the likely main category of the customer's next order: each
// category scores the share of the customer's own orders in it plus the
// share of the shop's orders that followed their last order's category with
// it; the highest score wins (ties to the alphabetically first), else the
// shop's most common category.
func (m *NextCategory) Predict(s *Summary) string {
	last := ""
	own := make(map[string]int)
	var n int
	for _, c := range s.Categories {
		if c != "" {
			last = c
			own[c]++
			n++
		}
	}
	score := make(map[string]float64)
	for c, k := range own {
		score[c] += float64(k) / float64(n)
	}
	var total int
	for _, k := range m.Transitions[last] {
		total += k
	}
	for c, k := range m.Transitions[last] {
		score[c] += float64(k) / float64(total)
	}
	best := ""
	for c, v := range score {
		if best == "" || v > score[best] || (v == score[best] && c < best) {
			best = c
		}
	}
	if best == "" {
		return m.Popular
	}
	return best
}

// BacktestNextCategory fits on orders before cutoff and scores the model and
// the baseline on each customer's first order after it.
func BacktestNextCategory(hs []rapport.CustomerHistory, cutoff time.Time) *NextCategory {
	ss := Summaries(hs, cutoff)
	m := FitNextCategory(ss)
	m.Cutoff = cutoff
	byID := make(map[string]*rapport.CustomerHistory, len(hs))
	for i := range hs {
		byID[hs[i].CustomerID] = &hs[i]
	}
	var hits, base int
	for i := range ss {
		next := firstOrderFrom(byID[ss[i].CustomerID], cutoff)
		if next == nil || len(next.Categories) == 0 {
			continue
		}
		m.Tested++
		if contains(next.Categories, m.Predict(&ss[i])) {
			hits++
		}
		own := make(map[string]int)
		for _, c := range ss[i].Categories {
			if c != "" {
				own[c]++
			}
		}
		if contains(next.Categories, argmax(own)) {
			base++
		}
	}
	if m.Tested > 0 {
		m.HitRate = float64(hits) / float64(m.Tested)
		m.BaselineHitRate = float64(base) / float64(m.Tested)
	}
	return m
}

func firstOrderFrom(h *rapport.CustomerHistory, t time.Time) *rapport.HistoryOrder {
	for i := range h.Orders {
		if !h.Orders[i].At.Before(t) {
			return &h.Orders[i]
		}
	}
	return nil
}

// argmax is the key with the largest count, ties to the smallest key.
func argmax(m map[string]int) string {
	best := ""
	for k, n := range m {
		if best == "" || n > m[best] || (n == m[best] && k < best) {
			best = k
		}
	}
	return best
}

func contains(xs []string, s string) bool {
	for _, x := range xs {
		if x == s && s != "" {
			return true
		}
	}
	return false
}
