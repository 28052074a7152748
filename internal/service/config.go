package service

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"time"

	"github.com/rapport-cx/rapport"
)

// Duration is a time.Duration written as "90m" or "8h" in configuration.
type Duration time.Duration

// MarshalJSON writes the duration as text.
func (d Duration) MarshalJSON() ([]byte, error) { return json.Marshal(time.Duration(d).String()) }

// UnmarshalJSON reads "90m", "8h30m" or "0".
func (d *Duration) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return err
	}
	v, err := time.ParseDuration(s)
	if err != nil || v < 0 {
		return fmt.Errorf("duration %q: want a value like 90m or 8h", s)
	}
	*d = Duration(v)
	return nil
}

// Policy is a set of SLA targets and the cases it applies to. Targets are
// business time on the policy's calendar; zero means no such target.
type Policy struct {
	Name     string `json:"name"`
	Calendar string `json:"calendar"` // a calendar's name, or "24x7"
	// ByNameOnly policies are never selected by conditions, only given to
	// the cases Rapport opens itself (after-sale decisions, hand-overs).
	ByNameOnly    bool       `json:"by_name_only,omitempty"`
	When          Conditions `json:"when"`
	FirstResponse Duration   `json:"first_response"`
	NextResponse  Duration   `json:"next_response"`
	Resolution    Duration   `json:"resolution"`
	WarnBefore    Duration   `json:"warn_before"` // warn this much business time before a target
	OnWarning     []Action   `json:"on_warning,omitempty"`
	OnBreach      []Action   `json:"on_breach,omitempty"`
}

// Conditions select the cases a policy applies to; every set condition
// must hold, and a policy without conditions applies to every case.
// Segments hold when the customer is in at least one of them (from the
// segment store); customer value is read from the live profile's
// aggregates (orders, revenue, average order value).
type Conditions struct {
	Priorities []rapport.Priority `json:"priorities,omitempty"`
	Types      []rapport.CaseType `json:"types,omitempty"`
	Channels   []rapport.Channel  `json:"channels,omitempty"`
	Segments   []string           `json:"segments,omitempty"`
	MinOrders  int                `json:"min_orders,omitempty"`
	MinRevenue float64            `json:"min_revenue,omitempty"`
	MinAOV     float64            `json:"min_aov,omitempty"`
}

// validate checks that the conditions name known priorities, types and
// channels; errors name the field under prefix.
func (w Conditions) validate(prefix string) error {
	for _, p := range w.Priorities {
		if !slices.Contains(rapport.Priorities, p) {
			return rapport.FieldErrorf(prefix+".priorities", "%q is not a priority", p)
		}
	}
	for _, t := range w.Types {
		if !slices.Contains(rapport.CaseTypes, t) {
			return rapport.FieldErrorf(prefix+".types", "%q is not a case type", t)
		}
	}
	for _, c := range w.Channels {
		if !slices.Contains(rapport.Channels, c) {
			return rapport.FieldErrorf(prefix+".channels", "%q is not a channel", c)
		}
	}
	return nil
}

// who is a case's customer as policy conditions see them: the profile (nil
// if unknown) and the ids of the segments they are in.
type who struct {
	cust     *rapport.Customer
	segments []string
}

// matches reports whether a case, with its customer, meets the conditions.
func (w Conditions) matches(c *rapport.Case, cu who) bool {
	if len(w.Priorities) > 0 && !slices.Contains(w.Priorities, c.Priority) ||
		len(w.Types) > 0 && !slices.Contains(w.Types, c.Type) ||
		len(w.Channels) > 0 && !slices.Contains(w.Channels, c.Channel) {
		return false
	}
	if len(w.Segments) > 0 && !slices.ContainsFunc(w.Segments, func(id string) bool { return slices.Contains(cu.segments, id) }) {
		return false
	}
	cust := cu.cust
	if w.MinOrders == 0 && w.MinRevenue == 0 && w.MinAOV == 0 {
		return true
	}
	if cust == nil {
		return false
	}
	s := &cust.Stats
	return s.Orders >= w.MinOrders && s.Revenue >= w.MinRevenue && s.AverageOrderValue() >= w.MinAOV
}

// Config is the service configuration: calendars, SLA policies (the first
// that matches a case applies), follow-ups, team leads, automation rules
// and the after-sale approval rules. It is one document, edited as a whole.
type Config struct {
	Calendars []Calendar `json:"calendars"`
	Policies  []Policy   `json:"policies"`
	// FollowUpAfter is how long after resolution the follow-up is sent.
	FollowUpAfter Duration `json:"follow_up_after"`
	// TeamLeads maps a team to the person who gets its second follow-ups.
	TeamLeads  map[string]string `json:"team_leads,omitempty"`
	Automation []Rule            `json:"automation,omitempty"`
	AfterSales ApprovalRules     `json:"after_sales"`
}

// Policies a case can be given by name, whatever the conditions.
const (
	PolicyAfterSaleDecision = "after-sale-decision" // a person decides on a request within 1 h
	PolicyInspection        = "inspection"          // a quality claim is inspected within 24 h
)

// HighValueSegment is the lifecycle segment of high-value customers, whom
// the default configuration serves on a tighter policy.
const HighValueSegment = "high_value"

// DefaultConfig is what a new installation starts with: a Shanghai office
// calendar, a tighter policy for the customers of the lifecycle high-value
// segment (S1 二(一): complex questions reach a person within 10 minutes),
// the after-sale targets, and follow-ups three days after resolution.
func DefaultConfig() *Config {
	office := []string{"09:00-18:00"}
	escalate := []Action{{Kind: ActionRaisePriority}, {Kind: ActionWebhook}}
	return &Config{
		Calendars: []Calendar{{Name: "office", TimeZone: "Asia/Shanghai", Hours: map[string][]string{
			"mon": office, "tue": office, "wed": office, "thu": office, "fri": office, "sat": {"10:00-16:00"},
		}}},
		Policies: []Policy{
			{Name: PolicyAfterSaleDecision, Calendar: AlwaysOpen, ByNameOnly: true,
				FirstResponse: Duration(time.Hour), Resolution: Duration(time.Hour), WarnBefore: Duration(15 * time.Minute), OnBreach: escalate},
			{Name: PolicyInspection, Calendar: AlwaysOpen, When: Conditions{Types: []rapport.CaseType{rapport.CaseInspection}},
				Resolution: Duration(24 * time.Hour), WarnBefore: Duration(2 * time.Hour), OnBreach: escalate},
			{Name: "high-value", Calendar: AlwaysOpen, When: Conditions{Segments: []string{HighValueSegment}},
				FirstResponse: Duration(10 * time.Minute), NextResponse: Duration(30 * time.Minute), Resolution: Duration(8 * time.Hour),
				WarnBefore: Duration(5 * time.Minute), OnBreach: escalate},
			{Name: "urgent", Calendar: "office", When: Conditions{Priorities: []rapport.Priority{rapport.PriorityUrgent, rapport.PriorityHigh}},
				FirstResponse: Duration(30 * time.Minute), NextResponse: Duration(time.Hour), Resolution: Duration(8 * time.Hour),
				WarnBefore: Duration(10 * time.Minute), OnBreach: escalate},
			{Name: "standard", Calendar: "office", FirstResponse: Duration(2 * time.Hour), NextResponse: Duration(4 * time.Hour),
				Resolution: Duration(24 * time.Hour), WarnBefore: Duration(30 * time.Minute), OnBreach: []Action{{Kind: ActionWebhook}}},
		},
		FollowUpAfter: Duration(72 * time.Hour),
		AfterSales:    DefaultApprovalRules(),
	}
}

// configKey is the configuration document's key in the store.
const configKey = "service"

// validate checks the configuration; errors name the field.
func (c *Config) validate() (map[string]*hours, error) {
	cals := map[string]*hours{AlwaysOpen: {loc: time.UTC, always: true}}
	for i, cal := range c.Calendars {
		if cal.Name == "" || cal.Name == AlwaysOpen || cals[cal.Name] != nil {
			return nil, rapport.FieldErrorf(fmt.Sprintf("calendars[%d].name", i), "calendar names must be set and unique (and not %s)", AlwaysOpen)
		}
		h, err := cal.compile()
		if e, ok := err.(*rapport.Error); ok && e.Field != "" {
			return nil, rapport.FieldErrorf(fmt.Sprintf("calendars[%d].%s", i, e.Field), "%s", e.Message)
		}
		if err != nil {
			return nil, err
		}
		cals[cal.Name] = h
	}
	seen := map[string]bool{}
	for i, p := range c.Policies {
		if p.Name == "" || seen[p.Name] {
			return nil, rapport.FieldErrorf(fmt.Sprintf("policies[%d].name", i), "policy names must be set and unique")
		}
		seen[p.Name] = true
		if cals[p.Calendar] == nil {
			return nil, rapport.FieldErrorf(fmt.Sprintf("policies[%d].calendar", i), "no calendar named %q", p.Calendar)
		}
		if err := p.When.validate(fmt.Sprintf("policies[%d].when", i)); err != nil {
			return nil, err
		}
		for _, a := range append(slices.Clone(p.OnWarning), p.OnBreach...) {
			if err := a.validate(fmt.Sprintf("policies[%d]", i)); err != nil {
				return nil, err
			}
		}
	}
	for i, r := range c.Automation {
		if err := r.validate(fmt.Sprintf("automation[%d]", i)); err != nil {
			return nil, err
		}
	}
	if err := c.AfterSales.validate(); err != nil {
		return nil, err
	}
	return cals, nil
}

// policy returns the named policy, nil if there is none.
func (c *Config) policy(name string) *Policy {
	for i := range c.Policies {
		if c.Policies[i].Name == name {
			return &c.Policies[i]
		}
	}
	return nil
}

// selectPolicy returns the first policy whose conditions the case meets.
func (c *Config) selectPolicy(cs *rapport.Case, cu who) *Policy {
	for i := range c.Policies {
		if !c.Policies[i].ByNameOnly && c.Policies[i].When.matches(cs, cu) {
			return &c.Policies[i]
		}
	}
	return nil
}

// loaded is a validated configuration with its compiled calendars.
type loaded struct {
	*Config
	hours map[string]*hours
	at    time.Time // when read, by the process clock
}

// configTTL is how long a node trusts the configuration it read: another
// node's edits apply within it.
const configTTL = 30 * time.Second

// config reads the stored configuration, DefaultConfig if none is stored.
func (s *Service) config(ctx context.Context) (*loaded, error) {
	s.mu.Lock()
	cur := s.cfg
	s.mu.Unlock()
	if cur != nil && time.Since(cur.at) < configTTL {
		return cur, nil
	}
	doc, err := s.store.ServiceSetting(ctx, configKey)
	if err != nil {
		return nil, err
	}
	cfg := DefaultConfig()
	if doc != nil {
		cfg = &Config{}
		if err := json.Unmarshal(doc, cfg); err != nil {
			return nil, fmt.Errorf("service configuration: %w", err)
		}
	}
	cals, err := cfg.validate()
	if err != nil {
		return nil, fmt.Errorf("service configuration: %w", err)
	}
	cur = &loaded{Config: cfg, hours: cals, at: time.Now()}
	s.mu.Lock()
	s.cfg = cur
	s.mu.Unlock()
	return cur, nil
}

// Config returns the current configuration.
func (s *Service) Config(ctx context.Context) (*Config, error) {
	l, err := s.config(ctx)
	if err != nil {
		return nil, err
	}
	return l.Config, nil
}

// SetConfig validates and stores a configuration. It applies to cases
// opened from now on; open cases keep the clocks they were given.
func (s *Service) SetConfig(ctx context.Context, cfg *Config) error {
	cals, err := cfg.validate()
	if err != nil {
		return err
	}
	doc, err := json.Marshal(cfg)
	if err != nil {
		return fmt.Errorf("service configuration: %w", err)
	}
	if err := s.store.PutServiceSetting(ctx, configKey, doc, s.clock.Now()); err != nil {
		return err
	}
	s.mu.Lock()
	s.cfg = &loaded{Config: cfg, hours: cals, at: time.Now()}
	s.mu.Unlock()
	return nil
}
