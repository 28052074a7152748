package httpapi

import (
	"context"
	"net/http"
	"sync"

	"github.com/danielgtaylor/huma/v2"

	"github.com/rapport-cx/rapport"
	"github.com/rapport-cx/rapport/internal/assistant"
	"github.com/rapport-cx/rapport/internal/service"
)

func assistantRoutes(api huma.API, h *handlers) {
	op(api, http.MethodPost, "assistant-message", "/api/v1/assistant/messages", rapport.ScopeWrite,
		"Answer a customer's message from the knowledge base, or hand the conversation to a person", h.assistantMessage)
	get(api, "list-kb-entries", "/api/v1/kb/entries", rapport.ScopeRead, "The assistant's knowledge base", h.listKB)
	op(api, http.MethodPost, "create-kb-entry", "/api/v1/kb/entries", rapport.ScopeWrite, "Add a question and answer; the assistant retrains", h.createKB)
	get(api, "get-kb-entry", "/api/v1/kb/entries/{id}", rapport.ScopeRead, "One knowledge-base entry", h.getKB)
	op(api, http.MethodPut, "update-kb-entry", "/api/v1/kb/entries/{id}", rapport.ScopeWrite, "Replace a knowledge-base entry; the assistant retrains", h.updateKB)
	op(api, http.MethodDelete, "delete-kb-entry", "/api/v1/kb/entries/{id}", rapport.ScopeWrite, "Delete a knowledge-base entry; the assistant retrains", h.deleteKB)
}

// assistants keeps one trained assistant per store, so the model survives
// between requests; it retrains itself when the knowledge base changes.
var assistants sync.Map // rapport.Store → *assistant.Assistant

func (h *handlers) assistant() *assistant.Assistant {
	if a, ok := assistants.Load(h.store); ok {
		return a.(*assistant.Assistant)
	}
	a := assistant.New(h.store, h.clock, assistant.ServiceOpener{Service: service.New(h.store, h.clock, h.log)})
	actual, _ := assistants.LoadOrStore(h.store, a)
	return actual.(*assistant.Assistant)
}

// AssistantMessageInput is a customer's message to the assistant.
type AssistantMessageInput struct {
	Body struct {
		ConversationID string `json:"conversation_id" minLength:"1" maxLength:"200" doc:"Chosen by the caller; messages with the same id form one conversation"`
		CustomerID     string `json:"customer_id,omitempty" maxLength:"200" doc:"The customer's user id, when known"`
		Text           string `json:"text" minLength:"1" maxLength:"4000" doc:"The customer's message"`
	}
}

// AssistantReplyOutput is the assistant's reply.
type AssistantReplyOutput struct {
	Body *assistant.Reply
}

func (h *handlers) assistantMessage(ctx context.Context, in *AssistantMessageInput) (*AssistantReplyOutput, error) {
	r, err := h.assistant().Answer(ctx, assistant.Question{ConversationID: in.Body.ConversationID,
		CustomerID: in.Body.CustomerID, Text: in.Body.Text})
	if err != nil {
		return nil, h.toHTTP(err)
	}
	return &AssistantReplyOutput{Body: r}, nil
}

// KBListOutput is the knowledge base.
type KBListOutput struct {
	Body struct {
		Entries []rapport.KBEntry `json:"entries"`
	}
}

func (h *handlers) listKB(ctx context.Context, _ *struct{}) (*KBListOutput, error) {
	es, err := h.store.KBEntries(ctx)
	if err != nil {
		return nil, h.toHTTP(err)
	}
	out := &KBListOutput{}
	out.Body.Entries = es
	return out, nil
}

// KBEntryBody is the editable content of an entry.
type KBEntryBody struct {
	Lang     string   `json:"lang,omitempty" maxLength:"16" doc:"zh, en, …; default from the text"`
	Question string   `json:"question" minLength:"1" maxLength:"1000"`
	Answer   string   `json:"answer" minLength:"1" maxLength:"10000"`
	Examples []string `json:"examples,omitempty" maxItems:"200" doc:"Other ways customers ask it"`
	Handover bool     `json:"handover,omitempty" doc:"Hand the conversation to a person instead of answering"`
}

func (b KBEntryBody) entry() rapport.KBEntry {
	return rapport.KBEntry{Lang: b.Lang, Question: b.Question, Answer: b.Answer, Examples: b.Examples, Handover: b.Handover}
}

// KBCreateInput adds an entry.
type KBCreateInput struct {
	Body KBEntryBody
}

// KBIDInput names an entry.
type KBIDInput struct {
	ID int64 `path:"id" minimum:"1"`
}

// KBUpdateInput replaces an entry.
type KBUpdateInput struct {
	ID   int64 `path:"id" minimum:"1"`
	Body KBEntryBody
}

// KBEntryOutput is one entry.
type KBEntryOutput struct {
	Body *rapport.KBEntry
}

func (h *handlers) createKB(ctx context.Context, in *KBCreateInput) (*KBEntryOutput, error) {
	e := in.Body.entry()
	if err := assistant.Validate(&e); err != nil {
		return nil, h.toHTTP(err)
	}
	e.CreatedAt = h.clock.Now()
	e.UpdatedAt = e.CreatedAt
	if err := h.store.CreateKBEntry(ctx, &e); err != nil {
		return nil, h.toHTTP(err)
	}
	return &KBEntryOutput{Body: &e}, nil
}

func (h *handlers) getKB(ctx context.Context, in *KBIDInput) (*KBEntryOutput, error) {
	e, err := h.store.KBEntry(ctx, in.ID)
	if err != nil {
		return nil, h.toHTTP(err)
	}
	return &KBEntryOutput{Body: e}, nil
}

func (h *handlers) updateKB(ctx context.Context, in *KBUpdateInput) (*KBEntryOutput, error) {
	old, err := h.store.KBEntry(ctx, in.ID)
	if err != nil {
		return nil, h.toHTTP(err)
	}
	e := in.Body.entry()
	if err := assistant.Validate(&e); err != nil {
		return nil, h.toHTTP(err)
	}
	e.ID, e.CreatedAt, e.UpdatedAt = in.ID, old.CreatedAt, h.clock.Now()
	if err := h.store.UpdateKBEntry(ctx, &e); err != nil {
		return nil, h.toHTTP(err)
	}
	return &KBEntryOutput{Body: &e}, nil
}

func (h *handlers) deleteKB(ctx context.Context, in *KBIDInput) (*struct{}, error) {
	if err := h.store.DeleteKBEntry(ctx, in.ID); err != nil {
		return nil, h.toHTTP(err)
	}
	return nil, nil
}
