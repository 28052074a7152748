package service

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/rapport-cx/rapport"
)

// Action kinds of escalations and automation rules.
const (
	ActionAssign        = "assign"         // Value: the new owner
	ActionSetTeam       = "set_team"       // Value: the new team
	ActionSetPriority   = "set_priority"   // Value: low, normal, high or urgent
	ActionRaisePriority = "raise_priority" // one step up, up to urgent
	ActionLabel         = "label"          // Value: the label to add
	ActionSetStatus     = "set_status"     // Value: a case status
	ActionWebhook       = "webhook"        // notify the webhook endpoints
)

// Action is one thing a rule or an escalation does to a case.
type Action struct {
	Kind  string `json:"kind"`
	Value string `json:"value,omitempty"`
}

func (a Action) validate(where string) error {
	field := where + ".actions"
	switch a.Kind {
	case ActionAssign, ActionSetTeam, ActionLabel:
		if strings.TrimSpace(a.Value) == "" {
			return rapport.FieldErrorf(field, "%s needs a value", a.Kind)
		}
	case ActionSetPriority:
		if !slices.Contains(rapport.Priorities, rapport.Priority(a.Value)) {
			return rapport.FieldErrorf(field, "%q is not a priority", a.Value)
		}
	case ActionSetStatus:
		if !slices.Contains(rapport.CaseStatuses, rapport.CaseStatus(a.Value)) {
			return rapport.FieldErrorf(field, "%q is not a case status", a.Value)
		}
	case ActionRaisePriority, ActionWebhook:
	default:
		return rapport.FieldErrorf(field, "unknown action %q", a.Kind)
	}
	return nil
}

// apply changes the case; it reports whether a webhook is asked for.
func (a Action) apply(c *rapport.Case) (webhook bool) {
	switch a.Kind {
	case ActionAssign:
		c.Owner = a.Value
	case ActionSetTeam:
		c.Team = a.Value
	case ActionSetPriority:
		c.Priority = rapport.Priority(a.Value)
	case ActionRaisePriority:
		if i := slices.Index(rapport.Priorities, c.Priority); i >= 0 && i < len(rapport.Priorities)-1 {
			c.Priority = rapport.Priorities[i+1]
		}
	case ActionLabel:
		if !slices.Contains(c.Labels, a.Value) {
			c.Labels = append(c.Labels, a.Value)
		}
	case ActionSetStatus:
		c.Status = rapport.CaseStatus(a.Value)
	case ActionWebhook:
		return true
	}
	return false
}

// Triggers of automation rules.
const (
	OnCreated = "created"
	OnUpdated = "updated"
	OnMessage = "message"
)

// Rule is an automation rule: when a case is created or updated or a
// message arrives, and every condition holds, the actions run in order.
type Rule struct {
	Name    string      `json:"name"`
	Active  bool        `json:"active"`
	On      []string    `json:"on"`
	If      []Condition `json:"if,omitempty"`
	Actions []Action    `json:"actions"`
}

// Condition compares one field of the case, its customer or the message.
// Fields: type, stage, channel, priority, status, owner, team, subject,
// label, message, customer.orders, customer.revenue, customer.aov,
// customer.refunds, customer.tickets. Ops: eq, ne, in (comma-separated
// Value), contains (case-insensitive), gte, lte (numbers).
type Condition struct {
	Field string `json:"field"`
	Op    string `json:"op"`
	Value string `json:"value"`
}

var textFields = []string{"type", "stage", "channel", "priority", "status", "owner", "team", "subject", "label", "message"}
var numberFields = []string{"customer.orders", "customer.revenue", "customer.aov", "customer.refunds", "customer.tickets"}

func (r Rule) validate(where string) error {
	if strings.TrimSpace(r.Name) == "" {
		return rapport.FieldErrorf(where+".name", "a rule needs a name")
	}
	if len(r.On) == 0 {
		return rapport.FieldErrorf(where+".on", "a rule needs a trigger (created, updated, message)")
	}
	for _, on := range r.On {
		if on != OnCreated && on != OnUpdated && on != OnMessage {
			return rapport.FieldErrorf(where+".on", "unknown trigger %q", on)
		}
	}
	for _, c := range r.If {
		number := slices.Contains(numberFields, c.Field)
		if !number && !slices.Contains(textFields, c.Field) {
			return rapport.FieldErrorf(where+".if", "unknown field %q", c.Field)
		}
		switch c.Op {
		case "eq", "ne", "in", "contains":
		case "gte", "lte":
			if _, err := strconv.ParseFloat(c.Value, 64); err != nil || !number {
				return rapport.FieldErrorf(where+".if", "%s %s needs a numeric field and value", c.Field, c.Op)
			}
		default:
			return rapport.FieldErrorf(where+".if", "unknown operator %q", c.Op)
		}
	}
	if len(r.Actions) == 0 {
		return rapport.FieldErrorf(where+".actions", "a rule needs an action")
	}
	for _, a := range r.Actions {
		if err := a.validate(where); err != nil {
			return err
		}
	}
	return nil
}

// subject is what rules look at: a case, its customer and the message.
type subject struct {
	c       *rapport.Case
	cust    *rapport.Customer // nil if unknown
	message string
}

func (s subject) text(field string) []string {
	c := s.c
	switch field {
	case "type":
		return []string{string(c.Type)}
	case "stage":
		return []string{string(c.Stage)}
	case "channel":
		return []string{string(c.Channel)}
	case "priority":
		return []string{string(c.Priority)}
	case "status":
		return []string{string(c.Status)}
	case "owner":
		return []string{c.Owner}
	case "team":
		return []string{c.Team}
	case "subject":
		return []string{c.Subject}
	case "label":
		return c.Labels
	case "message":
		return []string{s.message}
	}
	return nil
}

func (s subject) number(field string) float64 {
	if s.cust == nil {
		return 0
	}
	st := &s.cust.Stats
	switch field {
	case "customer.orders":
		return float64(st.Orders)
	case "customer.revenue":
		return st.Revenue
	case "customer.aov":
		return st.AverageOrderValue()
	case "customer.refunds":
		return float64(st.Refunds)
	case "customer.tickets":
		return float64(st.Tickets)
	}
	return 0
}

func (c Condition) holds(s subject) bool {
	if slices.Contains(numberFields, c.Field) {
		v, want := s.number(c.Field), 0.0
		want, _ = strconv.ParseFloat(c.Value, 64)
		switch c.Op {
		case "gte":
			return v >= want
		case "lte":
			return v <= want
		case "eq":
			return v == want
		case "ne":
			return v != want
		}
		return false
	}
	values := s.text(c.Field)
	any := func(f func(string) bool) bool { return slices.ContainsFunc(values, f) }
	switch c.Op {
	case "eq":
		return any(func(v string) bool { return v == c.Value })
	case "ne":
		return !any(func(v string) bool { return v == c.Value })
	case "in":
		set := strings.Split(c.Value, ",")
		return any(func(v string) bool { return slices.Contains(set, v) })
	case "contains":
		low := strings.ToLower(c.Value)
		return any(func(v string) bool { return strings.Contains(strings.ToLower(v), low) })
	}
	return false
}

// runRules applies the active rules of a trigger in order; it returns the
// names of the rules that matched and those that asked for a webhook.
func runRules(rules []Rule, on string, s subject) (matched, webhooks []string) {
	for _, r := range rules {
		if !r.Active || !slices.Contains(r.On, on) {
			continue
		}
		ok := true
		for _, c := range r.If {
			if !c.holds(s) {
				ok = false
				break
			}
		}
		if !ok {
			continue
		}
		matched = append(matched, r.Name)
		for _, a := range r.Actions {
			if a.apply(s.c) {
				webhooks = append(webhooks, r.Name)
			}
		}
	}
	return matched, webhooks
}

// String describes a condition for logs and the console.
func (c Condition) String() string { return fmt.Sprintf("%s %s %s", c.Field, c.Op, c.Value) }
