// Package profile owns the meaning of events for a customer's profile: how an
// event changes the basic tags and behaviour aggregates (Apply), how two
// profiles of one person combine when an anonymous id is identified (Merge),
// and what an event adds to the order, catalogue and review tables (Project).
//
// It is pure: no storage, no clock. Stores call it inside their transaction.
package profile
