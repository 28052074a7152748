package insight

import (
	"context"
	"sort"
	"strings"
	"time"

	"github.com/rapport-cx/rapport"
	"github.com/rapport-cx/rapport/internal/profile"
	"github.com/rapport-cx/rapport/internal/survey"
)

// Kinds of feedback scores.
const (
	KindCSAT   = "csat"
	KindNPS    = "nps"
	KindCES    = "ces"
	KindRating = "rating" // review stars, 1–5
)

// Kinds lists the score kinds in display order.
var Kinds = []string{KindCSAT, KindNPS, KindCES, KindRating}

// Feedback is one scored piece of feedback — a survey answer or a review —
// with the context the analyses group and explain it by.
type Feedback struct {
	Kind       string    `json:"kind"`
	Score      int       `json:"score"`
	Text       string    `json:"text,omitempty"`
	CustomerID string    `json:"customer_id"`
	At         time.Time `json:"at"`
	Channel    string    `json:"channel"`
	Touchpoint string    `json:"touchpoint"`
	Category   string    `json:"category,omitempty"`
	OrderID    string    `json:"order_id,omitempty"`
	Stage      string    `json:"stage,omitempty"` // lifecycle stage as of the analysis
	RFM        string    `json:"rfm,omitempty"`   // named RFM segment of the latest model run

	// Conditions of the experience the feedback follows.
	Late         bool `json:"late"`          // the linked order arrived after its promised date
	Returned     bool `json:"returned"`      // the linked order was returned
	Reopened     bool `json:"reopened"`      // a linked service case was reopened
	SlowResponse bool `json:"slow_response"` // a linked case waited over SlowResponseMinutes for a first reply
}

// Signal is a structured complaint: a service ticket's topic or a return's reason.
type Signal struct {
	Aspect     string    `json:"aspect"`
	Source     string    `json:"source"` // ticket or return
	Text       string    `json:"text,omitempty"`
	CustomerID string    `json:"customer_id"`
	At         time.Time `json:"at"`
}

// Facts are the feedback and signals of a window, ready for analysis.
type Facts struct {
	From, To  time.Time
	Feedback  []Feedback
	Signals   []Signal
	Customers map[string]*rapport.Customer
	Tiers     map[string]string // RFM tier of each customer that has one
	// Anchored: no feedback fell in the requested window ending now, so
	// the window ends at the latest feedback instead (imported history).
	Anchored bool
	memo     *readings
}

// SlowResponseMinutes is the first-response time above which a case counts as slow.
const SlowResponseMinutes = 60

// linkWindow is how far back feedback looks for the order or case it follows.
const linkWindow = 60 * 24 * time.Hour

// Store is what the analyses read.
type Store interface {
	EventsNamed(ctx context.Context, names []string, from, to time.Time) ([]rapport.Event, error)
	FeedbackMark(ctx context.Context) (rapport.FeedbackMark, error)
	FeedbackCustomers(ctx context.Context, ids []string) (map[string]rapport.FeedbackCustomer, error)
}

type order struct {
	id, customer, channel, category string
	placed, delivered               time.Time
	late, returned, reopened, slow  bool
	ticketResolved                  time.Time
}

type ticket struct {
	id, order, customer string
	resolved            time.Time
	reopened, slow      bool
}

// Load reads the feedback given in [from, to) and what it follows, with
// each customer's lifecycle stage as of to.
func Load(ctx context.Context, st Store, from, to time.Time) (*Facts, error) {
	events, err := st.EventsNamed(ctx, []string{rapport.EventOrderCompleted, rapport.EventOrderDelivered,
		rapport.EventReturnRequested, rapport.EventTicketCreated, rapport.EventTicketResolved, "Ticket Reopened",
		rapport.EventSurveyResponded, rapport.EventProductReviewed}, from.Add(-linkWindow), to)
	if err != nil {
		return nil, err
	}
	f := &Facts{From: from, To: to, Customers: map[string]*rapport.Customer{}, Tiers: map[string]string{}, memo: newReadings()}
	orders, tickets := map[string]*order{}, map[string]*ticket{}
	byCustomer := map[string][]*order{}
	casesOf := map[string][]*ticket{}
	for i := range events {
		e := &events[i]
		p := e.Properties
		switch e.Name {
		case rapport.EventOrderCompleted:
			o := &order{id: profile.Text(p["order_id"]), customer: e.CustomerID, channel: string(e.Channel), placed: e.Timestamp,
				category: firstCategory(p)}
			orders[o.id] = o
			byCustomer[e.CustomerID] = append(byCustomer[e.CustomerID], o)
		case rapport.EventOrderDelivered:
			if o := orders[profile.Text(p["order_id"])]; o != nil {
				o.delivered, o.late = e.Timestamp, isLate(p)
			}
		case rapport.EventReturnRequested:
			if o := orders[profile.Text(p["order_id"])]; o != nil {
				o.returned = true
			}
			if !e.Timestamp.Before(from) {
				f.Signals = append(f.Signals, Signal{Aspect: aspectOfCode(profile.Text(p["reason"])), Source: "return",
					Text: profile.Text(p["reason_text"]), CustomerID: e.CustomerID, At: e.Timestamp})
			}
		case rapport.EventTicketCreated:
			tk := &ticket{id: profile.Text(p["ticket_id"]), order: profile.Text(p["order_id"]), customer: e.CustomerID}
			tickets[tk.id] = tk
			casesOf[e.CustomerID] = append(casesOf[e.CustomerID], tk)
			if !e.Timestamp.Before(from) {
				f.Signals = append(f.Signals, Signal{Aspect: aspectOfCode(profile.Text(p["topic"])), Source: "ticket",
					Text: profile.Text(p["subject"]), CustomerID: e.CustomerID, At: e.Timestamp})
			}
		case rapport.EventTicketResolved:
			if tk := tickets[profile.Text(p["ticket_id"])]; tk != nil {
				tk.resolved = e.Timestamp
				if m, ok := profile.Number(p["first_response_minutes"]); ok && m > SlowResponseMinutes {
					tk.slow = true
				}
			}
		case "Ticket Reopened":
			if tk := tickets[profile.Text(p["ticket_id"])]; tk != nil {
				tk.reopened = true
			}
		case rapport.EventSurveyResponded, rapport.EventProductReviewed:
			if e.Timestamp.Before(from) {
				continue
			}
			if fb, ok := feedbackOf(e); ok {
				link(&fb, e, orders, byCustomer[e.CustomerID], casesOf[e.CustomerID])
				f.Feedback = append(f.Feedback, fb)
			}
		}
	}
	return f, f.loadCustomers(ctx, st, to)
}

func (f *Facts) loadCustomers(ctx context.Context, st Store, now time.Time) error {
	seen := map[string]bool{}
	var ids []string
	add := func(id string) {
		if !seen[id] {
			seen[id] = true
			ids = append(ids, id)
		}
	}
	for _, fb := range f.Feedback {
		add(fb.CustomerID)
	}
	for _, s := range f.Signals {
		add(s.CustomerID)
	}
	found, err := st.FeedbackCustomers(ctx, ids)
	if err != nil {
		return err
	}
	for id, c := range found {
		f.Customers[id] = c.Customer
		if c.RFMSegment != "" {
			f.Tiers[id] = c.RFMSegment
		}
	}
	for i := range f.Feedback {
		fb := &f.Feedback[i]
		if c, ok := found[fb.CustomerID]; ok {
			fb.Stage, fb.RFM = survey.Lifecycle(c.Customer, now), c.RFMSegment
		}
	}
	return nil
}

// feedbackOf reads the score and text of a survey answer or a review.
func feedbackOf(e *rapport.Event) (Feedback, bool) {
	p := e.Properties
	fb := Feedback{CustomerID: e.CustomerID, At: e.Timestamp, Channel: string(e.Channel), Touchpoint: profile.Text(p["touchpoint"])}
	var score float64
	var ok bool
	if e.Name == rapport.EventProductReviewed {
		fb.Kind, fb.Touchpoint, fb.Category = KindRating, "product", profile.Text(p["category"])
		score, ok = profile.Number(p["rating"])
		fb.Text = strings.TrimSpace(profile.Text(p["title"]) + "\n" + firstText(p, "review_body", "body", "text"))
	} else {
		fb.Kind = strings.ToLower(firstText(p, "survey_type", "type"))
		if fb.Kind == "" && p["nps"] != nil {
			fb.Kind = KindNPS
		}
		score, ok = profile.Number(p["score"])
		if !ok {
			score, ok = profile.Number(p["nps"])
		}
		fb.Text = firstText(p, "reason", "comment")
	}
	fb.OrderID = profile.Text(p["order_id"])
	fb.Score = int(score)
	switch fb.Kind {
	case KindCSAT, KindNPS, KindCES, KindRating:
	default:
		return fb, false
	}
	return fb, ok
}

// link attaches the order and case the feedback follows and infers its touchpoint.
func link(fb *Feedback, e *rapport.Event, orders map[string]*order, own []*order, cases []*ticket) {
	o := orders[fb.OrderID]
	if o == nil { // the customer's latest order before the feedback
		for _, c := range own {
			if !c.placed.After(fb.At) && fb.At.Sub(c.placed) <= linkWindow {
				o = c
			}
		}
	}
	var tk *ticket
	for _, c := range cases {
		if !c.resolved.IsZero() && !c.resolved.After(fb.At) && fb.At.Sub(c.resolved) <= 14*24*time.Hour {
			tk = c
		}
	}
	if o != nil {
		fb.OrderID, fb.Late, fb.Returned = o.id, o.late, o.returned
		if fb.Category == "" {
			fb.Category = o.category
		}
		for _, c := range cases {
			if c.order == o.id {
				fb.Reopened, fb.SlowResponse = fb.Reopened || c.reopened, fb.SlowResponse || c.slow
			}
		}
	}
	if tk != nil {
		fb.Reopened, fb.SlowResponse = fb.Reopened || tk.reopened, fb.SlowResponse || tk.slow
	}
	if fb.Touchpoint != "" {
		return
	}
	const recent = 10 * 24 * time.Hour
	switch {
	case tk != nil && fb.At.Sub(tk.resolved) <= 3*24*time.Hour:
		fb.Touchpoint = "after_sale"
	case o != nil && !o.delivered.IsZero() && fb.At.Sub(o.delivered) <= recent:
		fb.Touchpoint = "delivery"
	case o != nil && fb.At.Sub(o.placed) <= recent:
		fb.Touchpoint = "ordering"
	case tk != nil:
		fb.Touchpoint = "after_sale"
	default:
		fb.Touchpoint = "relationship"
	}
}

func isLate(p map[string]any) bool {
	if b, ok := p["late"].(bool); ok {
		return b
	}
	promised, err1 := time.Parse(time.RFC3339, profile.Text(p["promised_at"]))
	delivered, err2 := time.Parse(time.RFC3339, profile.Text(p["delivered_at"]))
	return err1 == nil && err2 == nil && delivered.After(promised)
}

func firstCategory(p map[string]any) string {
	if list, ok := p["products"].([]any); ok && len(list) > 0 {
		if m, ok := list[0].(map[string]any); ok {
			return profile.Text(m["category"])
		}
	}
	return profile.Text(p["category"])
}

func firstText(p map[string]any, keys ...string) string {
	for _, k := range keys {
		if s := profile.Text(p[k]); s != "" {
			return s
		}
	}
	return ""
}

// aspectOfCode maps ticket topics and return reason codes to aspects.
func aspectOfCode(code string) string {
	switch code {
	case "delivery", "slow_delivery", "late", "logistics":
		return AspectDelivery
	case "quality", "defective", "damaged":
		return AspectQuality
	case "size", "fit":
		return AspectSize
	case "not_as_described", "description":
		return AspectDescription
	case "price", "value":
		return AspectPrice
	case "packaging":
		return AspectPackaging
	case "service":
		return AspectService
	case "refund", "return", "returns":
		return AspectReturns
	}
	return AspectOther
}

// sortedKeys returns a map's keys in order.
func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
