package segment

import (
	"fmt"
	"math"
	"slices"

	"github.com/rapport-cx/rapport"
)

// The lifecycle segments of S0 §2.2, in primary-stage precedence order.
const (
	Problem   = "problem"    // 问题用户
	ChurnRisk = "churn_risk" // 流失风险用户
	HighValue = "high_value" // 高价值用户
	Seed      = "seed"       // 种子用户
	Potential = "potential"  // 潜力用户
	New       = "new"        // 新增用户
)

// Precedence orders the lifecycle segments for a customer's primary stage:
// the first one the customer is in wins (docs/segments.md says why).
var Precedence = []string{Problem, ChurnRisk, HighValue, Seed, Potential, New}

// Primary returns the customer's primary lifecycle stage among the
// segments they are in, "" when they are in none.
func Primary(segmentIDs []string) string {
	for _, id := range Precedence {
		if slices.Contains(segmentIDs, id) {
			return id
		}
	}
	return ""
}

// Rating rules: which review ratings make a lapsed buyer a churn risk.
const (
	RatingLast    = "last"    // the most recent review's rating
	RatingAverage = "average" // the mean of all the customer's ratings
	RatingAny     = "any"     // any review in the last year
)

// Settings are the parameters of the lifecycle segments; saving them
// rewrites the six lifecycle rules (docs/segments.md).
type Settings struct {
	WindowDays        int     `json:"window_days"`         // high-value look-back window; default 90
	PurchasesPerMonth float64 `json:"purchases_per_month"` // high-value purchase rate; default 2
	AOVThreshold      float64 `json:"aov_threshold"`       // high-value average order value; default 1,000
	ChurnDays         int     `json:"churn_days"`          // churn-risk: days without an order; default 30
	RatingRule        string  `json:"rating_rule"`         // churn-risk rating rule; default last
	RatingMax         float64 `json:"rating_max"`          // churn-risk rating at or below which; default 3
	ProblemDays       int     `json:"problem_days"`        // problem: a ticket in this many days; default 30
	NewDays           int     `json:"new_days"`            // new: registered fewer days ago; default 7
	PotentialDays     int     `json:"potential_days"`      // potential: registered fewer days ago, from NewDays on; default 30
}

// DefaultSettings are S0's values.
func DefaultSettings() Settings {
	return Settings{WindowDays: 90, PurchasesPerMonth: 2, AOVThreshold: 1000, ChurnDays: 30,
		RatingRule: RatingLast, RatingMax: 3, ProblemDays: 30, NewDays: 7, PotentialDays: 30}
}

// Validate checks settings, naming the bad one.
func (s Settings) Validate() error {
	days := func(name string, v int) error {
		if v <= 0 || v > MaxWindowDays {
			return rapport.FieldErrorf(name, "must be between 1 and %d days", MaxWindowDays)
		}
		return nil
	}
	for _, d := range []struct {
		name string
		v    int
	}{{"window_days", s.WindowDays}, {"churn_days", s.ChurnDays}, {"problem_days", s.ProblemDays},
		{"new_days", s.NewDays}, {"potential_days", s.PotentialDays}} {
		if err := days(d.name, d.v); err != nil {
			return err
		}
	}
	switch {
	case s.PurchasesPerMonth <= 0 || s.PurchasesPerMonth > 1000:
		return rapport.FieldErrorf("purchases_per_month", "must be more than 0 and at most 1000")
	case s.AOVThreshold < 0:
		return rapport.FieldErrorf("aov_threshold", "must not be negative")
	case !slices.Contains([]string{RatingLast, RatingAverage, RatingAny}, s.RatingRule):
		return rapport.FieldErrorf("rating_rule", "must be last, average or any")
	case s.RatingMax < 1 || s.RatingMax > 5:
		return rapport.FieldErrorf("rating_max", "must be between 1 and 5")
	case s.PotentialDays <= s.NewDays:
		return rapport.FieldErrorf("potential_days", "must be more than new_days (%d)", s.NewDays)
	}
	return nil
}

// MinOrders is the number of orders in the window that makes the purchase
// rate: PurchasesPerMonth per 30 days, rounded up.
func (s Settings) MinOrders() int {
	return int(math.Ceil(s.PurchasesPerMonth*float64(s.WindowDays)/30 - 1e-9))
}

func field(name, op string, value any) Rule { return Rule{Field: name, Op: op, Value: value} }

func all(rules ...Rule) Rule { return Rule{All: rules} }

// LifecycleRules returns the six lifecycle rules for the settings.
func LifecycleRules(s Settings) map[string]Rule {
	window := s.WindowDays
	orders := &EventRule{Name: rapport.EventOrderCompleted, WithinDays: window}
	aov := &EventRule{Name: rapport.EventOrderCompleted, WithinDays: window, Aggregate: "avg", Property: "total"}
	var rating Rule
	switch s.RatingRule {
	case RatingAverage:
		rating = field("average_rating", "<=", s.RatingMax)
	case RatingAny:
		rating = Rule{Event: &EventRule{Name: rapport.EventProductReviewed, WithinDays: 365,
			Where: []Filter{{Property: "rating", Op: "<=", Value: s.RatingMax}}}, Op: ">=", Value: 1.0}
	default:
		rating = field("last_rating", "<=", s.RatingMax)
	}
	return map[string]Rule{
		New: all(field("days_since_registered", "<", float64(s.NewDays)), field("orders", "=", 0.0)),
		Potential: all(field("days_since_registered", "between", []any{float64(s.NewDays), float64(s.PotentialDays - 1)}),
			field("sessions", ">=", 3.0), field("orders", "=", 0.0)),
		HighValue: all(Rule{Event: orders, Op: ">=", Value: float64(s.MinOrders())},
			Rule{Event: aov, Op: ">=", Value: s.AOVThreshold}),
		ChurnRisk: all(field("orders", ">=", 1.0), field("days_since_last_order", ">=", float64(s.ChurnDays)), rating),
		Problem:   field("days_since_last_ticket", "<", float64(s.ProblemDays)),
		Seed:      all(field("nps", ">=", 9.0), field("referrals", ">=", 1.0)),
	}
}

// lifecycleNames are the built-in segments' English names and descriptions.
var lifecycleNames = map[string][2]string{
	New:       {"New", "Registered in the last 7 days and has not bought yet."},
	Potential: {"Potential", "Registered 7–30 days ago, at least 3 browsing sessions, no purchase yet."},
	HighValue: {"High value", "On average at least 2 purchases a month over the window, with a high average order value."},
	ChurnRisk: {"Churn risk", "Has bought before, not in the last 30 days, and rated the shop poorly."},
	Problem:   {"Problem", "Contacted customer service in the last 30 days."},
	Seed:      {"Seed", "Answered NPS with 9 or 10 and has referred someone."},
}

// Builtins returns the lifecycle segments as stored definitions.
func Builtins(s Settings) []rapport.Segment {
	rules := LifecycleRules(s)
	out := make([]rapport.Segment, 0, len(Precedence))
	for _, id := range Precedence {
		n := lifecycleNames[id]
		out = append(out, rapport.Segment{ID: id, Name: n[0], Description: n[1], Builtin: true, Rule: rules[id].JSON()})
	}
	return out
}

// IsLifecycle reports whether id names one of the six lifecycle segments.
func IsLifecycle(id string) bool { return slices.Contains(Precedence, id) }

// reservedIDs name console and API pages under /segments/.
var reservedIDs = []string{"create", "preview", "rfm", "clusters", "settings"}

// ValidID checks a segment id: 1–64 lowercase letters, digits, _ or -,
// and not the name of a page under /segments/.
func ValidID(id string) error {
	if id == "" || len(id) > 64 {
		return rapport.FieldErrorf("id", "must be 1 to 64 characters")
	}
	if slices.Contains(reservedIDs, id) {
		return rapport.FieldErrorf("id", "%q is reserved", id)
	}
	for _, r := range id {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '_' || r == '-') {
			return rapport.FieldErrorf("id", "may hold only lowercase letters, digits, _ and - (found %q)", fmt.Sprint(string(r)))
		}
	}
	return nil
}
