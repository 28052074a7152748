package service

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/rapport-cx/rapport"
)

// ApprovalRules decide which after-sale requests are approved at once.
// A request is approved only if every rule passes; the reasons record
// each check, so a person sees why.
type ApprovalRules struct {
	Enabled bool               `json:"enabled"`
	Kinds   []rapport.CaseType `json:"kinds"`       // request kinds that may be approved automatically
	Days    int                `json:"within_days"` // days since delivery
	// MaxAmount caps the value of the items asked about.
	MaxAmount float64  `json:"max_amount"`
	Reasons   []string `json:"reasons"` // accepted reasons; empty accepts any
	// NotReturnable lists product categories never approved automatically.
	NotReturnable []string `json:"not_returnable,omitempty"`
	// MaxReturns flags a customer for abuse above this many returns and
	// refunds; a profile trait abuse_flag=true flags them too.
	MaxReturns int `json:"max_returns"`
}

// DefaultApprovalRules approve returns, exchanges and refunds of delivered
// orders within 7 days, up to 500, for sizing, change-of-mind and damage
// reasons, except underwear and food, for customers with at most 5 returns.
func DefaultApprovalRules() ApprovalRules {
	return ApprovalRules{Enabled: true, Kinds: []rapport.CaseType{rapport.CaseReturn, rapport.CaseExchange, rapport.CaseRefund},
		Days: 7, MaxAmount: 500, Reasons: []string{"size", "changed_mind", "damaged", "wrong_item", "not_as_described"},
		NotReturnable: []string{"underwear", "food"}, MaxReturns: 5}
}

func (r ApprovalRules) validate() error {
	for _, k := range r.Kinds {
		if !slices.Contains(afterSaleKinds, k) {
			return rapport.FieldErrorf("after_sales.kinds", "%q is not an after-sale kind", k)
		}
	}
	for _, f := range []struct {
		field string
		v     float64
	}{{"within_days", float64(r.Days)}, {"max_amount", r.MaxAmount}, {"max_returns", float64(r.MaxReturns)}} {
		if f.v < 0 {
			return rapport.FieldErrorf("after_sales."+f.field, "must not be negative")
		}
	}
	return nil
}

// afterSaleKinds are the kinds of after-sale requests.
var afterSaleKinds = []rapport.CaseType{rapport.CaseReturn, rapport.CaseExchange, rapport.CaseRefund, rapport.CaseQualityClaim}

// evaluate applies the rules to a request about an order, for a customer
// (nil if unknown), at time t. It returns whether every check passed and
// one line per check, "ok: …" or "no: …".
func (r ApprovalRules) evaluate(a *rapport.AfterSale, o *rapport.Order, cust *rapport.Customer, t time.Time) (bool, []string) {
	ok := true
	var out []string
	check := func(pass bool, format string, args ...any) {
		word := "ok"
		if !pass {
			ok, word = false, "no"
		}
		out = append(out, word+": "+fmt.Sprintf(format, args...))
	}
	if !r.Enabled {
		check(false, "automatic approval is off")
		return false, out
	}
	check(slices.Contains(r.Kinds, a.Kind), "kind %s %s approved automatically", a.Kind, may(slices.Contains(r.Kinds, a.Kind)))
	if o.DeliveredAt.IsZero() {
		check(false, "order %s has not been delivered", o.ID)
	} else {
		days := int(t.Sub(o.DeliveredAt).Hours() / 24)
		check(days <= r.Days, "delivered %d days ago, limit %d", days, r.Days)
	}
	check(a.Amount <= r.MaxAmount, "amount %.2f, limit %.2f", a.Amount, r.MaxAmount)
	if len(r.Reasons) > 0 {
		check(slices.Contains(r.Reasons, a.Reason), "reason %q %s in the accepted list", a.Reason, isOrNot(slices.Contains(r.Reasons, a.Reason)))
	}
	for _, it := range a.Items {
		if slices.Contains(r.NotReturnable, strings.ToLower(it.Category)) {
			check(false, "category %q of %s is not returnable", it.Category, it.ProductID)
		}
	}
	if cust != nil {
		returns := cust.Stats.Returns + cust.Stats.Refunds
		flagged, _ := cust.Traits["abuse_flag"].(bool)
		check(!flagged, "customer %s flagged for abuse", isOrNot(flagged))
		check(returns <= r.MaxReturns, "customer has %d returns and refunds, limit %d", returns, r.MaxReturns)
	}
	return ok, out
}

func may(b bool) string {
	if b {
		return "may be"
	}
	return "is never"
}

func isOrNot(b bool) string {
	if b {
		return "is"
	}
	return "is not"
}
