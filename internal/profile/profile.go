package profile

import (
	"sync"
	"time"

	"github.com/rapport-cx/rapport"
)

// MaxSearchTerms is how many distinct search terms a profile keeps.
const MaxSearchTerms = 20

// New returns an empty profile with the given id, created at t.
func New(id string, known bool, t time.Time) *rapport.Customer {
	return &rapport.Customer{ID: id, Known: known, CreatedAt: t, UpdatedAt: t}
}

// Apply folds one stored event into the customer's profile: identify traits
// into the basic tags, everything into the behaviour aggregates.
func Apply(c *rapport.Customer, e *rapport.Event) {
	if e.ReceivedAt.After(c.UpdatedAt) {
		c.UpdatedAt = e.ReceivedAt
	}
	if rapport.IsSystemEvent(e) {
		return // Rapport's own events are on the timeline, not customer activity
	}
	if e.UserID != "" {
		c.Known = true
	}
	if e.Type == rapport.TypeIdentify {
		applyTraits(c, e.Traits, e.Timestamp)
		if c.Basic.Channel == "" && e.Channel != rapport.ChannelOther {
			c.Basic.Channel = e.Channel
		}
	}
	s := &c.Stats
	s.Events++
	if s.FirstSeen.IsZero() || e.Timestamp.Before(s.FirstSeen) {
		s.FirstSeen = e.Timestamp
	}
	if e.Timestamp.After(s.LastSeen) {
		s.LastSeen = e.Timestamp
	}
	countChannel(s, e)
	countHour(s, e)
	if e.Type == rapport.TypeTrack {
		applyTrack(c, e)
	}
}

// countHour counts the event in the hour of day it happened for the
// customer: in the time zone its context names (Segment's
// context.timezone, e.g. "Asia/Shanghai"), else UTC.
func countHour(s *rapport.Stats, e *rapport.Event) {
	if len(s.Hours) != 24 {
		s.Hours = make([]int, 24)
	}
	at := e.Timestamp.UTC()
	if tz, _ := e.Context["timezone"].(string); tz != "" {
		if loc := location(tz); loc != nil {
			at = at.In(loc)
		}
	}
	s.Hours[at.Hour()]++
}

// locations caches time zones by name; nil marks an unknown name.
var locations sync.Map

func location(name string) *time.Location {
	if v, ok := locations.Load(name); ok {
		return v.(*time.Location)
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		loc = nil
	}
	locations.Store(name, loc)
	return loc
}

// countChannel counts the event, its session and its views on its channel.
// Sessions are cut where the gap to the channel's previous event exceeds
// rapport.SessionGap; events arriving out of order may start extra sessions.
func countChannel(s *rapport.Stats, e *rapport.Event) {
	if s.Channels == nil {
		s.Channels = map[rapport.Channel]*rapport.ChannelStats{}
	}
	ch := s.Channels[e.Channel]
	if ch == nil {
		ch = &rapport.ChannelStats{}
		s.Channels[e.Channel] = ch
	}
	ch.Events++
	gap := e.Timestamp.Sub(ch.LastSeen)
	if ch.LastSeen.IsZero() || gap > rapport.SessionGap || gap < -rapport.SessionGap {
		ch.Sessions++
	}
	if e.Timestamp.After(ch.LastSeen) {
		ch.LastSeen = e.Timestamp
	}
	if e.Type == rapport.TypePage || e.Type == rapport.TypeScreen || e.Name == rapport.EventProductViewed {
		ch.Views++
	}
}

func applyTrack(c *rapport.Customer, e *rapport.Event) {
	s, props := &c.Stats, e.Properties
	switch e.Name {
	case rapport.EventProductViewed:
		category(s, firstStr(props, "category")).Views++
	case rapport.EventProductsSearched:
		s.Searches++
		addSearchTerm(s, firstStr(props, "query", "search", "keyword"))
	case rapport.EventProductAdded:
		s.CartAdds++
		category(s, firstStr(props, "category")).Carts++
	case rapport.EventWishlistAdded:
		s.WishlistAdds++
	case rapport.EventCheckoutStarted:
		s.Checkouts++
	case rapport.EventOrderCompleted:
		applyOrder(s, e)
	case rapport.EventOrderRefunded:
		s.Refunds++
		s.RefundAmount += refundAmount(props, products(props))
	case rapport.EventOrderCancelled:
		s.Cancellations++
	case rapport.EventReturnRequested:
		s.Returns++
		addCount(&s.ReturnReasons, reasonOf(props))
	case rapport.EventProductReviewed:
		if r, ok := firstNum(props, "rating", "score", "stars"); ok {
			s.Reviews++
			s.RatingSum += r
			s.LastRating = r
		}
	case rapport.EventTicketCreated:
		s.Tickets++
		s.LastTicketAt = later(s.LastTicketAt, e.Timestamp)
	case rapport.EventSurveyResponded:
		applySurvey(s, props)
	case rapport.EventReferralDone:
		s.Referrals++
	case rapport.EventSignedUp:
		if c.Basic.RegisteredAt.IsZero() {
			c.Basic.RegisteredAt = e.Timestamp
		}
	}
}

func applyOrder(s *rapport.Stats, e *rapport.Event) {
	items := products(e.Properties)
	s.Orders++
	s.Revenue += orderTotal(e.Properties, items)
	if s.FirstOrderAt.IsZero() || e.Timestamp.Before(s.FirstOrderAt) {
		s.FirstOrderAt = e.Timestamp
	}
	if !e.Timestamp.Before(s.LastOrderAt) {
		s.LastOrderAt = e.Timestamp
		s.LastOrderID = firstStr(e.Properties, "order_id", "orderId")
	}
	for _, it := range items {
		cs := category(s, it.Category)
		cs.Orders++
		cs.Revenue += it.Price * float64(it.Quantity)
	}
}

// applySurvey counts a survey answer and keeps the latest NPS score. An answer
// is NPS when its survey_type (or type) says so, or when it has an nps field.
func applySurvey(s *rapport.Stats, props map[string]any) {
	s.Surveys++
	kind := firstStr(props, "survey_type", "type")
	score, ok := firstNum(props, "nps")
	if !ok && (kind == "nps" || kind == "NPS") {
		score, ok = firstNum(props, "score", "rating")
	}
	if ok && score >= 0 && score <= 10 {
		v := int(score)
		s.LastNPS = &v
	}
}

func reasonOf(props map[string]any) string {
	if r := firstStr(props, "reason", "return_reason"); r != "" {
		return r
	}
	return "unspecified"
}

// category returns the customer's counters for a category ("" → "uncategorised").
func category(s *rapport.Stats, name string) *rapport.CategoryStats {
	if name == "" {
		name = "uncategorised"
	}
	if s.Categories == nil {
		s.Categories = map[string]*rapport.CategoryStats{}
	}
	cs := s.Categories[name]
	if cs == nil {
		cs = &rapport.CategoryStats{}
		s.Categories[name] = cs
	}
	return cs
}

func addCount(m *map[string]int, key string) {
	if *m == nil {
		*m = map[string]int{}
	}
	(*m)[key]++
}

// addSearchTerm counts a query in the profile's top terms with the
// Space-Saving rule: when all MaxSearchTerms slots are taken, a new term
// replaces the least counted one and inherits its count plus one. Any term
// searched more often than 1/MaxSearchTerms of the time is always kept;
// counts of late arrivals are upper bounds.
func addSearchTerm(s *rapport.Stats, q string) {
	if q == "" {
		return
	}
	if _, ok := s.SearchTerms[q]; ok || len(s.SearchTerms) < MaxSearchTerms {
		addCount(&s.SearchTerms, q)
		return
	}
	victim := leastCounted(s.SearchTerms)
	s.SearchTerms[q] = s.SearchTerms[victim] + 1
	delete(s.SearchTerms, victim)
}

// leastCounted returns the term with the lowest count, the alphabetically
// last on ties, so the choice does not depend on map order.
func leastCounted(terms map[string]int) string {
	var victim string
	for k, n := range terms {
		if victim == "" || n < terms[victim] || (n == terms[victim] && k > victim) {
			victim = k
		}
	}
	return victim
}

// trimTerms drops the least counted terms beyond MaxSearchTerms (after a merge).
func trimTerms(terms map[string]int) {
	for len(terms) > MaxSearchTerms {
		delete(terms, leastCounted(terms))
	}
}

func later(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}

func earlier(a, b time.Time) time.Time {
	if a.IsZero() || (!b.IsZero() && b.Before(a)) {
		return b
	}
	return a
}
