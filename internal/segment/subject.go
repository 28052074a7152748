package segment

import (
	"context"
	"time"

	"github.com/rapport-cx/rapport"
)

// Subject is one customer as rules see them at one moment.
type Subject struct {
	Customer *rapport.Customer
	Events   []rapport.Event // the customer's recent events, any order
	Now      time.Time
	// Tags holds computed tags by path ("predicted.churn_probability",
	// "rfm.segment", "cluster.id"): what a TagSource found for the
	// customer. Rules on those paths read them; missing ones never match.
	Tags map[string]any
}

// TagSource supplies computed tags (predicted tags, RFM scores and names,
// clusters) for customers, keyed by the field path rules use. The engine
// works without one: rules on those paths then match nobody.
type TagSource interface {
	// Refresh is called before each batch of evaluations (an update, a
	// scan page, a preview): a source that caches sees newer tags here.
	Refresh(ctx context.Context)
	Tags(customerID string) map[string]any
}

// day is the unit of every "days since" field and event window.
const day = 24 * time.Hour

// daysSince is the whole number of days from t to now, false for a zero t.
// Day 0 is the first 24 hours.
func daysSince(t, now time.Time) (float64, bool) {
	if t.IsZero() {
		return 0, false
	}
	return float64(int64(now.Sub(t) / day)), true
}

// registeredAt is when a known customer registered: the registered_at (or
// createdAt) trait, else when they were first seen. Anonymous visitors have
// not registered.
func registeredAt(c *rapport.Customer) time.Time {
	if !c.Known {
		return time.Time{}
	}
	if !c.Basic.RegisteredAt.IsZero() {
		return c.Basic.RegisteredAt
	}
	return c.Stats.FirstSeen
}

// sessions counts the customer's sessions on every channel.
func sessions(s *rapport.Stats) int {
	n := 0
	for _, ch := range s.Channels {
		n += ch.Sessions
	}
	return n
}

func views(s *rapport.Stats) int {
	n := 0
	for _, ch := range s.Channels {
		n += ch.Views
	}
	return n
}
