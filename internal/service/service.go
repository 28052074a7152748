package service

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"time"

	"github.com/rapport-cx/rapport"
	"github.com/rapport-cx/rapport/internal/webhook"
)

// Service runs case work over a store. It is safe for concurrent use, also
// by several nodes over one database: every case write is conditional on
// the version read.
type Service struct {
	store rapport.Store
	clock rapport.Clock
	log   *slog.Logger

	mu  sync.Mutex
	cfg *loaded
}

// New returns a service over a store.
func New(st rapport.Store, clock rapport.Clock, log *slog.Logger) *Service {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Service{store: st, clock: clock, log: log}
}

// Webhook event types Rapport sends.
const (
	HookCaseCreated    = "case.created"
	HookCaseUpdated    = "case.updated"
	HookCaseResolved   = "case.resolved"
	HookSLAWarning     = "sla.warning"
	HookSLABreached    = "sla.breached"
	HookFollowUpSent   = "follow_up.sent"
	HookAutomation     = "automation.matched"
	HookAfterSaleState = "after_sale.status"
)

// Events Rapport adds to customers' timelines.
const (
	EventFollowUpSent = "Follow-up Sent"
	EventSource       = "rapport-service"
)

// effects are what a change does outside its case: webhooks to send and
// events to record. Each carries a stable key so doing it twice does it once.
type effects struct {
	hooks  []webhook.Notification
	events []*rapport.Event
}

func (e *effects) hook(key, event string, data any) {
	e.hooks = append(e.hooks, webhook.Notification{ID: key, Type: event, Data: data})
}

// flush records the events and enqueues the webhooks for the endpoints that
// want them.
func (s *Service) flush(ctx context.Context, eff *effects) error {
	if len(eff.events) > 0 {
		if _, err := s.store.Ingest(ctx, eff.events); err != nil {
			return fmt.Errorf("record service events: %w", err)
		}
	}
	_, err := webhook.Publisher{Store: s.store, Clock: s.clock}.PublishAll(ctx, eff.hooks)
	return err
}

// serviceEvent builds an event about a customer with a stable message id.
func serviceEvent(messageID, name, customerID string, ch rapport.Channel, at time.Time, props map[string]any) *rapport.Event {
	e := &rapport.Event{MessageID: messageID, Type: rapport.TypeTrack, Name: name, Channel: ch,
		Source: EventSource, Timestamp: at, ReceivedAt: at, Properties: props}
	if ch == "" {
		e.Channel = rapport.ChannelOther
	}
	if anon, ok := strings.CutPrefix(customerID, rapport.AnonymousPrefix); ok {
		e.AnonymousID = anon
	} else {
		e.UserID = customerID
	}
	return e
}

// customer returns the case's customer profile, nil if unknown.
func (s *Service) customer(ctx context.Context, id string) (*rapport.Customer, error) {
	if id == "" {
		return nil, nil
	}
	c, err := s.store.Customer(ctx, id)
	if rapport.ErrorCode(err) == rapport.ENOTFOUND {
		return nil, nil
	}
	return c, err
}

// caseData is the webhook body of a case.
func caseData(c *rapport.Case) map[string]any {
	return map[string]any{"case_id": c.ID, "external_id": c.ExternalID, "customer_id": c.CustomerID,
		"type": c.Type, "priority": c.Priority, "status": c.Status, "owner": c.Owner, "team": c.Team,
		"subject": c.Subject}
}

// errStale reports a case that changed between read and write too often.
var errStale = errors.New("case keeps changing")

// errUnchanged, returned by a change function, leaves the case unwritten.
var errUnchanged = errors.New("case unchanged")
