package rapport

import (
	"context"
	"time"
)

// Action item statuses.
const (
	ActionOpen       = "open"
	ActionInProgress = "in_progress"
	ActionDone       = "done"
)

// ActionItem is a pain point given to an owner with a deadline.
type ActionItem struct {
	ID         int64     `json:"id"`
	Title      string    `json:"title"`
	Aspect     string    `json:"aspect"` // the pain point's aspect
	Owner      string    `json:"owner"`  // owning team: operations, product, service, logistics …
	Rule       string    `json:"rule"`   // why this owner and deadline: frequent, severe or manual
	Metric     string    `json:"metric"` // linked metric: csat, nps, ces, rating or negative_share
	Status     string    `json:"status"`
	DueAt      time.Time `json:"due_at"`
	ChangedAt  time.Time `json:"changed_at,omitzero"`  // when the fix shipped; before/after splits here
	NotifiedAt time.Time `json:"notified_at,omitzero"` // when the overdue webhook went out
	Note       string    `json:"note,omitempty"`
	CreatedAt  time.Time `json:"created_at"`
}

// ActionStore keeps the owner–deadline loop's action items.
type ActionStore interface {
	// CreateActionItem stores an item and sets its ID.
	CreateActionItem(ctx context.Context, a *ActionItem) error
	// UpdateActionItem saves status, owner, due date, change date and note.
	// Returns ENOTFOUND if there is none.
	UpdateActionItem(ctx context.Context, a *ActionItem) error
	// ActionItem returns ENOTFOUND if there is none with this id.
	ActionItem(ctx context.Context, id int64) (*ActionItem, error)
	// ActionItems lists every item, due first.
	ActionItems(ctx context.Context) ([]ActionItem, error)
	// ClaimOverdue marks an open or in-progress item past due as notified at
	// now; false when it is not overdue or was already notified.
	ClaimOverdue(ctx context.Context, id int64, now time.Time) (bool, error)
}
