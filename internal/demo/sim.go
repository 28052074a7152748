package demo

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"time"

	"github.com/rapport-cx/rapport"
)

// shop is the catalogue with the indexes the simulation draws from.
type shop struct {
	seed     int64
	products []Product
	byCat    [][]int // product indexes per category
	premium  []int   // indexes of premium products
}

func newShop(seed int64) *shop {
	s := &shop{seed: seed, products: Catalogue(seed), byCat: make([][]int, len(categories))}
	for i, p := range s.products {
		ci := slices.IndexFunc(categories, func(c category) bool { return c.name == p.Category })
		s.byCat[ci] = append(s.byCat[ci], i)
		if p.Premium {
			s.premium = append(s.premium, i)
		}
	}
	return s
}

// sim simulates one customer; its events come out in time order.
type sim struct {
	r          *rand.Rand
	shop       *shop
	p          *plan
	now        time.Time
	identified bool // events after registration carry the userId
	out        []*rapport.Event
	orders     int
	tickets    int
}

// customerEvents simulates one customer's year and returns their events,
// ordered by time, with deterministic message ids.
func customerEvents(s *shop, p *plan, now time.Time) []*rapport.Event {
	sm := &sim{r: rand.New(rand.NewPCG(uint64(s.seed), uint64(p.idx)+1)), shop: s, p: p, now: now}
	sm.live()
	slices.SortStableFunc(sm.out, func(a, b *rapport.Event) int { return a.Timestamp.Compare(b.Timestamp) })
	for i, e := range sm.out {
		e.MessageID = fmt.Sprintf("demo-%d-%06d-%04d", s.seed, p.idx, i)
	}
	return sm.out
}

// live runs the customer's life: first visits, registration, then what their persona does.
func (s *sim) live() {
	p := s.p
	if p.persona == PersonaVisitor {
		for range 1 + s.r.IntN(3) {
			s.browse(s.between(p.registered, s.now), p.channel, 0.1)
		}
		return
	}
	s.browse(p.firstSeen, p.channel, 0.15)
	s.register()
	switch p.persona {
	case PersonaNew:
		s.browseMany(1+s.r.IntN(3), p.registered, s.now, 0.2)
	case PersonaPotential:
		s.browseMany(3+s.r.IntN(6), p.registered, s.now, 0.35)
	case PersonaLapsed:
		s.lapsed()
	case PersonaChurnRisk:
		s.churnRisk()
	default:
		s.buyer()
	}
	s.referrals()
}

// emit adds an event at time at, unless it lies after now.
func (s *sim) emit(typ, name string, ch rapport.Channel, at time.Time, props, traits map[string]any) *rapport.Event {
	if at.After(s.now) {
		return nil
	}
	e := &rapport.Event{
		Type: typ, Name: name, AnonymousID: s.p.anonID, Channel: ch, Source: "demo",
		Timestamp: at, ReceivedAt: at, Properties: props, Traits: traits,
		Context: map[string]any{"channel": string(ch), "locale": "zh-CN"},
	}
	if s.identified {
		e.UserID = s.p.userID
	}
	s.out = append(s.out, e)
	return e
}

func (s *sim) track(name string, ch rapport.Channel, at time.Time, props map[string]any) {
	s.emit(rapport.TypeTrack, name, ch, at, props, nil)
}

// view records a page (web) or screen (app, mini-program) view.
func (s *sim) view(ch rapport.Channel, at time.Time, name string) {
	typ := rapport.TypeScreen
	if ch == rapport.ChannelWeb {
		typ = rapport.TypePage
	}
	s.emit(typ, name, ch, at, map[string]any{"title": name}, nil)
}

// register identifies the customer, merging their anonymous visits.
func (s *sim) register() {
	p := s.p
	s.identified = true
	ch := p.channel
	s.emit(rapport.TypeIdentify, "", ch, p.registered, nil, p.person.traits(p.registered, string(ch), p.referredBy))
	props := map[string]any{"method": "phone"}
	if p.referredBy != "" {
		props["referrer"] = p.referredBy
	}
	s.track(rapport.EventSignedUp, ch, p.registered.Add(time.Second), props)
}

// between returns a time in [from, to), moved to a plausible hour of the day.
func (s *sim) between(from, to time.Time) time.Time {
	if !to.After(from) {
		return from
	}
	t := from.Add(time.Duration(s.r.Int64N(int64(to.Sub(from)))))
	hour := []int{8, 9, 10, 12, 12, 13, 14, 15, 17, 19, 20, 20, 21, 21, 21, 22, 22, 23}[s.r.IntN(18)]
	d := time.Date(t.Year(), t.Month(), t.Day(), hour, s.r.IntN(60), s.r.IntN(60), 0, time.UTC)
	if d.Before(from) || d.After(to) {
		return t
	}
	return d
}

// channel is the channel of one visit: mostly the preferred one.
func (s *sim) channel() rapport.Channel {
	if s.r.Float64() < 0.8 {
		return s.p.channel
	}
	return pickChannel(s.r)
}

// category picks a category the customer likes, sometimes another.
func (s *sim) category() int {
	if s.r.Float64() < 0.8 {
		return s.p.likes[s.r.IntN(len(s.p.likes))]
	}
	return s.r.IntN(len(categories))
}

// product picks a product of a category; premium asks for a premium one.
func (s *sim) product(cat int, premium bool) *Product {
	if premium && s.r.Float64() < 0.85 {
		return &s.shop.products[s.shop.premium[s.r.IntN(len(s.shop.premium))]]
	}
	list := s.shop.byCat[cat]
	k := min(s.r.IntN(len(list)), s.r.IntN(len(list))) // popular products first
	return &s.shop.products[list[k]]
}

// step moves a visit on by a few seconds to a few minutes.
func (s *sim) step(t time.Time) time.Time {
	return t.Add(time.Duration(8+s.r.IntN(150)) * time.Second)
}

// productProps are the e-commerce spec's properties of one product.
func productProps(p *Product, qty int) map[string]any {
	return map[string]any{
		"product_id": p.ID, "sku": p.ID, "name": p.Name, "category": p.Category,
		"brand": p.Brand, "price": p.Price, "quantity": float64(qty), "currency": "CNY",
	}
}
