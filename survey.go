package rapport

import (
	"context"
	"time"
)

// SurveyKind is the question a survey asks and the scale of its answer.
type SurveyKind string

// The survey kinds Rapport serves.
const (
	SurveyCSAT SurveyKind = "csat" // "How satisfied are you …?" 1–5
	SurveyNPS  SurveyKind = "nps"  // "How likely are you to recommend …?" 0–10, with a reason
	SurveyCES  SurveyKind = "ces"  // "How easy was it …?" 1–7
)

// Survey is one survey definition: what it asks, when and whom.
type Survey struct {
	ID         int64      `json:"id"`
	Key        string     `json:"key"` // stable name, also the survey_id of its Survey Responded events
	Name       string     `json:"name"`
	Kind       SurveyKind `json:"kind"`
	QuestionEN string     `json:"question_en"`
	QuestionZH string     `json:"question_zh"`
	ReasonEN   string     `json:"reason_en,omitempty"` // the follow-up "why?" question, NPS above all
	ReasonZH   string     `json:"reason_zh,omitempty"`
	Touchpoint string     `json:"touchpoint,omitempty"` // pre_sale, ordering, delivery, after_sale, product

	// Trigger: an event name such as "Ticket Resolved"; the invitation is
	// due Delay after the event. Empty for relationship surveys.
	TriggerEvent string `json:"trigger_event,omitempty"`
	DelayMinutes int    `json:"delay_minutes"`

	// Target: segment ids, custom or lifecycle (new, churn_risk, …). An
	// invitation is sent only to a customer who is in one of them when it
	// is issued; empty targets everyone.
	Segments []string `json:"segments,omitempty"`

	// Schedule of a relationship survey: "quarterly" or "monthly" sends to a
	// random Sample of targeted customers at each period's start.
	Schedule  string    `json:"schedule,omitempty"`
	Sample    int       `json:"sample,omitempty"`
	NextRunAt time.Time `json:"next_run_at,omitzero"`

	LinkDays  int       `json:"link_days"` // how many days an invitation's link can be answered
	Active    bool      `json:"active"`
	CreatedAt time.Time `json:"created_at"`
}

// Delay is how long after the trigger event the invitation is due.
func (s *Survey) Delay() time.Duration { return time.Duration(s.DelayMinutes) * time.Minute }

// LinkTTL is how long an issued link can be answered.
func (s *Survey) LinkTTL() time.Duration { return time.Duration(s.LinkDays) * 24 * time.Hour }

// Invitation statuses.
const (
	InvitePending  = "pending"  // due later; the scan issues it
	InviteSent     = "sent"     // the link is issued and can be answered
	InviteAnswered = "answered" // answered once; the link is spent
	InviteCapped   = "capped"   // not sent: the customer was surveyed within the frequency cap
	InviteSkipped  = "skipped"  // not sent: the customer is outside the target
)

// Invitation asks one customer to answer one survey.
type Invitation struct {
	ID          int64     `json:"id"`
	SurveyID    int64     `json:"survey_id"`
	CustomerID  string    `json:"customer_id"`
	TriggerRef  string    `json:"trigger_ref"` // what caused it: an event's message id or a schedule run
	Status      string    `json:"status"`
	DueAt       time.Time `json:"due_at"`
	SentAt      time.Time `json:"sent_at,omitzero"`
	ExpiresAt   time.Time `json:"expires_at,omitzero"`
	RespondedAt time.Time `json:"responded_at,omitzero"`
}

// SurveyResponse is one answer to a survey.
type SurveyResponse struct {
	ID           int64      `json:"id"`
	Ref          string     `json:"ref"` // unique: an event's message id, or the answer's own id
	SurveyID     int64      `json:"survey_id"`
	InvitationID int64      `json:"invitation_id,omitempty"`
	CustomerID   string     `json:"customer_id"`
	Kind         SurveyKind `json:"kind"`
	Score        int        `json:"score"`
	Reason       string     `json:"reason,omitempty"`
	Source       string     `json:"source"` // link, api or event
	At           time.Time  `json:"at"`
}

// SurveySettings are the shop-wide survey rules.
type SurveySettings struct {
	CapDays int    `json:"cap_days"`          // no customer is surveyed more than once per CapDays days
	Secret  []byte `json:"-"`                 // signs answer links
	Webhook string `json:"webhook,omitempty"` // where overdue action items are posted
}

// InvitationQuery filters invitations; zero fields match everything.
type InvitationQuery struct {
	SurveyID   int64
	CustomerID string
	Status     string
	Limit      int // 0 means 100
}

// SurveyStore keeps survey definitions, invitations and answers.
type SurveyStore interface {
	// CreateSurvey stores a survey and sets its ID. Returns ECONFLICT if the key is taken.
	CreateSurvey(ctx context.Context, s *Survey) error
	// UpdateSurvey replaces a survey's definition. Returns ENOTFOUND if there is none.
	UpdateSurvey(ctx context.Context, s *Survey) error
	// Survey returns ENOTFOUND if there is no survey with this id.
	Survey(ctx context.Context, id int64) (*Survey, error)
	// Surveys lists every survey, oldest first.
	Surveys(ctx context.Context) ([]Survey, error)
	// ClaimSurveyRun moves a scheduled survey's next run from prev to next;
	// false when another scan already did.
	ClaimSurveyRun(ctx context.Context, id int64, prev, next time.Time) (bool, error)

	// SurveySettings returns the rules, creating them with defaults and the
	// given secret on first use; the stored secret wins afterwards.
	SurveySettings(ctx context.Context, secret []byte) (SurveySettings, error)
	// SaveSurveySettings changes the cap and the webhook (never the secret).
	SaveSurveySettings(ctx context.Context, s SurveySettings) error

	// ScheduleInvitation stores a pending invitation; false (and nothing
	// stored) when the same survey, customer and trigger already has one.
	ScheduleInvitation(ctx context.Context, inv *Invitation) (bool, error)
	// DueInvitations lists pending invitations due at or before now, oldest first.
	DueInvitations(ctx context.Context, now time.Time, limit int) ([]Invitation, error)
	// IssueInvitation sends a pending invitation unless the customer was
	// contacted within capDays of now, in which case it becomes capped.
	// It returns the new status, "" when the invitation was no longer pending.
	IssueInvitation(ctx context.Context, id int64, now time.Time, capDays int, expires time.Time) (string, error)
	// SkipInvitation marks a pending invitation skipped.
	SkipInvitation(ctx context.Context, id int64) error
	// Invitation returns ENOTFOUND if there is none with this id.
	Invitation(ctx context.Context, id int64) (*Invitation, error)
	// Invitations lists invitations matching q, newest first.
	Invitations(ctx context.Context, q InvitationQuery) ([]Invitation, error)
	// InvitationCounts counts a survey's invitations by status.
	InvitationCounts(ctx context.Context, surveyID int64) (map[string]int, error)

	// RecordResponse stores an answer. With an InvitationID the invitation
	// must be sent, unexpired at r.At and unanswered: otherwise ENOTFOUND,
	// EFORBIDDEN (expired) or ECONFLICT (answered). A Ref already stored is
	// ECONFLICT. Nothing changes on error.
	RecordResponse(ctx context.Context, r *SurveyResponse) error
	// SurveyResponses lists a survey's answers, newest first (0 = every survey).
	SurveyResponses(ctx context.Context, surveyID int64, limit int) ([]SurveyResponse, error)

	// RecordContact notes that a customer was surveyed or interviewed at a time.
	RecordContact(ctx context.Context, customerID string, at time.Time) error
	// ContactedSince returns the customers contacted at or after since.
	ContactedSince(ctx context.Context, since time.Time) (map[string]time.Time, error)

	// EventsNamed returns the events with one of the names in [from, to),
	// oldest first, for analyses that read the raw touchpoints.
	EventsNamed(ctx context.Context, names []string, from, to time.Time) ([]Event, error)
	// CustomerIDs lists known customers, for sampling and targeting.
	CustomerIDs(ctx context.Context) ([]string, error)

	// FeedbackMark says cheaply whether what the feedback analyses read
	// may have changed: it moves with every stored event and model run.
	FeedbackMark(ctx context.Context) (FeedbackMark, error)
	// FeedbackCustomers returns the profiles of the given customers with
	// the RFM segment of the latest model run; unknown ids are left out.
	FeedbackCustomers(ctx context.Context, ids []string) (map[string]FeedbackCustomer, error)
}

// FeedbackMark is a version of the data behind the feedback analyses.
type FeedbackMark struct {
	Seq      int64     `json:"seq"`      // highest stored event sequence number
	Run      int64     `json:"run"`      // latest model run, 0 without any
	Feedback time.Time `json:"feedback"` // timestamp of the latest survey answer or review, zero without any
}

// FeedbackCustomer is a customer as the feedback analyses group them.
type FeedbackCustomer struct {
	Customer   *Customer
	RFMSegment string // named RFM segment of the latest model run, "" without one
}
