package demo

import (
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/rapport-cx/rapport"
)

// Persona is the kind of customer the generator simulates. Segments are not
// assigned: they emerge from the behaviour each persona produces.
type Persona int

// The personas, roughly the lifecycle types of S0 §2.2 plus ordinary buyers.
const (
	PersonaVisitor   Persona = iota // browses anonymously, never registers
	PersonaNew                      // registered in the last 7 days, no purchase yet
	PersonaPotential                // registered 7–30 days ago, visits often, no purchase
	PersonaRegular                  // buys now and then
	PersonaHighValue                // buys premium items several times a month
	PersonaChurnRisk                // bought before, had a bad experience, went quiet
	PersonaProblem                  // a recent order went wrong and they contacted service
	PersonaPromoter                 // happy repeat buyer who recommends the shop
	PersonaLapsed                   // registered long ago, rarely back, barely bought
)

// personaShares are the per-mille shares of registered customers.
var personaShares = []struct {
	p     Persona
	share int
}{
	{PersonaNew, 50}, {PersonaPotential, 80}, {PersonaRegular, 430}, {PersonaHighValue, 45},
	{PersonaChurnRisk, 120}, {PersonaProblem, 70}, {PersonaPromoter, 75}, {PersonaLapsed, 130},
}

// plan is what the generator decides about a customer before simulating them.
type plan struct {
	idx        int
	persona    Persona
	userID     string // "" for visitors
	anonID     string
	channel    rapport.Channel // preferred channel
	firstSeen  time.Time       // first (anonymous) visit
	registered time.Time
	person     person
	likes      []int // preferred category indexes
	referredBy string
	referees   []*plan // customers this one referred
}

// plans decides every customer of the shop: personas, registration times,
// channels, tastes and who referred whom.
func plans(seed int64, now time.Time, customers, visitors int) []*plan {
	r := rand.New(rand.NewPCG(uint64(seed), 0x91a45))
	out := make([]*plan, 0, customers+visitors)
	for i := range customers {
		out = append(out, newPlan(r, i, pickPersona(r), now))
	}
	for i := range visitors {
		out = append(out, newPlan(r, customers+i, PersonaVisitor, now))
	}
	assignReferrals(r, out)
	return out
}

func pickPersona(r *rand.Rand) Persona {
	n := r.IntN(1000)
	for _, s := range personaShares {
		if n < s.share {
			return s.p
		}
		n -= s.share
	}
	return PersonaRegular
}

func newPlan(r *rand.Rand, idx int, p Persona, now time.Time) *plan {
	pl := &plan{idx: idx, persona: p, anonID: fmt.Sprintf("dev-%06x", uint32(r.Uint64())) + fmt.Sprintf("%05d", idx)}
	if p != PersonaVisitor {
		pl.userID = fmt.Sprintf("C%06d", 100001+idx)
	}
	pl.channel = pickChannel(r)
	pl.registered = now.Add(-registrationAge(r, p))
	pl.firstSeen = pl.registered.Add(-time.Duration(r.Float64() * float64(14*24*time.Hour)))
	if r.Float64() < 0.35 {
		pl.firstSeen = pl.registered.Add(-time.Duration(r.IntN(40)) * time.Minute)
	}
	pl.person = newPerson(r, idx, now, p == PersonaHighValue)
	pl.likes = []int{r.IntN(len(categories)), r.IntN(len(categories)), r.IntN(len(categories))}
	return pl
}

func pickChannel(r *rand.Rand) rapport.Channel {
	switch n := r.IntN(100); {
	case n < 42:
		return rapport.ChannelApp
	case n < 75:
		return rapport.ChannelMiniProgram
	default:
		return rapport.ChannelWeb
	}
}

const day = 24 * time.Hour

// registrationAge is how long before now the customer registered.
func registrationAge(r *rand.Rand, p Persona) time.Duration {
	days := func(lo, hi float64) time.Duration {
		return time.Duration((lo + r.Float64()*(hi-lo)) * float64(day))
	}
	switch p {
	case PersonaNew:
		return days(0.1, 6.9)
	case PersonaPotential:
		return days(8, 29)
	case PersonaHighValue:
		return days(200, 360)
	case PersonaChurnRisk, PersonaLapsed:
		return days(150, 362)
	case PersonaPromoter:
		return days(90, 362)
	case PersonaVisitor:
		return days(0, 360)
	}
	return days(31, 362)
}

// assignReferrals lets each promoter refer one to three customers who
// registered later and were not referred yet.
func assignReferrals(r *rand.Rand, all []*plan) {
	free := make([]*plan, 0, len(all))
	for _, p := range all {
		if p.persona != PersonaVisitor && p.persona != PersonaPromoter {
			free = append(free, p)
		}
	}
	for _, p := range all {
		if p.persona != PersonaPromoter {
			continue
		}
		for range 1 + r.IntN(3) {
			for try := 0; try < 20 && len(free) > 0; try++ {
				k := r.IntN(len(free))
				if c := free[k]; c.referredBy == "" && c.registered.After(p.registered.Add(7*day)) {
					c.referredBy = p.userID
					p.referees = append(p.referees, c)
					break
				}
			}
		}
	}
}
