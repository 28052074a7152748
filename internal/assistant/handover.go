package assistant

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/rapport-cx/rapport"
)

// ReplyWithin is how soon a person must answer a handed-over conversation.
const ReplyWithin = 10 * time.Minute

// Hand-over reasons.
const (
	ReasonAskedForPerson = "asked_for_person"
	ReasonLowConfidence  = "low_confidence"
	ReasonTopic          = "handover_topic"
)

// Handover is a conversation passed to a person.
type Handover struct {
	ConversationID string
	CustomerID     string // may be empty for an anonymous visitor
	Reason         string
	Subject        string // the customer's latest message
	Messages       []rapport.AssistantMessage
	At             time.Time
	DueAt          time.Time // At + ReplyWithin
}

// CaseOpener opens a case for a person to answer a handed-over
// conversation; it returns a reference to show and keep. The service
// capability implements it (ServiceOpener); EventOpener is the fallback.
type CaseOpener interface {
	OpenHandover(ctx context.Context, h Handover) (string, error)
}

// EventOpener records a Ticket Created event carrying the whole
// conversation, so that nothing is lost where no case engine runs.
type EventOpener struct {
	Events rapport.EventStore
}

// OpenHandover ingests the Ticket Created event.
func (o EventOpener) OpenHandover(ctx context.Context, h Handover) (string, error) {
	ticket := "assistant-" + h.ConversationID
	conv := make([]any, len(h.Messages))
	for i, m := range h.Messages {
		conv[i] = map[string]any{"role": m.Role, "text": m.Text, "at": m.CreatedAt.Format(time.RFC3339)}
	}
	e := &rapport.Event{
		MessageID: fmt.Sprintf("assistant:handover:%s:%d", h.ConversationID, h.At.UnixMilli()),
		Type:      rapport.TypeTrack, Name: rapport.EventTicketCreated, UserID: h.CustomerID,
		Channel: rapport.ChannelWeb, Source: "assistant", Timestamp: h.At, ReceivedAt: h.At,
		Properties: map[string]any{
			"ticket_id": ticket, "subject": h.Subject, "topic": "question", "priority": "high",
			"reason": h.Reason, "due_at": h.DueAt.Format(time.RFC3339), "conversation": conv,
		},
	}
	if h.CustomerID == "" {
		e.AnonymousID = "assistant-" + h.ConversationID
	}
	if _, err := o.Events.Ingest(ctx, []*rapport.Event{e}); err != nil {
		return "", fmt.Errorf("hand-over %s: %w", h.ConversationID, err)
	}
	return ticket, nil
}

// askedForPerson are phrasings of "let me talk to a person", matched in
// the normalised message.
var askedForPerson = []string{
	"人工", "真人", "客服在吗", "找客服", "转客服", "找人工", "活人", "找个人",
	"human", "real person", "a person", "an agent", "live agent", "speak to someone", "talk to someone",
	"representative", "operator", "speak to a", "talk to a", "customer service",
}

// asksForPerson tells whether the customer asks for a person.
func asksForPerson(text string) bool {
	t := strings.ToLower(text)
	for _, p := range askedForPerson {
		if strings.Contains(t, p) {
			return true
		}
	}
	return false
}
