package assistant

import (
	"context"
	"strconv"

	"github.com/rapport-cx/rapport"
	"github.com/rapport-cx/rapport/internal/service"
)

// ServiceOpener opens a service case with the conversation, due for a
// human reply within ReplyWithin.
type ServiceOpener struct {
	Service *service.Service
}

// OpenHandover opens the case and returns its id.
func (o ServiceOpener) OpenHandover(ctx context.Context, h Handover) (string, error) {
	msgs := make([]rapport.CaseMessage, 0, len(h.Messages))
	for _, m := range h.Messages {
		kind, author := rapport.AuthorCustomer, h.CustomerID
		if m.Role == RoleAssistant {
			kind, author = rapport.AuthorAgent, "assistant"
		}
		msgs = append(msgs, rapport.CaseMessage{Kind: kind, Author: author, Body: m.Text, CreatedAt: m.CreatedAt})
	}
	c, err := o.Service.Open(ctx, service.NewCase{
		ExternalID: "assistant-" + h.ConversationID, CustomerID: h.CustomerID, Subject: h.Subject,
		Type: rapport.CaseConsultation, Channel: rapport.ChannelWeb, Priority: rapport.PriorityHigh,
		Labels: []string{"assistant", h.Reason}, Messages: msgs, ReplyWithin: ReplyWithin, At: h.At,
	})
	if rapport.ErrorCode(err) == rapport.ECONFLICT {
		// the conversation was handed over before: its case is open already
		return "assistant-" + h.ConversationID, nil
	}
	if err != nil {
		return "", err
	}
	return strconv.FormatInt(c.ID, 10), nil
}
