package demo

import (
	"fmt"
	"math"
	"time"

	"github.com/rapport-cx/rapport"
)

// issue is what went wrong with an order, if anything.
type issue int

const (
	issueNone issue = iota
	issueLate
	issueQuality
	issueSize
	issueNotAsDescribed
)

// returnReasons are the reason codes and the texts customers pick.
var returnReasons = map[issue]struct{ code, text string }{
	issueLate:           {"slow_delivery", "物流太慢"},
	issueQuality:        {"quality", "质量问题"},
	issueSize:           {"size", "尺码不合适"},
	issueNotAsDescribed: {"not_as_described", "与描述不符"},
}

var carriers = []string{"顺丰速运 SF Express", "中通快递 ZTO", "京东物流 JD Logistics", "圆通速递 YTO"}

var payments = []string{"alipay", "wechat_pay", "wechat_pay", "union_pay", "credit_card"}

// placed is an order as the simulation remembers it.
type placed struct {
	id    string
	at    time.Time
	ch    rapport.Channel
	items []*Product
	qty   []int
	total float64
}

// order simulates a visit that ends in a purchase and the order's life after
// it: shipping, delivery (late or not), and the customer's reaction.
func (s *sim) order(at time.Time, ch rapport.Channel, premium bool, forced issue) {
	if at.After(s.now) {
		return
	}
	o := s.basket(at, ch, premium)
	at = s.shopFor(o)
	s.orders++
	o.id = fmt.Sprintf("SO%s%03d", s.p.userID[1:], s.orders)
	o.at = at
	props := map[string]any{
		"order_id": o.id, "total": o.total, "subtotal": o.total, "currency": "CNY",
		"payment_method": payments[s.r.IntN(len(payments))], "products": o.products(),
	}
	s.track(rapport.EventOrderCompleted, ch, at, props)
	if forced == issueNone && s.r.Float64() < 0.02 {
		s.track(rapport.EventOrderCancelled, ch, at.Add(time.Duration(5+s.r.IntN(120))*time.Minute), map[string]any{"order_id": o.id, "reason": "changed_mind"})
		return
	}
	s.fulfil(o, s.experience(o, forced))
}

// basket chooses one to three products; high-value customers buy a premium item.
func (s *sim) basket(at time.Time, ch rapport.Channel, premium bool) *placed {
	o := &placed{ch: ch, at: at}
	cat := s.category()
	for i := range 1 + s.r.IntN(3) {
		if i > 0 && s.r.Float64() < 0.5 {
			break
		}
		p := s.product(cat, premium && i == 0)
		qty := 1
		if p.Price < 150 && s.r.Float64() < 0.3 {
			qty = 2 + s.r.IntN(2)
		}
		o.items, o.qty = append(o.items, p), append(o.qty, qty)
		o.total += p.Price * float64(qty)
	}
	o.total = math.Round(o.total*100) / 100
	return o
}

// shopFor emits the visit leading to the order and returns the time of purchase.
func (s *sim) shopFor(o *placed) time.Time {
	at, ch := o.at, o.ch
	s.view(ch, at, "Home")
	if s.r.Float64() < 0.5 {
		at = s.step(at)
		s.search(ch, at, s.category())
	}
	for i, p := range o.items {
		at = s.step(at)
		s.track(rapport.EventProductViewed, ch, at, productProps(p, 1))
		at = s.step(at)
		s.track(rapport.EventProductAdded, ch, at, productProps(p, o.qty[i]))
	}
	at = s.step(at)
	s.track(rapport.EventCartViewed, ch, at, map[string]any{"products": o.products()})
	at = s.step(at)
	s.track(rapport.EventCheckoutStarted, ch, at, map[string]any{"value": o.total, "currency": "CNY"})
	return s.step(at)
}

func (o *placed) products() []any {
	out := make([]any, len(o.items))
	for i, p := range o.items {
		out[i] = productProps(p, o.qty[i])
	}
	return out
}

// experience decides what goes wrong with an order: late delivery about one
// time in eight, a product problem more often for lower-quality products.
func (s *sim) experience(o *placed, forced issue) issue {
	if forced != issueNone {
		return forced
	}
	if s.r.Float64() < 0.12 {
		return issueLate
	}
	q := o.items[0].Quality
	switch n := s.r.Float64(); {
	case n < (1-q)*0.25:
		return issueQuality
	case n < (1-q)*0.25+0.03 && isApparel(o.items[0]):
		return issueSize
	case n < (1-q)*0.25+0.045:
		return issueNotAsDescribed
	}
	return issueNone
}

func isApparel(p *Product) bool {
	return p.Category == categories[0].name || p.Category == categories[1].name || p.Category == categories[2].name
}

// fulfil ships and delivers the order, then lets the customer react.
func (s *sim) fulfil(o *placed, is issue) {
	shipped := o.at.Add(time.Duration(4+s.r.IntN(30)) * time.Hour)
	promised := o.at.Add(time.Duration(2+s.r.IntN(3)) * day).Truncate(day).Add(20 * time.Hour)
	delivered := shipped.Add(time.Duration(20+s.r.IntN(40)) * time.Hour)
	if delivered.After(promised) {
		delivered = promised.Add(-time.Duration(1+s.r.IntN(8)) * time.Hour)
	}
	if is == issueLate {
		delivered = promised.Add(time.Duration(1+s.r.IntN(5))*day + time.Duration(s.r.IntN(10))*time.Hour)
	}
	carrier := carriers[s.r.IntN(len(carriers))]
	s.track(rapport.EventOrderShipped, o.ch, shipped, map[string]any{
		"order_id": o.id, "carrier": carrier, "tracking_number": fmt.Sprintf("T%s", o.id[2:]),
		"promised_at": promised.Format(time.RFC3339),
	})
	if delivered.After(s.now) {
		return
	}
	s.track(rapport.EventOrderDelivered, o.ch, delivered, map[string]any{
		"order_id": o.id, "promised_at": promised.Format(time.RFC3339),
		"delivered_at": delivered.Format(time.RFC3339), "late": is == issueLate,
	})
	s.react(o, is, delivered)
}

// react is what the customer does after delivery: complain, return, review,
// answer a survey; the worse the experience the lower the scores.
func (s *sim) react(o *placed, is issue, delivered time.Time) {
	at := delivered
	if s.complains(o, is) {
		at = s.ticket(o, is, at.Add(time.Duration(1+s.r.IntN(30))*time.Hour))
	}
	if is != issueNone && is != issueLate && s.r.Float64() < 0.75 {
		at = s.returnItem(o, is, at.Add(time.Duration(2+s.r.IntN(48))*time.Hour))
	}
	reviewRate := 0.3
	if is != issueNone || s.p.persona == PersonaPromoter {
		reviewRate = 0.55
	}
	if is != issueNone && s.p.persona == PersonaChurnRisk {
		reviewRate = 1
	}
	if s.r.Float64() < reviewRate {
		s.review(o, is, delivered.Add(time.Duration(1+s.r.IntN(10))*day))
	}
	if s.r.Float64() < 0.1 {
		s.survey(delivered.Add(time.Duration(2+s.r.IntN(5))*day), "nps", s.npsScore(is))
	}
}

// complains says whether the customer contacts service about the order:
// problem customers always do about a recent order that went wrong.
func (s *sim) complains(o *placed, is issue) bool {
	switch {
	case is == issueNone:
		return false
	case s.p.persona == PersonaProblem && o.at.After(s.now.Add(-30*day)):
		return true
	case is == issueLate:
		return s.r.Float64() < 0.45
	}
	return s.r.Float64() < 0.6
}

// npsScore is how likely the customer is to recommend the shop, 0–10.
func (s *sim) npsScore(is issue) int {
	base := 6 + s.r.IntN(5)
	switch s.p.persona {
	case PersonaPromoter:
		base = 9 + s.r.IntN(2)
	case PersonaChurnRisk, PersonaProblem:
		base = 2 + s.r.IntN(6)
	}
	if is != issueNone {
		base -= 2 + s.r.IntN(3)
	}
	return max(0, min(10, base))
}

// returnItem requests a return of the first item and is refunded for it.
func (s *sim) returnItem(o *placed, is issue, at time.Time) time.Time {
	reason := returnReasons[is]
	item := []any{productProps(o.items[0], o.qty[0])}
	amount := o.items[0].Price * float64(o.qty[0])
	s.track(rapport.EventReturnRequested, o.ch, at, map[string]any{
		"order_id": o.id, "return_id": "RT" + o.id[2:], "reason": reason.code, "reason_text": reason.text, "products": item,
	})
	at = at.Add(time.Duration(24+s.r.IntN(72)) * time.Hour)
	props := map[string]any{"order_id": o.id, "total": amount, "currency": "CNY", "reason": reason.code, "products": item}
	if len(o.items) == 1 {
		delete(props, "products") // the whole order is refunded
	}
	s.track(rapport.EventOrderRefunded, o.ch, at, props)
	return at
}
