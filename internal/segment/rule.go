package segment

import (
	"bytes"
	"encoding/json"
	"fmt"
)

// Rule is one node of a condition tree. Exactly one of its forms is set:
//
//	{"all": [rule, …]}                       every child holds
//	{"any": [rule, …]}                       at least one child holds
//	{"not": rule}                            the child does not hold
//	{"field": "orders", "op": ">=", "value": 3}
//	                                         a profile field (fields.go)
//	{"event": {"name": "Product Viewed", "within_days": 14,
//	           "where": [{"property": "category", "op": "=", "value": "shoes"}]},
//	 "op": ">=", "value": 3}                 events in a window, counted (or
//	                                         summed / averaged) and compared
type Rule struct {
	All   []Rule     `json:"all,omitempty"`
	Any   []Rule     `json:"any,omitempty"`
	Not   *Rule      `json:"not,omitempty"`
	Field string     `json:"field,omitempty"`
	Event *EventRule `json:"event,omitempty"`
	Op    string     `json:"op,omitempty"`
	Value any        `json:"value,omitempty"`
}

// EventRule selects a customer's events: by name, in the last WithinDays
// days, matching every Where filter. The rule then compares their count, or
// with Aggregate "sum" / "avg" a numeric Property of them, to Op and Value.
type EventRule struct {
	Name       string   `json:"name"`
	WithinDays int      `json:"within_days"`
	Where      []Filter `json:"where,omitempty"`
	Aggregate  string   `json:"aggregate,omitempty"` // count (default), sum, avg
	Property   string   `json:"property,omitempty"`  // summed or averaged property
}

// Filter is one condition on an event property. Property may be a dotted
// path ("products.category" matches when any product has the category).
type Filter struct {
	Property string `json:"property"`
	Op       string `json:"op"`
	Value    any    `json:"value,omitempty"`
}

// MaxWindowDays bounds event windows, so evaluation reads a bounded history.
const MaxWindowDays = 366

// Parse decodes a rule from JSON, rejecting unknown keys.
func Parse(data []byte) (Rule, error) {
	var r Rule
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	dec.UseNumber()
	if err := dec.Decode(&r); err != nil {
		return r, fmt.Errorf("rule: %w", err)
	}
	normalise(&r)
	return r, nil
}

// normalise turns json.Number values into float64 so rules compare numbers
// one way whichever way they were built.
func normalise(r *Rule) {
	r.Value = numberValue(r.Value)
	for i := range r.All {
		normalise(&r.All[i])
	}
	for i := range r.Any {
		normalise(&r.Any[i])
	}
	if r.Not != nil {
		normalise(r.Not)
	}
	if r.Event != nil {
		for i := range r.Event.Where {
			r.Event.Where[i].Value = numberValue(r.Event.Where[i].Value)
		}
	}
}

func numberValue(v any) any {
	switch x := v.(type) {
	case json.Number:
		f, err := x.Float64()
		if err != nil {
			return x.String()
		}
		return f
	case int:
		return float64(x)
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = numberValue(e)
		}
		return out
	}
	return v
}

// JSON encodes the rule.
func (r Rule) JSON() json.RawMessage {
	b, _ := json.Marshal(r)
	return b
}
