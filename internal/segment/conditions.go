package segment

import (
	"fmt"
	"strings"
	"time"

	"github.com/rapport-cx/rapport"
)

// fieldPredicate compiles a condition on a profile field.
func fieldPredicate(r Rule, path string) (Predicate, error) {
	f, ok := lookupField(r.Field)
	if !ok {
		return nil, rapport.FieldErrorf(path+".field", "unknown field %q", r.Field)
	}
	missing := r.Op == "missing"
	switch {
	case f.Kind == KindNumber:
		cmp, err := numberCompare(r.Op, r.Value, path)
		if err != nil {
			return nil, err
		}
		return func(s *Subject) bool {
			v, ok := f.num(s)
			if missing {
				return !ok
			}
			return ok && cmp(v)
		}, nil
	case f.Kind == KindString:
		m, err := valueMatcher(f.Kind, r.Op, r.Value, path)
		if err != nil {
			return nil, err
		}
		return func(s *Subject) bool {
			v, ok := f.str(s)
			if missing {
				return !ok
			}
			return ok && m(v)
		}, nil
	}
	m, err := valueMatcher(f.Kind, r.Op, r.Value, path)
	if err != nil {
		return nil, err
	}
	get := dynamicGetter(f)
	return func(s *Subject) bool {
		v, ok := get(s)
		if missing {
			return !ok
		}
		return ok && m(v)
	}, nil
}

// dynamicGetter reads bool, tag, trait and computed-tag fields.
func dynamicGetter(f Field) func(*Subject) (any, bool) {
	switch {
	case f.Kind == KindBool:
		return func(s *Subject) (any, bool) { v, ok := f.num(s); return v, ok }
	case f.Name == "tags":
		return func(s *Subject) (any, bool) { return tagsOf(s.Customer) }
	case f.Name == "behaviour.categories":
		return func(s *Subject) (any, bool) { return anyList(s.Customer.Stats.Behaviour().Categories) }
	case f.Name == "behaviour.search_interests":
		return func(s *Subject) (any, bool) { return anyList(s.Customer.Stats.Behaviour().SearchInterests) }
	case strings.HasPrefix(f.Name, "traits."):
		key := strings.TrimPrefix(f.Name, "traits.")
		return func(s *Subject) (any, bool) {
			v, ok := s.Customer.Traits[key]
			return v, ok && v != nil
		}
	}
	return func(s *Subject) (any, bool) {
		v, ok := s.Tags[f.Name]
		return v, ok && v != nil
	}
}

// anyList is a list of strings as a list value.
func anyList(list []string) (any, bool) {
	out := make([]any, len(list))
	for i, v := range list {
		out[i] = v
	}
	return out, len(out) > 0
}

// tagsOf reads the customer's tags trait: a list, or comma-separated text.
func tagsOf(c *rapport.Customer) (any, bool) {
	switch v := c.Traits["tags"].(type) {
	case []any:
		return v, len(v) > 0
	case string:
		var out []any
		for _, t := range strings.Split(v, ",") {
			if t = strings.TrimSpace(t); t != "" {
				out = append(out, t)
			}
		}
		return out, len(out) > 0
	}
	return nil, false
}

// eventPredicate compiles a condition on events in a window.
func (c *Compiled) eventPredicate(r Rule, path string) (Predicate, error) {
	e := *r.Event
	ep := path + ".event"
	switch {
	case strings.TrimSpace(e.Name) == "":
		return nil, rapport.FieldErrorf(ep+".name", "must name an event")
	case e.WithinDays <= 0:
		return nil, rapport.FieldErrorf(ep+".within_days", "must be positive")
	case e.WithinDays > MaxWindowDays:
		return nil, rapport.FieldErrorf(ep+".within_days", "must be at most %d", MaxWindowDays)
	case e.Aggregate != "" && e.Aggregate != "count" && e.Aggregate != "sum" && e.Aggregate != "avg":
		return nil, rapport.FieldErrorf(ep+".aggregate", "must be count, sum or avg")
	case (e.Aggregate == "sum" || e.Aggregate == "avg") && e.Property == "":
		return nil, rapport.FieldErrorf(ep+".property", "%s needs the property to add up", e.Aggregate)
	}
	op, want := r.Op, r.Value
	if op == "" && want == nil {
		op, want = ">=", 1.0
	}
	if op == "exists" || op == "missing" {
		return nil, rapport.FieldErrorf(path+".op", "compare the event count with =, !=, >, >=, <, <= or between")
	}
	cmp, err := numberCompare(op, want, path)
	if err != nil {
		return nil, err
	}
	filters := make([]func(map[string]any) bool, len(e.Where))
	for i, f := range e.Where {
		fp := fmt.Sprintf("%s.where[%d]", ep, i)
		if f.Property == "" {
			return nil, rapport.FieldErrorf(fp+".property", "must name a property")
		}
		m, err := valueMatcher(KindAny, f.Op, f.Value, fp)
		if err != nil {
			return nil, err
		}
		filters[i] = propertyFilter(f.Property, f.Op == "missing", m)
	}
	c.Window.add(e.Name, e.WithinDays)
	window := time.Duration(e.WithinDays) * day
	value := propertyValue(e.Property)
	agg := e.Aggregate
	return func(s *Subject) bool {
		cutoff := s.Now.Add(-window)
		n, sum, counted := 0, 0.0, 0
	events:
		for i := range s.Events {
			ev := &s.Events[i]
			if ev.Name != e.Name || ev.Timestamp.Before(cutoff) || ev.Timestamp.After(s.Now) {
				continue
			}
			for _, f := range filters {
				if !f(ev.Properties) {
					continue events
				}
			}
			n++
			if agg == "sum" || agg == "avg" {
				if v, ok := value(ev.Properties); ok {
					sum += v
					counted++
				}
			}
		}
		switch agg {
		case "sum":
			return cmp(sum)
		case "avg":
			return counted > 0 && cmp(sum/float64(counted))
		}
		return cmp(float64(n))
	}, nil
}

// propertyFilter tests an event's properties at a dotted path; it holds
// when any value found there matches (arrays such as products fan out).
func propertyFilter(path string, missing bool, m matcher) func(map[string]any) bool {
	keys := strings.Split(path, ".")
	return func(props map[string]any) bool {
		found := false
		hit := false
		walk(props, keys, func(v any) {
			found = true
			if !hit && m(v) {
				hit = true
			}
		})
		if missing {
			return !found
		}
		return hit
	}
}

func walk(v any, keys []string, visit func(any)) {
	if v == nil {
		return
	}
	if list, ok := v.([]any); ok && len(keys) > 0 {
		for _, x := range list {
			walk(x, keys, visit)
		}
		return
	}
	if len(keys) == 0 {
		visit(v)
		return
	}
	switch m := v.(type) {
	case map[string]any:
		walk(m[keys[0]], keys[1:], visit)
	}
}

// propertyValue reads the number at a dotted property path, adding up
// the values an array fans out to.
func propertyValue(property string) func(map[string]any) (float64, bool) {
	keys := strings.Split(property, ".")
	return func(props map[string]any) (float64, bool) {
		total, seen := 0.0, false
		walk(props, keys, func(v any) {
			if f, ok := toNumber(v); ok {
				total, seen = total+f, true
			}
		})
		return total, seen
	}
}
