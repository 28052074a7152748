package segment

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/rapport-cx/rapport"
)

// Predicate tells whether a subject satisfies a compiled rule.
type Predicate func(*Subject) bool

// Compiled is a validated rule turned into a predicate, with the events it
// needs to read.
type Compiled struct {
	Match  Predicate
	Window Needs
}

// Needs are the event names a rule reads and the longest window it looks back.
type Needs struct {
	Names []string
	Days  int
	Tags  bool // reads computed tags (predicted.*, rfm.*, cluster.*)
}

func (n *Needs) add(name string, days int) {
	if !slices.Contains(n.Names, name) {
		n.Names = append(n.Names, name)
	}
	n.Days = max(n.Days, days)
}

// Merge adds another rule's needs.
func (n *Needs) Merge(o Needs) {
	for _, name := range o.Names {
		n.add(name, o.Days)
	}
	n.Days = max(n.Days, o.Days)
	n.Tags = n.Tags || o.Tags
}

// EventWindow is the window a store loads for these needs at now.
func (n Needs) EventWindow(now time.Time) rapport.EventWindow {
	if len(n.Names) == 0 {
		return rapport.EventWindow{}
	}
	return rapport.EventWindow{Names: slices.Clone(n.Names), Since: now.Add(-time.Duration(n.Days) * day)}
}

// Compile validates a rule and compiles it. Errors are *rapport.Error with
// the path of the bad node in Field, e.g. "rule.all[2].event.within_days".
func Compile(r Rule) (*Compiled, error) {
	c := &Compiled{}
	p, err := c.node(r, "rule")
	if err != nil {
		return nil, err
	}
	c.Match = p
	return c, nil
}

// CompileJSON parses and compiles a stored rule.
func CompileJSON(data []byte) (*Compiled, error) {
	r, err := Parse(data)
	if err != nil {
		return nil, rapport.FieldErrorf("rule", "%v", strings.TrimPrefix(err.Error(), "rule: "))
	}
	return Compile(r)
}

func (c *Compiled) node(r Rule, path string) (Predicate, error) {
	forms := 0
	for _, set := range []bool{r.All != nil, r.Any != nil, r.Not != nil, r.Field != "", r.Event != nil} {
		if set {
			forms++
		}
	}
	if forms != 1 {
		return nil, rapport.FieldErrorf(path, "must have exactly one of all, any, not, field or event")
	}
	switch {
	case r.All != nil:
		return c.group(r.All, path+".all", true)
	case r.Any != nil:
		return c.group(r.Any, path+".any", false)
	case r.Not != nil:
		inner, err := c.node(*r.Not, path+".not")
		if err != nil {
			return nil, err
		}
		return func(s *Subject) bool { return !inner(s) }, nil
	case r.Field != "":
		if isComputed(r.Field) {
			c.Window.Tags = true
		}
		return fieldPredicate(r, path)
	default:
		return c.eventPredicate(r, path)
	}
}

func (c *Compiled) group(rules []Rule, path string, all bool) (Predicate, error) {
	if len(rules) == 0 {
		return nil, rapport.FieldErrorf(path, "must list at least one condition")
	}
	ps := make([]Predicate, len(rules))
	for i, child := range rules {
		p, err := c.node(child, fmt.Sprintf("%s[%d]", path, i))
		if err != nil {
			return nil, err
		}
		ps[i] = p
	}
	if len(ps) == 1 {
		return ps[0], nil
	}
	if all {
		return func(s *Subject) bool {
			for _, p := range ps {
				if !p(s) {
					return false
				}
			}
			return true
		}, nil
	}
	return func(s *Subject) bool {
		for _, p := range ps {
			if p(s) {
				return true
			}
		}
		return false
	}, nil
}
