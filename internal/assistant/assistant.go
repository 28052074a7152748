package assistant

import (
	"context"
	"fmt"
	"strings"
	"sync"

	"github.com/rapport-cx/rapport"
	"github.com/rapport-cx/rapport/internal/textan"
)

// Message roles.
const (
	RoleCustomer  = "customer"
	RoleAssistant = "assistant"
)

// DefaultThreshold is the confidence below which the assistant hands over.
const DefaultThreshold = 0.45

// Store is what the assistant reads and writes.
type Store interface {
	rapport.KnowledgeStore
}

// Assistant answers from the knowledge base.
type Assistant struct {
	store     Store
	clock     rapport.Clock
	opener    CaseOpener
	Threshold float64

	mu    sync.Mutex
	model *model
}

// New returns an assistant; opener receives hand-overs.
func New(st Store, clock rapport.Clock, opener CaseOpener) *Assistant {
	return &Assistant{store: st, clock: clock, opener: opener, Threshold: DefaultThreshold}
}

// Question is a customer's message.
type Question struct {
	ConversationID string
	CustomerID     string
	Text           string
}

// Reply is the assistant's answer.
type Reply struct {
	ConversationID string   `json:"conversation_id"`
	Text           string   `json:"text"`
	EntryID        int64    `json:"entry_id,omitempty"`
	Question       string   `json:"question,omitempty"` // the matched entry's question
	Confidence     float64  `json:"confidence"`
	Sources        []Source `json:"sources"`
	Handover       bool     `json:"handover"`
	Reason         string   `json:"handover_reason,omitempty"`
	CaseRef        string   `json:"case_ref,omitempty"`
}

// current returns the model for the knowledge base as it is now,
// retraining when its version moved.
func (a *Assistant) current(ctx context.Context) (*model, error) {
	v, err := a.store.KBVersion(ctx)
	if err != nil {
		return nil, err
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.model != nil && a.model.version == v {
		return a.model, nil
	}
	entries, err := a.store.KBEntries(ctx)
	if err != nil {
		return nil, err
	}
	a.model = train(v, entries)
	return a.model, nil
}

// Retrain rebuilds the model now if the knowledge base changed.
func (a *Assistant) Retrain(ctx context.Context) error {
	_, err := a.current(ctx)
	return err
}

// Answer replies to one message and records both in the conversation.
// Returns EINVALID if the text or conversation id is empty.
func (a *Assistant) Answer(ctx context.Context, q Question) (*Reply, error) {
	q.Text = strings.TrimSpace(q.Text)
	if q.Text == "" {
		return nil, rapport.FieldErrorf("text", "is empty")
	}
	if strings.TrimSpace(q.ConversationID) == "" {
		return nil, rapport.FieldErrorf("conversation_id", "is empty")
	}
	m, err := a.current(ctx)
	if err != nil {
		return nil, err
	}
	now := a.clock.Now()
	in := &rapport.AssistantMessage{ConversationID: q.ConversationID, CustomerID: q.CustomerID, Role: RoleCustomer,
		Text: q.Text, CreatedAt: now}
	r := a.decide(m, q.Text)
	r.ConversationID = q.ConversationID
	out := &rapport.AssistantMessage{ConversationID: q.ConversationID, CustomerID: q.CustomerID, Role: RoleAssistant,
		Text: r.Text, EntryID: r.EntryID, Confidence: r.Confidence, Handover: r.Handover, CreatedAt: now}
	if err := a.store.AddAssistantMessages(ctx, in, out); err != nil {
		return nil, err
	}
	if r.Handover {
		conv, err := a.store.AssistantConversation(ctx, q.ConversationID)
		if err != nil {
			return nil, err
		}
		ref, err := a.opener.OpenHandover(ctx, Handover{ConversationID: q.ConversationID, CustomerID: q.CustomerID,
			Reason: r.Reason, Subject: q.Text, Messages: conv, At: now, DueAt: now.Add(ReplyWithin)})
		if err != nil {
			return nil, fmt.Errorf("assistant: hand-over: %w", err)
		}
		r.CaseRef = ref
	}
	return r, nil
}

// Try shows what the assistant would reply to a text, without recording
// anything or handing over (for the console's "try the assistant" box).
func (a *Assistant) Try(ctx context.Context, text string) (*Reply, error) {
	text = strings.TrimSpace(text)
	if text == "" {
		return nil, rapport.FieldErrorf("text", "is empty")
	}
	m, err := a.current(ctx)
	if err != nil {
		return nil, err
	}
	return a.decide(m, text), nil
}

// decide matches the text and chooses between answering and handing over.
func (a *Assistant) decide(m *model, text string) *Reply {
	r := &Reply{Sources: []Source{}}
	entry, conf, src := m.match(text)
	if src != nil {
		r.Sources = src
	}
	r.Confidence = conf
	switch {
	case asksForPerson(text):
		r.Reason = ReasonAskedForPerson
	case entry == nil || conf < a.Threshold:
		r.Reason = ReasonLowConfidence
	case entry.Handover:
		r.Reason = ReasonTopic
	}
	if entry != nil {
		r.EntryID, r.Question = entry.ID, entry.Question
	}
	if r.Reason == "" {
		r.Text = entry.Answer
	} else {
		r.Handover = true
		r.Text = handoverText(textan.HasHan(text))
	}
	return r
}

func handoverText(zh bool) string {
	if zh {
		return "已为您转接人工客服，10 分钟内会有专人回复您。"
	}
	return "I'm passing you to a person on our team; someone will answer you within 10 minutes."
}
