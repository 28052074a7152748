package insight

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/rapport-cx/rapport"
)

// Owner teams and deadlines of S1's rule.
const (
	OwnerOperations = "operations"
	OwnerProduct    = "product"
	FrequentDays    = 30
	SevereDays      = 14
)

// Metrics an action item can be judged by.
var Metrics = []string{KindCSAT, KindNPS, KindCES, KindRating, "negative_mentions"}

// Owners an action item can have.
var Owners = []string{OwnerOperations, OwnerProduct, "service", "logistics", "marketing"}

// Assign applies S1's rule: a frequent pain point goes to operations with
// 30 days; a severe but rare one to product with 14 days; any other to
// operations with 30 days.
func Assign(p PainPoint) (owner, rule string, days int) {
	switch {
	case p.Frequency >= FrequentShare:
		return OwnerOperations, "frequent", FrequentDays
	case p.Severity >= SevereLevel:
		return OwnerProduct, "severe", SevereDays
	}
	return OwnerOperations, "default", FrequentDays
}

// NewActionItem turns a pain point into an open action item due by the rule.
func NewActionItem(p PainPoint, title, metric string, now time.Time) (*rapport.ActionItem, error) {
	owner, rule, days := Assign(p)
	if strings.TrimSpace(title) == "" {
		title = "Fix " + strings.ReplaceAll(p.Aspect, "_", " ")
	}
	if metric == "" {
		metric = "negative_mentions"
	}
	a := &rapport.ActionItem{Title: strings.TrimSpace(title), Aspect: p.Aspect, Owner: owner, Rule: rule, Metric: metric,
		Status: rapport.ActionOpen, DueAt: now.Add(time.Duration(days) * 24 * time.Hour), CreatedAt: now}
	return a, ValidateAction(a)
}

// ValidateAction checks an action item's fields.
func ValidateAction(a *rapport.ActionItem) error {
	switch {
	case a.Title == "" || len(a.Title) > 200:
		return rapport.FieldErrorf("title", "the title must be 1 to 200 characters")
	case !slices.Contains(Owners, a.Owner):
		return rapport.FieldErrorf("owner", "the owner must be one of %s", strings.Join(Owners, ", "))
	case !slices.Contains(Metrics, a.Metric):
		return rapport.FieldErrorf("metric", "the metric must be one of %s", strings.Join(Metrics, ", "))
	case a.Status != rapport.ActionOpen && a.Status != rapport.ActionInProgress && a.Status != rapport.ActionDone:
		return rapport.FieldErrorf("status", "the status must be open, in_progress or done")
	case a.DueAt.IsZero():
		return rapport.FieldErrorf("due_at", "a due date is required")
	}
	return nil
}

// Overdue says whether an unfinished item is past its due date at now.
func Overdue(a *rapport.ActionItem, now time.Time) bool {
	return a.Status != rapport.ActionDone && now.After(a.DueAt)
}

// Window is a metric over a span of time.
type Window struct {
	From  time.Time `json:"from"`
	To    time.Time `json:"to"`
	Value float64   `json:"value"`
	Count int       `json:"count"` // answers, or feedback items for negative_mentions
	Low   float64   `json:"low"`
	High  float64   `json:"high"`
}

// BeforeAfter is an action item's metric in equal windows before and
// after its change date.
type BeforeAfter struct {
	Metric string `json:"metric"`
	Before Window `json:"before"`
	After  Window `json:"after"`
}

// Compare measures the item's metric in the days before its change date
// and the same number of days after (up to the facts' end).
func Compare(f *Facts, a *rapport.ActionItem, a2 Analyzer, days int) (*BeforeAfter, error) {
	if a.ChangedAt.IsZero() {
		return nil, rapport.FieldErrorf("changed_at", "the item has no change date yet")
	}
	span := time.Duration(days) * 24 * time.Hour
	res := &BeforeAfter{Metric: a.Metric}
	res.Before = measure(f, a, a2, a.ChangedAt.Add(-span), a.ChangedAt)
	end := a.ChangedAt.Add(span)
	if end.After(f.To) {
		end = f.To
	}
	res.After = measure(f, a, a2, a.ChangedAt, end)
	return res, nil
}

func measure(f *Facts, a *rapport.ActionItem, an Analyzer, from, to time.Time) Window {
	w := Window{From: from, To: to}
	in := func(t time.Time) bool { return !t.Before(from) && t.Before(to) }
	if a.Metric != "negative_mentions" {
		var sub []Feedback
		for _, fb := range f.Feedback {
			if fb.Kind == a.Metric && in(fb.At) {
				sub = append(sub, fb)
			}
		}
		s := Score(sub).Scores[a.Metric]
		w.Value, w.Count, w.Low, w.High = s.Value, s.Count, s.Low, s.High
		return w
	}
	// Negative mentions of the item's aspect per 100 feedback items.
	sub := &Facts{From: from, To: to, Customers: f.Customers, Tiers: f.Tiers, memo: f.memo}
	for _, fb := range f.Feedback {
		if in(fb.At) {
			sub.Feedback = append(sub.Feedback, fb)
		}
	}
	for _, s := range f.Signals {
		if in(s.At) {
			sub.Signals = append(sub.Signals, s)
		}
	}
	w.Count = len(sub.Feedback) + len(sub.Signals)
	for _, p := range PainPoints(sub, an) {
		if p.Aspect == a.Aspect && w.Count > 0 {
			w.Value = 100 * float64(p.Negative) / float64(w.Count)
		}
	}
	w.Low, w.High = w.Value, w.Value
	return w
}

// OverdueEvent is the webhook event type of an overdue action item.
const OverdueEvent = "action_item.overdue"

// ActionStore is what the overdue scan needs.
type ActionStore interface {
	ActionItems(ctx context.Context) ([]rapport.ActionItem, error)
	ClaimOverdue(ctx context.Context, id int64, now time.Time) (bool, error)
	WebhookEndpoints(ctx context.Context) ([]rapport.WebhookEndpoint, error)
	EnqueueWebhooks(ctx context.Context, ds []rapport.WebhookDelivery) error
}

// ScanOverdue flags each unfinished item past due once and queues an
// action_item.overdue webhook to every endpoint that wants it; the
// webhook sender delivers and retries them.
func ScanOverdue(st ActionStore) func(ctx context.Context, now time.Time) error {
	return func(ctx context.Context, now time.Time) error {
		items, err := st.ActionItems(ctx)
		if err != nil {
			return err
		}
		var endpoints []rapport.WebhookEndpoint
		loaded := false
		for _, a := range items {
			if !Overdue(&a, now) || !a.NotifiedAt.IsZero() {
				continue
			}
			claimed, err := st.ClaimOverdue(ctx, a.ID, now)
			if err != nil || !claimed {
				if err != nil {
					return err
				}
				continue
			}
			if !loaded {
				if endpoints, err = st.WebhookEndpoints(ctx); err != nil {
					return err
				}
				loaded = true
			}
			if err := enqueueOverdue(ctx, st, endpoints, a, now); err != nil {
				return err
			}
		}
		return nil
	}
}

func enqueueOverdue(ctx context.Context, st ActionStore, endpoints []rapport.WebhookEndpoint, a rapport.ActionItem, now time.Time) error {
	body, err := json.Marshal(map[string]any{"type": OverdueEvent, "timestamp": now.UTC(), "data": a})
	if err != nil {
		return fmt.Errorf("overdue action item %d: %w", a.ID, err)
	}
	var ds []rapport.WebhookDelivery
	for _, ep := range endpoints {
		if ep.Wants(OverdueEvent) {
			ds = append(ds, rapport.WebhookDelivery{ID: fmt.Sprintf("msg_action_overdue_%d", a.ID), EndpointID: ep.ID,
				Event: OverdueEvent, Payload: string(body), Status: rapport.DeliveryPending, NextAttemptAt: now, CreatedAt: now})
		}
	}
	if len(ds) == 0 {
		return nil
	}
	return st.EnqueueWebhooks(ctx, ds)
}
