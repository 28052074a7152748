package predict

import (
	"math"
	"sort"
	"time"

	"github.com/rapport-cx/rapport"
)

// Day is the unit of time of every model: recency, T and forecast horizons
// are in days.
const Day = 24 * time.Hour

// Summary is one customer's purchase history condensed as of a moment.
// Purchases on the same calendar day (UTC) count as one transaction, as in
// the BG/NBD literature.
type Summary struct {
	CustomerID string
	Orders     int       // completed orders before asOf
	Revenue    float64   // their total value
	First      time.Time // first order
	Last       time.Time // last order
	Days       []float64 // spend per purchase day, oldest first
	DayTimes   []time.Time
	Active     int // active days before asOf (any event)
	Active90   int // active days in the 90 days before asOf
	Orders90   int // orders in the 90 days before asOf
	Channels   map[rapport.Channel]int
	Categories []string // per order, its main category ("" when none)
}

// Summarise condenses h using only what happened strictly before asOf. ok is
// false when the customer had no order before asOf.
func Summarise(h *rapport.CustomerHistory, asOf time.Time) (s Summary, ok bool) {
	s.CustomerID = h.CustomerID
	since90 := asOf.Add(-90 * Day)
	for _, o := range h.Orders {
		if !o.At.Before(asOf) {
			break
		}
		s.add(o, since90)
	}
	for _, d := range h.ActiveDays {
		if !d.Before(asOf) {
			break
		}
		s.Active++
		if !d.Before(since90) {
			s.Active90++
		}
	}
	return s, s.Orders > 0
}

func (s *Summary) add(o rapport.HistoryOrder, since90 time.Time) {
	if s.Orders == 0 {
		s.First = o.At
		s.Channels = make(map[rapport.Channel]int)
	}
	s.Orders++
	s.Revenue += o.Total
	s.Last = o.At
	if !o.At.Before(since90) {
		s.Orders90++
	}
	if o.Channel != "" {
		s.Channels[o.Channel]++
	}
	s.Categories = append(s.Categories, MainCategory(o.Categories))
	day := o.At.UTC().Truncate(Day)
	if n := len(s.DayTimes); n > 0 && s.DayTimes[n-1].Equal(day) {
		s.Days[n-1] += o.Total
		return
	}
	s.DayTimes = append(s.DayTimes, day)
	s.Days = append(s.Days, o.Total)
}

// Transactions is the number of purchase days.
func (s *Summary) Transactions() int { return len(s.Days) }

// RecencyDays is the whole number of days from the last order to asOf.
func (s *Summary) RecencyDays(asOf time.Time) int {
	return int(asOf.Sub(s.Last) / Day)
}

// MainChannel is the channel of most orders, ties to the alphabetically first.
func (s *Summary) MainChannel() rapport.Channel {
	var best rapport.Channel
	for c, n := range s.Channels {
		if n > s.Channels[best] || (n == s.Channels[best] && c < best) {
			best = c
		}
	}
	return best
}

// MainCategory is the most frequent category of an order's lines, ties to
// the one that appears first, "" when no line has one.
func MainCategory(cats []string) string {
	counts := make(map[string]int, len(cats))
	best := ""
	for _, c := range cats {
		if c == "" {
			continue
		}
		counts[c]++
		if best == "" || counts[c] > counts[best] {
			best = c
		}
	}
	return best
}

// Summaries condenses every history as of asOf, keeping customers with an
// order before it, sorted by customer id.
func Summaries(hs []rapport.CustomerHistory, asOf time.Time) []Summary {
	out := make([]Summary, 0, len(hs))
	for i := range hs {
		if s, ok := Summarise(&hs[i], asOf); ok {
			out = append(out, s)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].CustomerID < out[j].CustomerID })
	return out
}

// log1p0 is log(1+max(x,0)).
func log1p0(x float64) float64 { return math.Log1p(math.Max(x, 0)) }
