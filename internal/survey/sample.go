package survey

import (
	"context"
	"math/rand/v2"
	"time"

	"github.com/rapport-cx/rapport"
)

// Pick is one customer drawn for an interview.
type Pick struct {
	CustomerID string    `json:"customer_id"`
	Name       string    `json:"name,omitempty"`
	Email      string    `json:"email,omitempty"`
	Stage      string    `json:"stage"`
	Orders     int       `json:"orders"`
	Revenue    float64   `json:"revenue"`
	LastOrder  time.Time `json:"last_order_at,omitzero"`
}

// SampleResult is a stratified interview list and what it was drawn from.
type SampleResult struct {
	Month     string         `json:"month"`
	Picks     []Pick         `json:"picks"`
	Eligible  map[string]int `json:"eligible"`            // per stage, after exclusions
	Excluded  int            `json:"excluded"`            // contacted within the exclusion window
	Shortfall map[string]int `json:"shortfall,omitempty"` // stages with fewer eligible customers than asked
}

// Sample draws perTier known customers from each lifecycle stage, leaving
// out those contacted within excludeDays of now. The draw is random but
// the same for the same month. With record set, the picked customers are
// noted as contacted now, so next month's list leaves them out.
func (s *Service) Sample(ctx context.Context, perTier, excludeDays int, record bool, now time.Time) (*SampleResult, error) {
	if perTier < 1 || perTier > 1000 {
		return nil, rapport.FieldErrorf("per_tier", "per tier must be 1 to 1000, not %d", perTier)
	}
	if excludeDays < 0 {
		return nil, rapport.FieldErrorf("exclude_days", "exclude days cannot be negative")
	}
	recent, err := s.store.ContactedSince(ctx, now.AddDate(0, 0, -excludeDays))
	if err != nil {
		return nil, err
	}
	ids, err := s.store.CustomerIDs(ctx)
	if err != nil {
		return nil, err
	}
	month := now.UTC().Format("2006-01")
	res := &SampleResult{Month: month, Eligible: map[string]int{}}
	strata := map[string][]Pick{}
	for _, id := range ids {
		if _, ok := recent[id]; ok && excludeDays > 0 {
			res.Excluded++
			continue
		}
		c, err := s.store.Customer(ctx, id)
		if err != nil {
			return nil, err
		}
		st := Lifecycle(c, now)
		strata[st] = append(strata[st], Pick{CustomerID: id, Name: c.Name, Email: c.Email, Stage: st,
			Orders: c.Stats.Orders, Revenue: c.Stats.Revenue, LastOrder: c.Stats.LastOrderAt})
		res.Eligible[st]++
	}
	r := rand.New(rand.NewPCG(uint64(now.Year()), uint64(now.Month())))
	for _, st := range Stages {
		list := strata[st]
		r.Shuffle(len(list), func(i, j int) { list[i], list[j] = list[j], list[i] })
		n := min(perTier, len(list))
		if n < perTier {
			if res.Shortfall == nil {
				res.Shortfall = map[string]int{}
			}
			res.Shortfall[st] = perTier - n
		}
		res.Picks = append(res.Picks, list[:n]...)
	}
	if record {
		for _, p := range res.Picks {
			if err := s.store.RecordContact(ctx, p.CustomerID, now); err != nil {
				return nil, err
			}
		}
	}
	return res, nil
}
