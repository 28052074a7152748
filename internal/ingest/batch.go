package ingest

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/rapport-cx/rapport"
)

// Default size limits, as Segment documents them.
const (
	DefaultMaxEventBytes = 32 << 10  // one message
	DefaultMaxBatchBytes = 500 << 10 // one request body
)

// MessageError is a rejected message of a request: which message (Index,
// -1 for the request as a whole), which field and why.
type MessageError struct {
	Code    string // rapport.EINVALID or rapport.ETOOLARGE
	Index   int    // position in the batch, -1 when not about one message
	Field   string // e.g. "batch[3].userId"; "" when not about one field
	Message string
}

// Error implements the error interface.
func (e *MessageError) Error() string {
	if e.Field != "" {
		return fmt.Sprintf("ingest: %s: %s: %s", e.Code, e.Field, e.Message)
	}
	return fmt.Sprintf("ingest: %s: %s", e.Code, e.Message)
}

// wireBatch is a /v1/batch request body.
type wireBatch struct {
	Batch    []json.RawMessage `json:"batch"`
	SentAt   json.RawMessage   `json:"sentAt"`
	Context  map[string]any    `json:"context"`
	WriteKey string            `json:"writeKey"`
}

// Request is a decoded request body: its messages, still raw, and what they
// share. Decoding checks the JSON; Events validates each message.
type Request struct {
	items    []json.RawMessage
	typ      string // the endpoint's type, "" for batch
	sentAt   time.Time
	context  map[string]any
	WriteKey string // the body's writeKey, "" if absent
}

// Len is the number of messages in the request.
func (r *Request) Len() int { return len(r.items) }

// DecodeBatch reads a /v1/batch body.
func DecodeBatch(body []byte) (*Request, error) {
	var b wireBatch
	if err := decodeJSON(body, &b); err != nil {
		return nil, requestError(err, "")
	}
	if b.Batch == nil {
		return nil, &MessageError{Code: rapport.EINVALID, Index: -1, Field: "batch", Message: "required: an array of messages"}
	}
	sent, err := parseTime("sentAt", b.SentAt)
	if err != nil {
		return nil, requestError(err, "")
	}
	return &Request{items: b.Batch, sentAt: sent, context: b.Context, WriteKey: b.WriteKey}, nil
}

// DecodeSingle reads the body of a single-message endpoint (/v1/track and
// the like) whose type is typ.
func DecodeSingle(body []byte, typ string) (*Request, error) {
	var k struct {
		WriteKey string `json:"writeKey"`
	}
	if err := decodeJSON(body, &k); err != nil {
		return nil, requestError(err, "")
	}
	return &Request{items: []json.RawMessage{body}, typ: typ, WriteKey: k.WriteKey}, nil
}

// Events validates every message and converts them, all or nothing: the
// first bad message fails the request with a *MessageError naming it.
// Messages longer than maxEvent bytes are ETOOLARGE.
func (r *Request) Events(receivedAt time.Time, source string, maxEvent int) ([]*rapport.Event, error) {
	env := envelope{typ: r.typ, sentAt: r.sentAt, context: r.context, receivedAt: receivedAt, source: source}
	events := make([]*rapport.Event, len(r.items))
	for i, raw := range r.items {
		if maxEvent > 0 && len(raw) > maxEvent {
			return nil, &MessageError{Code: rapport.ETOOLARGE, Index: r.index(i), Field: trimDot(r.fieldPrefix(i)),
				Message: fmt.Sprintf("message is %d bytes, over the limit of %d", len(raw), maxEvent)}
		}
		e, err := parseMessage(raw, env)
		if err != nil {
			return nil, withIndex(requestError(err, r.fieldPrefix(i)), r.index(i))
		}
		events[i] = e
	}
	return events, nil
}

// fieldPrefix is how fields of message i are named in errors.
func (r *Request) fieldPrefix(i int) string {
	if r.typ != "" {
		return ""
	}
	return fmt.Sprintf("batch[%d].", i)
}

// index is the Index reported for message i: -1 for single-message bodies.
func (r *Request) index(i int) int {
	if r.typ != "" {
		return -1
	}
	return i
}

// requestError turns a *rapport.Error into a *MessageError whose field
// carries the prefix.
func requestError(err error, prefix string) *MessageError {
	me := &MessageError{Code: rapport.ErrorCode(err), Index: -1, Message: rapport.ErrorMessage(err)}
	if re, ok := err.(*rapport.Error); ok && re.Field != "" {
		me.Field = prefix + re.Field
	} else if prefix != "" {
		me.Field = trimDot(prefix)
	}
	return me
}

// withIndex sets the message index of an error.
func withIndex(e *MessageError, i int) *MessageError {
	e.Index = i
	return e
}

// trimDot drops the trailing dot of a field prefix.
func trimDot(prefix string) string {
	if n := len(prefix); n > 0 && prefix[n-1] == '.' {
		return prefix[:n-1]
	}
	return prefix
}
