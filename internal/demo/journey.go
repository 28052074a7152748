package demo

import (
	"fmt"
	"time"

	"github.com/rapport-cx/rapport"
)

// browse simulates one visit without a purchase; cartRate is the chance the
// customer adds something to the cart.
func (s *sim) browse(at time.Time, ch rapport.Channel, cartRate float64) {
	cat := s.category()
	s.view(ch, at, "Home")
	at = s.step(at)
	if s.r.Float64() < 0.45 {
		s.search(ch, at, cat)
		at = s.step(at)
	}
	var seen *Product
	for range 1 + s.r.IntN(4) {
		seen = s.product(cat, false)
		s.track(rapport.EventProductViewed, ch, at, productProps(seen, 1))
		at = s.step(at)
	}
	if s.r.Float64() < 0.1 {
		s.track(rapport.EventWishlistAdded, ch, at, productProps(seen, 1))
		at = s.step(at)
	}
	if s.r.Float64() < cartRate {
		s.track(rapport.EventProductAdded, ch, at, productProps(seen, 1))
		s.track(rapport.EventCartViewed, ch, s.step(at), map[string]any{"products": []any{productProps(seen, 1)}})
	}
}

// browseMany spreads n visits over [from, to).
func (s *sim) browseMany(n int, from, to time.Time, cartRate float64) {
	for range n {
		s.browse(s.between(from, to), s.channel(), cartRate)
	}
}

func (s *sim) search(ch rapport.Channel, at time.Time, cat int) {
	q := categories[cat].search[s.r.IntN(len(categories[cat].search))]
	s.track(rapport.EventProductsSearched, ch, at, map[string]any{"query": q})
}

// months is the length of [from, to) in months of 30 days.
func months(from, to time.Time) float64 {
	return to.Sub(from).Hours() / (30 * 24)
}

// buyer simulates regular buyers, high-value customers, promoters and
// problem customers: orders spread over their time with the shop, visits
// in between, and for problem customers a recent order that goes wrong.
func (s *sim) buyer() {
	p := s.p
	from, to := p.registered.Add(time.Hour), s.now
	span := months(from, to)
	var perMonth float64
	premium := false
	switch p.persona {
	case PersonaHighValue:
		perMonth, premium = 2.4+s.r.Float64()*1.6, true
	case PersonaPromoter:
		perMonth = 0.8 + s.r.Float64()*0.8
	default:
		perMonth = 0.15 + s.r.Float64()*0.5
	}
	n := max(1, int(span*perMonth+0.5))
	for range n {
		s.order(s.between(from, to), s.channel(), premium, issueNone)
	}
	s.browseMany(int(span*(1+s.r.Float64()*2)), from, to, 0.25)
	switch p.persona {
	case PersonaProblem:
		s.order(s.between(s.now.Add(-24*day), s.now.Add(-10*day)), s.channel(), false, s.problemIssue())
	case PersonaPromoter:
		s.survey(s.between(s.now.Add(-80*day), s.now), "nps", 9+s.r.IntN(2))
	}
}

func (s *sim) problemIssue() issue {
	return []issue{issueLate, issueQuality, issueNotAsDescribed, issueSize, issueLate}[s.r.IntN(5)]
}

// churnRisk simulates a customer who bought a few times, had a bad last
// experience and has not bought for more than a month.
func (s *sim) churnRisk() {
	p := s.p
	last := s.now.Add(-time.Duration(40+s.r.IntN(130)) * day)
	if !last.After(p.registered.Add(10 * day)) {
		last = p.registered.Add(10 * day)
	}
	for range 1 + s.r.IntN(4) {
		s.order(s.between(p.registered.Add(time.Hour), last.Add(-5*day)), s.channel(), false, issueNone)
	}
	s.order(last, s.channel(), false, []issue{issueLate, issueQuality, issueNotAsDescribed}[s.r.IntN(3)])
	s.browseMany(1+s.r.IntN(4), p.registered, last.Add(20*day), 0.1)
}

// lapsed simulates a customer who came a few times and bought at most once.
func (s *sim) lapsed() {
	p := s.p
	end := p.registered.Add(time.Duration(20+s.r.IntN(60)) * day)
	if s.r.Float64() < 0.5 {
		s.order(s.between(p.registered.Add(time.Hour), end), s.channel(), false, issueNone)
	}
	s.browseMany(1+s.r.IntN(3), p.registered, end, 0.15)
}

// referrals records each customer this promoter brought in.
func (s *sim) referrals() {
	for i, c := range s.p.referees {
		s.track(rapport.EventReferralDone, s.p.channel, c.registered.Add(time.Hour), map[string]any{
			"referral_id":      fmt.Sprintf("R%s-%d", s.p.userID, i+1),
			"referred_user_id": c.userID,
			"reward":           20.0,
			"currency":         "CNY",
		})
	}
}

// survey records an answer to a CSAT (1–5) or NPS (0–10) survey.
func (s *sim) survey(at time.Time, kind string, score int) {
	props := map[string]any{"survey_id": kind + "-" + at.Format("2006Q") + quarter(at), "survey_type": kind, "score": float64(score)}
	if kind == "nps" {
		props["nps"] = float64(score)
	}
	s.track(rapport.EventSurveyResponded, s.channel(), at, props)
}

func quarter(t time.Time) string {
	return fmt.Sprint((int(t.Month())-1)/3 + 1)
}
