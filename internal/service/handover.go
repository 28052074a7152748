package service

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/rapport-cx/rapport"
)

// Handover is a conversation an automated assistant hands to a person.
type Handover struct {
	CustomerID string
	Subject    string // default: the customer's first message, shortened
	Channel    rapport.Channel
	OrderID    string
	// Messages is the whole conversation: the customer's messages
	// (Kind customer) and the assistant's (Kind system, Author the
	// assistant's name), in order.
	Messages []rapport.CaseMessage
	// Context is what the assistant knew: intent, confidence, why it
	// handed over. It is kept as an internal note on the case.
	Context map[string]string
	// Within is when a person must reply; default 10 minutes, counted
	// around the clock.
	Within time.Duration
}

// CaseOpener opens a case for a person to answer. *Service implements it.
type CaseOpener interface {
	OpenHandover(ctx context.Context, h Handover) (*rapport.Case, error)
}

var _ CaseOpener = (*Service)(nil)

// HandoverWithin is the default time a person has to reply to a hand-over
// (S1 二(一): complex questions reach a person within 10 minutes).
const HandoverWithin = 10 * time.Minute

// OpenHandover opens a consultation with the conversation and the
// assistant's context, due for a human reply within h.Within. The SLA
// policy's other targets apply as usual.
func (s *Service) OpenHandover(ctx context.Context, h Handover) (*rapport.Case, error) {
	if h.Within == 0 {
		h.Within = HandoverWithin
	}
	subject := h.Subject
	for _, m := range h.Messages {
		if subject == "" && m.Kind == rapport.AuthorCustomer {
			subject = shorten(m.Body, 80)
		}
	}
	msgs := slices.Clone(h.Messages)
	if len(h.Context) > 0 {
		keys := make([]string, 0, len(h.Context))
		for k := range h.Context {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		var b strings.Builder
		b.WriteString("Handed over by the assistant.")
		for _, k := range keys {
			fmt.Fprintf(&b, "\n%s: %s", k, h.Context[k])
		}
		msgs = append(msgs, rapport.CaseMessage{Kind: rapport.AuthorNote, Author: "assistant", Body: b.String()})
	}
	return s.Open(ctx, NewCase{CustomerID: h.CustomerID, Subject: subject, Type: rapport.CaseConsultation,
		Channel: h.Channel, OrderID: h.OrderID, Labels: []string{"handover"}, Messages: msgs, ReplyWithin: h.Within})
}

// shorten cuts text to at most n runes, with an ellipsis when cut.
func shorten(text string, n int) string {
	r := []rune(strings.TrimSpace(text))
	if len(r) <= n {
		return string(r)
	}
	return string(r[:n-1]) + "…"
}
