package rapport

import (
	"cmp"
	"slices"
)

// Behaviour is the second tag layer of S0 §3.1: what a customer's activity
// says about them, derived from the behaviour aggregates whenever a profile
// is read, so it is always as fresh as the profile.
type Behaviour struct {
	// Categories are up to three preferred categories, strongest first, by
	// interest = 5 × order lines + 2 × add-to-carts + views.
	Categories []string `json:"categories,omitempty"`
	// PriceBand places the average price of the items bought: budget
	// (under 100), mid (100–299), upper (300–999) or premium (1,000 and up),
	// in shop currency; empty before the first order.
	PriceBand string `json:"price_band,omitempty"`
	// PreferredChannel is the channel with the most sessions.
	PreferredChannel Channel `json:"preferred_channel,omitempty"`
	// ActiveHours are up to three busiest hours of the customer's day
	// (0–23, in the time zone their events name), busiest first.
	ActiveHours []int `json:"active_hours,omitempty"`
	// SearchInterests are up to five most frequent searches.
	SearchInterests []string `json:"search_interests,omitempty"`
	// ReturnPropensity is returns per order; 0 before the first order.
	ReturnPropensity float64 `json:"return_propensity"`
}

// Price bands' lower bounds, in shop currency, highest first.
var priceBands = []struct {
	min  float64
	name string
}{{1000, "premium"}, {300, "upper"}, {100, "mid"}, {0, "budget"}}

// Behaviour derives the customer's behaviour tags from their aggregates.
func (s *Stats) Behaviour() Behaviour {
	var b Behaviour
	type ranked struct {
		name  string
		score float64
	}
	top := func(list []ranked, n int) []string {
		slices.SortFunc(list, func(a, b ranked) int {
			return cmp.Or(cmp.Compare(b.score, a.score), cmp.Compare(a.name, b.name))
		})
		var out []string
		for _, r := range list[:min(n, len(list))] {
			out = append(out, r.name)
		}
		return out
	}

	var cats []ranked
	var lines int
	var spent float64
	for name, c := range s.Categories {
		if score := float64(5*c.Orders + 2*c.Carts + c.Views); score > 0 {
			cats = append(cats, ranked{name, score})
		}
		lines += c.Orders
		spent += c.Revenue
	}
	b.Categories = top(cats, 3)
	if lines > 0 {
		avg := spent / float64(lines)
		for _, band := range priceBands {
			if avg >= band.min {
				b.PriceBand = band.name
				break
			}
		}
	}

	var chans []ranked
	for ch, c := range s.Channels {
		if c.Sessions > 0 {
			chans = append(chans, ranked{string(ch), float64(c.Sessions)})
		}
	}
	if best := top(chans, 1); len(best) == 1 {
		b.PreferredChannel = Channel(best[0])
	}

	var hours []int
	for h, n := range s.Hours {
		if n > 0 {
			hours = append(hours, h)
		}
	}
	slices.SortStableFunc(hours, func(a, b int) int { return cmp.Compare(s.Hours[b], s.Hours[a]) })
	if len(hours) > 0 {
		b.ActiveHours = hours[:min(3, len(hours))]
	}

	var terms []ranked
	for q, n := range s.SearchTerms {
		terms = append(terms, ranked{q, float64(n)})
	}
	b.SearchInterests = top(terms, 5)

	if s.Orders > 0 {
		b.ReturnPropensity = float64(s.Returns) / float64(s.Orders)
	}
	return b
}
