package rapport

import (
	"context"
	"time"
)

// CaseType is what a service case is about.
type CaseType string

// The case types of S0 §2.3, plus the tasks service work creates itself.
const (
	CaseConsultation CaseType = "consultation"
	CaseComplaint    CaseType = "complaint"
	CaseOrderProblem CaseType = "order_problem"
	CaseReturn       CaseType = "return"
	CaseExchange     CaseType = "exchange"
	CaseRefund       CaseType = "refund"
	CaseQualityClaim CaseType = "quality_claim"
	CaseInspection   CaseType = "inspection" // a quality claim's inspection task
	CaseFollowUp     CaseType = "follow_up"  // a second follow-up after an unhappy answer
)

// CaseTypes lists every case type in display order.
var CaseTypes = []CaseType{CaseConsultation, CaseComplaint, CaseOrderProblem, CaseReturn,
	CaseExchange, CaseRefund, CaseQualityClaim, CaseInspection, CaseFollowUp}

// CaseStage places a case in the customer's journey.
type CaseStage string

// The stages of a case.
const (
	StagePreSale   CaseStage = "pre_sale"
	StageInSale    CaseStage = "in_sale"
	StageAfterSale CaseStage = "after_sale"
)

// CaseStatus is where a case is in its life: new → open → pending →
// resolved → closed; a resolved or closed case can be reopened.
type CaseStatus string

// The statuses of a case.
const (
	StatusNew      CaseStatus = "new"
	StatusOpen     CaseStatus = "open"
	StatusPending  CaseStatus = "pending" // waiting on the customer: SLA clocks pause
	StatusResolved CaseStatus = "resolved"
	StatusClosed   CaseStatus = "closed"
)

// CaseStatuses lists every status in life order.
var CaseStatuses = []CaseStatus{StatusNew, StatusOpen, StatusPending, StatusResolved, StatusClosed}

// Priority is how urgent a case is.
type Priority string

// The priorities, lowest first.
const (
	PriorityLow    Priority = "low"
	PriorityNormal Priority = "normal"
	PriorityHigh   Priority = "high"
	PriorityUrgent Priority = "urgent"
)

// Priorities lists every priority, lowest first.
var Priorities = []Priority{PriorityLow, PriorityNormal, PriorityHigh, PriorityUrgent}

// Case is one service case: a consultation, complaint, order problem,
// return, exchange, refund or quality claim, with its SLA clocks and its
// follow-up.
type Case struct {
	ID         int64      `json:"id"`
	ExternalID string     `json:"external_id,omitempty"` // the source's ticket id; unique when set
	CustomerID string     `json:"customer_id"`
	Subject    string     `json:"subject"`
	Type       CaseType   `json:"type"`
	Stage      CaseStage  `json:"stage"`
	Channel    Channel    `json:"channel"`
	Priority   Priority   `json:"priority"`
	Status     CaseStatus `json:"status"`
	Owner      string     `json:"owner,omitempty"`
	Team       string     `json:"team,omitempty"`
	OrderID    string     `json:"order_id,omitempty"`
	ProductIDs []string   `json:"product_ids,omitempty"`
	Labels     []string   `json:"labels,omitempty"`
	ParentID   int64      `json:"parent_id,omitempty"` // the case this one follows up or inspects
	CreatedAt  time.Time  `json:"created_at"`
	UpdatedAt  time.Time  `json:"updated_at"`
	SLA        CaseSLA    `json:"sla"`
	FollowUp   FollowUp   `json:"follow_up"`
	// Version counts updates; UpdateCase only applies over the version read.
	Version int64 `json:"version"`
}

// Clock names of a case's SLA.
const (
	ClockFirstResponse = "first_response"
	ClockNextResponse  = "next_response"
	ClockResolution    = "resolution"
)

// CaseSLA is the state of a case's service-level clocks.
type CaseSLA struct {
	Policy   string     `json:"policy,omitempty"`
	Calendar string     `json:"calendar,omitempty"`
	PausedAt time.Time  `json:"paused_at,omitzero"` // set while pending on the customer
	Clocks   []SLAClock `json:"clocks,omitempty"`
}

// Clock returns the latest clock of that name, nil if the case has none.
func (s *CaseSLA) Clock(name string) *SLAClock {
	for i := len(s.Clocks) - 1; i >= 0; i-- {
		if s.Clocks[i].Name == name {
			return &s.Clocks[i]
		}
	}
	return nil
}

// SLA outcomes.
const (
	OutcomeMet      = "met"
	OutcomeBreached = "breached"
)

// SLAClock is one target of a case: first response, next response or
// resolution, measured in business time of the policy's calendar.
type SLAClock struct {
	Name      string        `json:"name"`
	Target    time.Duration `json:"target"`           // business time allowed
	Warn      time.Duration `json:"warn,omitempty"`   // warn this much business time before due
	StartedAt time.Time     `json:"started_at"`       // when the clock started
	Paused    time.Duration `json:"paused,omitempty"` // business time spent pending, added to the target
	DueAt     time.Time     `json:"due_at,omitzero"`
	WarnAt    time.Time     `json:"warn_at,omitzero"`
	StoppedAt time.Time     `json:"stopped_at,omitzero"` // when the target was reached (or given up)
	Outcome   string        `json:"outcome,omitempty"`   // met or breached, once known
	Warned    bool          `json:"warned,omitempty"`    // the warning fired
	Breached  bool          `json:"breached,omitempty"`  // the breach escalation fired
}

// Running reports whether the clock still counts.
func (c *SLAClock) Running() bool { return c.StoppedAt.IsZero() }

// FollowUp is the satisfaction follow-up scheduled when a case is resolved.
type FollowUp struct {
	DueAt   time.Time `json:"due_at,omitzero"`
	SentAt  time.Time `json:"sent_at,omitzero"`
	Rating  int       `json:"rating,omitempty"` // 1–5, once answered
	Solved  *bool     `json:"solved,omitempty"`
	ChildID int64     `json:"child_id,omitempty"` // the second follow-up case, if one was opened
}

// Message authors of a case conversation.
const (
	AuthorCustomer = "customer"
	AuthorAgent    = "agent"
	AuthorNote     = "note" // internal note, never shown to the customer
	AuthorSystem   = "system"
)

// CaseMessage is one entry of a case's conversation.
type CaseMessage struct {
	ID        int64     `json:"id"`
	CaseID    int64     `json:"case_id"`
	Kind      string    `json:"kind"`             // customer, agent, note or system
	Author    string    `json:"author,omitempty"` // the agent's name or the customer id
	Body      string    `json:"body"`
	CreatedAt time.Time `json:"created_at"`
}

// CaseQuery filters and pages the case queue. The queue shows breached
// cases first, then by the nearest SLA due time, then oldest first.
type CaseQuery struct {
	Status     []CaseStatus // empty: every status
	Type       CaseType
	Priority   Priority
	Team       string
	Owner      string
	CustomerID string
	OrderID    string
	Breached   bool // only cases with a breached clock
	Offset     int
	Limit      int // 0 means 50
}

// ServiceStore keeps cases, their conversations, the service configuration,
// after-sale requests and webhook deliveries.
type ServiceStore interface {
	// CreateCase stores a case and sets its ID and Version. Returns
	// ECONFLICT if another case has the same ExternalID.
	CreateCase(ctx context.Context, c *Case) error
	// ImportCases stores many cases in one transaction and sets their IDs
	// and Versions (imports, benchmarks). Returns ECONFLICT, storing none,
	// if an ExternalID exists.
	ImportCases(ctx context.Context, cases []*Case) error
	// Case returns one case. Returns ENOTFOUND if there is none.
	Case(ctx context.Context, id int64) (*Case, error)
	// CaseByExternalID returns ENOTFOUND if no case has that external id.
	CaseByExternalID(ctx context.Context, externalID string) (*Case, error)
	// ListCases returns a page of the queue and the number of matches.
	ListCases(ctx context.Context, q CaseQuery) ([]Case, int, error)
	// UpdateCases writes cases whose Version is still the stored one, in
	// one transaction, incrementing Version; it reports which were
	// written. A case's customer is set when it is created and never
	// rewritten. A case changed meanwhile is left alone (false), so two
	// writers racing on the same timer fire it once.
	UpdateCases(ctx context.Context, cases []*Case) ([]bool, error)
	// DueCases lists up to limit cases with a timer (SLA warning or
	// breach, follow-up) due at or before t, earliest first.
	DueCases(ctx context.Context, t time.Time, limit int) ([]Case, error)
	// CasesBetween lists every case created in [from, to), for reports.
	CasesBetween(ctx context.Context, from, to time.Time) ([]Case, error)

	// AddCaseMessage appends to a case's conversation and sets the ID.
	// Returns ENOTFOUND if the case does not exist.
	AddCaseMessage(ctx context.Context, m *CaseMessage) error
	// CaseMessages returns a case's conversation in order.
	CaseMessages(ctx context.Context, caseID int64) ([]CaseMessage, error)

	// CustomerReviews lists up to limit of a customer's product reviews,
	// newest first, for the case view's customer 360.
	CustomerReviews(ctx context.Context, customerID string, limit int) ([]Review, error)
	// CustomerSurveyResponses lists up to limit of a customer's survey
	// answers, newest first.
	CustomerSurveyResponses(ctx context.Context, customerID string, limit int) ([]SurveyResponse, error)

	// ServiceSetting returns a stored configuration document, nil if unset.
	ServiceSetting(ctx context.Context, key string) ([]byte, error)
	// PutServiceSetting stores a configuration document.
	PutServiceSetting(ctx context.Context, key string, doc []byte, at time.Time) error

	AfterSaleStore
	WebhookStore
}

// NextTimer is the earliest pending timer of the case: an SLA warning or
// breach not yet fired, or an unsent follow-up; zero if there is none.
func (c *Case) NextTimer() time.Time {
	var next time.Time
	consider := func(t time.Time) {
		if !t.IsZero() && (next.IsZero() || t.Before(next)) {
			next = t
		}
	}
	for _, k := range c.SLA.Clocks {
		if !k.Running() {
			continue
		}
		if !k.Warned {
			consider(k.WarnAt)
		}
		if !k.Breached {
			consider(k.DueAt)
		}
	}
	if c.FollowUp.SentAt.IsZero() {
		consider(c.FollowUp.DueAt)
	}
	return next
}

// DueAt is the nearest due time of the case's running clocks, zero if none
// runs (all stopped, or paused while pending).
func (c *Case) DueAt() time.Time {
	var due time.Time
	for _, k := range c.SLA.Clocks {
		if k.Running() && !k.DueAt.IsZero() && (due.IsZero() || k.DueAt.Before(due)) {
			due = k.DueAt
		}
	}
	return due
}

// Breached reports whether any clock of the case missed its target.
func (c *Case) Breached() bool {
	for _, k := range c.SLA.Clocks {
		if k.Outcome == OutcomeBreached || k.Breached {
			return true
		}
	}
	return false
}
