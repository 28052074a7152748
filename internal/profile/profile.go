package profile

import (
	"time"

	"github.com/rapport-cx/rapport"
)

// New returns an empty profile with the given id, created at t.
func New(id string, known bool, t time.Time) *rapport.Customer {
	return &rapport.Customer{ID: id, Known: known, CreatedAt: t, UpdatedAt: t}
}

// Apply folds one stored event into the customer's profile.
func Apply(c *rapport.Customer, e *rapport.Event) {
	s := &c.Stats
	s.Events++
	if s.FirstSeen.IsZero() || e.Timestamp.Before(s.FirstSeen) {
		s.FirstSeen = e.Timestamp
	}
	if e.Timestamp.After(s.LastSeen) {
		s.LastSeen = e.Timestamp
	}
	if e.ReceivedAt.After(c.UpdatedAt) {
		c.UpdatedAt = e.ReceivedAt
	}
}

// Merge folds src, another profile of the same person, into dst.
func Merge(dst, src *rapport.Customer) {
	dst.Stats.Events += src.Stats.Events
}

// Project returns what the event adds to the order, product and review tables.
func Project(e *rapport.Event) rapport.Projection {
	return rapport.Projection{}
}
