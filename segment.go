package rapport

import (
	"context"
	"encoding/json"
	"time"
)

// Events Rapport emits when a customer enters or leaves a segment. They land
// on the customer's timeline but are not customer activity: profiles do not
// count them.
const (
	EventSegmentEntered = "Segment Entered"
	EventSegmentExited  = "Segment Exited"
)

// IsSystemEvent reports whether an event was emitted by Rapport itself
// rather than done by the customer.
func IsSystemEvent(e *Event) bool {
	return e.Type == TypeTrack && (e.Name == EventSegmentEntered || e.Name == EventSegmentExited)
}

// Segment is a named rule over customers, kept up to date as events arrive
// and as time passes. The rule is the JSON condition tree of
// internal/segment (docs/segments.md).
type Segment struct {
	ID          string          `json:"id"` // lowercase slug, unique
	Name        string          `json:"name"`
	Description string          `json:"description,omitempty"`
	Builtin     bool            `json:"builtin"` // a lifecycle default: editable, not deletable
	Rule        json.RawMessage `json:"rule"`
	CreatedAt   time.Time       `json:"created_at"`
	UpdatedAt   time.Time       `json:"updated_at"`
}

// SegmentChange is one customer entering or leaving one segment.
type SegmentChange struct {
	SegmentID  string    `json:"segment_id"`
	CustomerID string    `json:"customer_id"`
	Entered    bool      `json:"entered"` // false: exited
	At         time.Time `json:"at"`
	// Event, when set, is the Segment Entered / Exited event that announces
	// the change: the store ingests it with the change, in the same
	// transaction, if the change takes effect.
	Event *Event `json:"-"`
}

// SegmentMember is one member of a segment with what lists show about them.
type SegmentMember struct {
	CustomerSummary
	EnteredAt time.Time `json:"entered_at"`
}

// SegmentMembership is one segment a customer is in.
type SegmentMembership struct {
	SegmentID string    `json:"segment_id"`
	EnteredAt time.Time `json:"entered_at"`
}

// SegmentSize is a segment's size on one day (UTC, YYYY-MM-DD).
type SegmentSize struct {
	Day  string `json:"day"`
	Size int    `json:"size"`
}

// SegmentInput is what segment rules read about one customer: the profile
// and the recent events the rules ask about.
type SegmentInput struct {
	Customer *Customer
	Events   []Event // oldest first; only the names and times of the EventWindow
}

// EventWindow says which events segment rules need: these names since a
// time. No names means none.
type EventWindow struct {
	Names []string
	Since time.Time
}

// SegmentStore keeps segment definitions, memberships, their history and
// daily sizes.
type SegmentStore interface {
	// CreateSegment adds a segment. Returns ECONFLICT if the id is taken.
	CreateSegment(ctx context.Context, s *Segment) error
	// UpdateSegment replaces a segment's name, description and rule.
	// Returns ENOTFOUND if there is no such segment.
	UpdateSegment(ctx context.Context, s *Segment) error
	// DeleteSegment removes a segment, its members and sizes; its history
	// stays. Returns ENOTFOUND if there is no such segment.
	DeleteSegment(ctx context.Context, id string) error
	// Segment returns one segment. Returns ENOTFOUND if there is none.
	Segment(ctx context.Context, id string) (*Segment, error)
	// Segments lists every segment, built-in ones first, then by name.
	Segments(ctx context.Context) ([]Segment, error)

	// SegmentSettings returns the lifecycle settings document last saved.
	// Returns ENOTFOUND if none was ever saved (the defaults apply).
	SegmentSettings(ctx context.Context) (json.RawMessage, error)
	// SaveSegmentSettings stores the lifecycle settings document and, in
	// the same transaction, replaces the rule of each of the given segments
	// (the lifecycle rules the settings produce), all updated at at.
	// Returns ENOTFOUND, storing nothing, if one of them does not exist.
	SaveSegmentSettings(ctx context.Context, doc json.RawMessage, at time.Time, rules []Segment) error

	// SegmentSizes returns the current member count of every segment.
	SegmentSizes(ctx context.Context) (map[string]int, error)
	// RecordSegmentSizes stores each segment's size for a day, replacing
	// what that day held.
	RecordSegmentSizes(ctx context.Context, day string, sizes map[string]int) error
	// SegmentSizeHistory returns a segment's daily sizes from day on, oldest first.
	SegmentSizeHistory(ctx context.Context, id string, from string) ([]SegmentSize, error)

	// SegmentMembers pages through a segment's members, newest entries
	// first, and returns the total.
	SegmentMembers(ctx context.Context, id string, offset, limit int) ([]SegmentMember, int, error)
	// CustomerSegments lists the segments a customer is in. Returns
	// ENOTFOUND if the customer does not exist.
	CustomerSegments(ctx context.Context, customerID string) ([]SegmentMembership, error)
	// Memberships returns the segment ids each of the given customers is in.
	Memberships(ctx context.Context, customerIDs []string) (map[string][]string, error)
	// ApplySegmentChanges records entries and exits in one transaction.
	// Each change takes effect only if it changes something (an entry of a
	// member or an exit of a non-member does nothing); it returns the
	// changes that took effect, each also written to the history and, when
	// it carries an Event, with that event ingested in the same transaction.
	ApplySegmentChanges(ctx context.Context, changes []SegmentChange) ([]SegmentChange, error)
	// SegmentHistory lists a customer's entries and exits, newest first.
	SegmentHistory(ctx context.Context, customerID string, limit int) ([]SegmentChange, error)

	// SegmentInputs loads the given customers (unknown ids are skipped)
	// with their events of the window.
	SegmentInputs(ctx context.Context, ids []string, w EventWindow) ([]SegmentInput, error)
	// ScanSegmentInputs returns up to limit customers whose id sorts after
	// the given one, in id order, with their events of the window.
	ScanSegmentInputs(ctx context.Context, after string, limit int, w EventWindow) ([]SegmentInput, error)
}
