package insight

import (
	"math"
	"sort"
	"time"

	"github.com/rapport-cx/rapport/internal/survey"
)

// PainPoint is one aspect customers complain about, with its evidence.
type PainPoint struct {
	Aspect        string         `json:"aspect"`
	Mentions      int            `json:"mentions"`             // feedback texts, tickets and returns about the aspect
	Negative      int            `json:"negative"`             // of which negative
	NegativeShare float64        `json:"negative_share"`       // Negative / Mentions
	AvgRating     float64        `json:"avg_rating,omitempty"` // mean stars of reviews mentioning it
	Frequency     float64        `json:"frequency"`            // Negative / all negative mentions of every aspect
	Severity      float64        `json:"severity"`             // mean badness of the negative mentions, 0…1
	Priority      float64        `json:"priority"`             // Frequency × Severity: the ranking
	Recent        int            `json:"recent"`               // negative mentions in the last 30 days of the window
	Previous      int            `json:"previous"`             // in the 30 days before
	Segments      map[string]int `json:"segments"`             // affected customers per lifecycle stage
	Tiers         map[string]int `json:"tiers"`                // affected customers per RFM tier (latest model run)
	Customers     int            `json:"customers"`            // distinct affected customers
	Revenue       float64        `json:"revenue"`              // lifetime revenue of the affected customers
	Quotes        []Quote        `json:"quotes"`
}

// Quote is a sentence a customer wrote about an aspect.
type Quote struct {
	Text       string    `json:"text"`
	CustomerID string    `json:"customer_id"`
	Kind       string    `json:"kind"` // rating, nps, csat, ces, ticket or return
	Score      int       `json:"score,omitempty"`
	At         time.Time `json:"at"`
}

// Badness of a negative mention without a score of its own.
const (
	ticketBadness = 0.6 // the customer had to contact service
	returnBadness = 0.8 // the customer sent the goods back
	textBadness   = 0.5 // negative words, no score
)

// Rule thresholds of the owner–deadline loop (S1): a pain point is frequent
// when it holds at least FrequentShare of all negative mentions, severe
// when its mean badness is at least SevereLevel.
const (
	FrequentShare = 0.15
	SevereLevel   = 0.6
)

// badness is how bad a scored answer is, 0 (best) … 1 (worst).
func badness(fb *Feedback) float64 {
	lo, hi := scaleOf(fb.Kind)
	return math.Max(0, math.Min(1, (hi-float64(fb.Score))/(hi-lo)))
}

// negativeScore says whether a score alone is negative: 1–2 stars or CSAT,
// NPS detractors (0–6), CES 1–3.
func negativeScore(fb *Feedback) bool {
	switch fb.Kind {
	case KindNPS:
		return fb.Score <= 6
	case KindCES:
		return fb.Score <= 3
	}
	return fb.Score <= 2
}

type tally struct {
	p        PainPoint
	bad      float64
	stars    float64
	rated    int
	affected map[string]bool
}

// PainPoints ranks the aspects customers complain about in the facts:
// aspects of feedback text (through the analyzer) and of tickets and
// returns, by frequency × severity.
func PainPoints(f *Facts, a Analyzer) []PainPoint {
	t := map[string]*tally{}
	get := func(aspect string) *tally {
		if t[aspect] == nil {
			t[aspect] = &tally{p: PainPoint{Aspect: aspect, Segments: map[string]int{}, Tiers: map[string]int{}}, affected: map[string]bool{}}
		}
		return t[aspect]
	}
	recentFrom, previousFrom := f.To.Add(-30*24*time.Hour), f.To.Add(-60*24*time.Hour)
	mark := func(x *tally, customer string, at time.Time, bad float64) {
		x.p.Negative++
		x.bad += bad
		x.affected[customer] = true
		switch {
		case !at.Before(recentFrom):
			x.p.Recent++
		case !at.Before(previousFrom):
			x.p.Previous++
		}
	}
	for i := range f.Feedback {
		fb := &f.Feedback[i]
		if fb.Text == "" || a == nil {
			continue
		}
		r := f.Read(a, fb.Text)
		seen := map[string]bool{}
		for _, m := range r.Mentions {
			if seen[m.Aspect] {
				continue
			}
			seen[m.Aspect] = true
			x := get(m.Aspect)
			x.p.Mentions++
			if fb.Kind == KindRating {
				x.stars, x.rated = x.stars+float64(fb.Score), x.rated+1
			}
			neg := m.Sentiment == Negative || (m.Sentiment != Positive && negativeScore(fb))
			if !neg {
				continue
			}
			bad := badness(fb)
			if !negativeScore(fb) {
				bad = textBadness // the words are negative, the score is not
			}
			mark(x, fb.CustomerID, fb.At, bad)
			if len(x.p.Quotes) < 5 {
				x.p.Quotes = append(x.p.Quotes, Quote{Text: m.Sentence, CustomerID: fb.CustomerID, Kind: fb.Kind, Score: fb.Score, At: fb.At})
			}
		}
	}
	for _, s := range f.Signals {
		x := get(s.Aspect)
		x.p.Mentions++
		bad := ticketBadness
		if s.Source == "return" {
			bad = returnBadness
		}
		mark(x, s.CustomerID, s.At, bad)
		if s.Text != "" && len(x.p.Quotes) < 5 {
			x.p.Quotes = append(x.p.Quotes, Quote{Text: s.Text, CustomerID: s.CustomerID, Kind: s.Source, At: s.At})
		}
	}
	total := 0
	for _, x := range t {
		total += x.p.Negative
	}
	out := []PainPoint{}
	for _, x := range t {
		p := x.p
		if p.Negative == 0 {
			continue
		}
		p.NegativeShare = float64(p.Negative) / float64(p.Mentions)
		p.Frequency = float64(p.Negative) / float64(total)
		p.Severity = x.bad / float64(p.Negative)
		p.Priority = p.Frequency * p.Severity
		if x.rated > 0 {
			p.AvgRating = x.stars / float64(x.rated)
		}
		for id := range x.affected {
			p.Customers++
			if c := f.Customers[id]; c != nil {
				p.Revenue += c.Stats.Revenue
			}
			if st := stageOf(f, id); st != "" {
				p.Segments[st]++
			}
			if tier := f.Tiers[id]; tier != "" {
				p.Tiers[tier]++
			}
		}
		if p.Quotes == nil {
			p.Quotes = []Quote{}
		}
		out = append(out, p)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Priority != out[j].Priority {
			return out[i].Priority > out[j].Priority
		}
		return out[i].Aspect < out[j].Aspect
	})
	return out
}

func stageOf(f *Facts, id string) string {
	if c := f.Customers[id]; c != nil {
		return survey.Lifecycle(c, f.To)
	}
	return ""
}
