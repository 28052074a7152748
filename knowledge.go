package rapport

import (
	"context"
	"time"
)

// KBEntry is one question of the assistant's knowledge base with its
// answer and the example questions customers ask for it.
type KBEntry struct {
	ID       int64    `json:"id"`
	Lang     string   `json:"lang"`     // "zh", "en", … (the answer's language)
	Question string   `json:"question"` // the canonical question
	Answer   string   `json:"answer"`
	Examples []string `json:"examples"` // other ways customers ask it
	// Handover puts the topic on the hand-over list: a customer whose
	// message matches it is passed to a person instead of answered.
	Handover  bool      `json:"handover"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

// AssistantMessage is one message of an assistant conversation.
type AssistantMessage struct {
	ID             int64     `json:"id"`
	ConversationID string    `json:"conversation_id"`
	CustomerID     string    `json:"customer_id,omitempty"`
	Role           string    `json:"role"` // "customer" or "assistant"
	Text           string    `json:"text"`
	EntryID        int64     `json:"entry_id,omitempty"` // the answering entry
	Confidence     float64   `json:"confidence,omitempty"`
	Handover       bool      `json:"handover,omitempty"` // this reply handed the conversation to a person
	CreatedAt      time.Time `json:"created_at"`
}

// KnowledgeStore keeps the assistant's knowledge base and conversations.
type KnowledgeStore interface {
	// CreateKBEntry stores an entry and sets its ID.
	CreateKBEntry(ctx context.Context, e *KBEntry) error
	// UpdateKBEntry replaces an entry's content. Returns ENOTFOUND if there
	// is no entry with its ID.
	UpdateKBEntry(ctx context.Context, e *KBEntry) error
	// DeleteKBEntry returns ENOTFOUND if there is no such entry.
	DeleteKBEntry(ctx context.Context, id int64) error
	// KBEntry returns ENOTFOUND if there is no such entry.
	KBEntry(ctx context.Context, id int64) (*KBEntry, error)
	// KBEntries lists every entry, oldest first.
	KBEntries(ctx context.Context) ([]KBEntry, error)
	// KBVersion changes whenever an entry is created, updated or deleted,
	// so a node can tell that its trained model is stale.
	KBVersion(ctx context.Context) (int64, error)

	// AddAssistantMessages appends messages to their conversations, in
	// order and in one transaction, and sets their IDs.
	AddAssistantMessages(ctx context.Context, ms ...*AssistantMessage) error
	// AssistantConversation returns a conversation's messages in order
	// (none for an unknown conversation).
	AssistantConversation(ctx context.Context, conversationID string) ([]AssistantMessage, error)
}
