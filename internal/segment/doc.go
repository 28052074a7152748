// Package segment owns segment rules: the JSON condition tree, its
// validation, its compilation to fast predicates, the lifecycle defaults and
// the engine that keeps memberships true as events arrive and time passes.
//
// It depends on the domain (package rapport) only: stores are reached
// through rapport.SegmentStore. It never writes profiles; the store ingests
// the Segment Entered / Segment Exited events in the transaction that
// records the change they announce.
package segment
