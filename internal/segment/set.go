package segment

import (
	"fmt"
	"slices"
	"time"

	"github.com/rapport-cx/rapport"
)

// Set is every segment compiled once, evaluated together.
type Set struct {
	IDs   []string
	Names map[string]string
	preds []Predicate
	needs []Needs
	Needs Needs
}

// NewSet compiles segments. A segment whose rule does not compile is left
// out and reported in the returned error list.
func NewSet(segments []rapport.Segment) (*Set, []error) {
	set := &Set{Names: map[string]string{}}
	var errs []error
	for _, sg := range segments {
		c, err := CompileJSON(sg.Rule)
		if err != nil {
			errs = append(errs, fmt.Errorf("segment %s: %w", sg.ID, err))
			continue
		}
		set.IDs = append(set.IDs, sg.ID)
		set.Names[sg.ID] = sg.Name
		set.preds = append(set.preds, c.Match)
		set.needs = append(set.needs, c.Window)
		set.Needs.Merge(c.Window)
	}
	return set, errs
}

// Only returns the part of the set with the given segments.
func (s *Set) Only(ids ...string) *Set {
	out := &Set{Names: map[string]string{}}
	for i, id := range s.IDs {
		if slices.Contains(ids, id) {
			out.IDs = append(out.IDs, id)
			out.Names[id] = s.Names[id]
			out.preds = append(out.preds, s.preds[i])
			out.needs = append(out.needs, s.needs[i])
			out.Needs.Merge(s.needs[i])
		}
	}
	return out
}

// Evaluate appends to dst the ids of the segments the subject is in, in
// the set's order.
func (s *Set) Evaluate(sub *Subject, dst []string) []string {
	for i, p := range s.preds {
		if p(sub) {
			dst = append(dst, s.IDs[i])
		}
	}
	return dst
}

// Diff compares a customer's current segments with the ones they were in
// and appends the exits, then the entries, to dst. Segments the set does not
// know (deleted, or whose rule no longer compiles) are left alone.
func (s *Set) Diff(customerID string, now []string, was []string, at time.Time, dst []rapport.SegmentChange) []rapport.SegmentChange {
	for _, id := range was {
		if !slices.Contains(now, id) && slices.Contains(s.IDs, id) {
			dst = append(dst, rapport.SegmentChange{SegmentID: id, CustomerID: customerID, Entered: false, At: at})
		}
	}
	for _, id := range now {
		if !slices.Contains(was, id) {
			dst = append(dst, rapport.SegmentChange{SegmentID: id, CustomerID: customerID, Entered: true, At: at})
		}
	}
	return dst
}
