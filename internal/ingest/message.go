package ingest

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io"
	"strings"
	"time"

	"github.com/rapport-cx/rapport"
)

// maxMessageIDLen bounds a client-sent messageId.
const maxMessageIDLen = 255

// wireMessage is one Segment message as sent on the wire. Ids and times stay
// raw so that their validation can name the field; unknown fields are ignored.
type wireMessage struct {
	Type              string          `json:"type"`
	MessageID         json.RawMessage `json:"messageId"`
	UserID            json.RawMessage `json:"userId"`
	AnonymousID       json.RawMessage `json:"anonymousId"`
	PreviousID        json.RawMessage `json:"previousId"`
	GroupID           json.RawMessage `json:"groupId"`
	Event             json.RawMessage `json:"event"`
	Name              json.RawMessage `json:"name"`
	Timestamp         json.RawMessage `json:"timestamp"`
	OriginalTimestamp json.RawMessage `json:"originalTimestamp"`
	SentAt            json.RawMessage `json:"sentAt"`
	Properties        map[string]any  `json:"properties"`
	Traits            map[string]any  `json:"traits"`
	Context           map[string]any  `json:"context"`
}

// envelope is what a message inherits from its request: the type implied by
// the endpoint, the batch's sentAt and context, and the write key's source.
type envelope struct {
	typ        string         // forced type for single-message endpoints, "" for batch items
	sentAt     time.Time      // batch-level sentAt, zero if absent
	context    map[string]any // batch-level context, merged under each message's own
	receivedAt time.Time
	source     string
}

// ParseMessage converts one Segment-shaped message (a JSONL line of an export,
// say) into an event, with the same validation as the HTTP API. The message
// must carry its "type". receivedAt is when it was accepted; source names
// where it came from. Errors are *rapport.Error values naming the field.
func ParseMessage(raw []byte, receivedAt time.Time, source string) (*rapport.Event, error) {
	return parseMessage(raw, envelope{receivedAt: receivedAt, source: source})
}

// parseMessage decodes and validates one message. Errors are *rapport.Error
// with Field relative to the message ("userId", "properties").
func parseMessage(raw []byte, env envelope) (*rapport.Event, error) {
	var m wireMessage
	if err := decodeJSON(raw, &m); err != nil {
		return nil, err
	}
	if env.typ != "" {
		m.Type = env.typ
	}
	e, err := m.event(env)
	if err != nil {
		return nil, err
	}
	if e.MessageID == "" {
		e.MessageID = generatedID(raw, env.source, m.hasClientTime())
	}
	return e, nil
}

// decodeJSON decodes one JSON value with numbers kept as json.Number and
// turns decoding failures into EINVALID errors naming the field.
func decodeJSON(raw []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	if err := dec.Decode(v); err != nil {
		return jsonError(err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return rapport.FieldErrorf("", "unexpected data after the JSON value")
	}
	return nil
}

// jsonError describes a decoding failure for the client.
func jsonError(err error) *rapport.Error {
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		if te.Field == "" {
			return rapport.FieldErrorf("", "expected a JSON object, got %s", te.Value)
		}
		return rapport.FieldErrorf(te.Field, "wrong type: got %s, want %s", te.Value, kindOf(te.Type.Kind().String()))
	}
	return rapport.FieldErrorf("", "malformed JSON: %s", strings.TrimPrefix(err.Error(), "json: "))
}

// kindOf names a Go kind the way a JSON client thinks of it.
func kindOf(kind string) string {
	switch kind {
	case "map", "struct":
		return "object"
	case "slice":
		return "array"
	}
	return kind
}

// event validates the message and builds the event.
func (m *wireMessage) event(env envelope) (*rapport.Event, error) {
	e := &rapport.Event{
		Type:       m.Type,
		Source:     env.source,
		ReceivedAt: env.receivedAt,
		Properties: m.Properties,
		Traits:     m.Traits,
		Context:    mergeContext(m.Context, env.context),
	}
	if err := m.readIDs(e); err != nil {
		return nil, err
	}
	if err := m.readName(e); err != nil {
		return nil, err
	}
	if err := requireIDs(e); err != nil {
		return nil, err
	}
	ts, err := m.timestamp(env)
	if err != nil {
		return nil, err
	}
	e.Timestamp = ts
	e.Channel = DetectChannel(e)
	return e, nil
}

// readIDs copies the identifiers, accepting strings and numbers.
func (m *wireMessage) readIDs(e *rapport.Event) error {
	fields := []struct {
		name string
		raw  json.RawMessage
		dst  *string
	}{
		{"messageId", m.MessageID, &e.MessageID},
		{"userId", m.UserID, &e.UserID},
		{"anonymousId", m.AnonymousID, &e.AnonymousID},
		{"previousId", m.PreviousID, &e.PreviousID},
		{"groupId", m.GroupID, &e.GroupID},
	}
	for _, f := range fields {
		s, err := idString(f.name, f.raw)
		if err != nil {
			return err
		}
		*f.dst = s
	}
	if len(e.MessageID) > maxMessageIDLen {
		return rapport.FieldErrorf("messageId", "longer than %d characters", maxMessageIDLen)
	}
	return nil
}

// readName sets the event name: track's event, page's and screen's name.
func (m *wireMessage) readName(e *rapport.Event) error {
	switch e.Type {
	case rapport.TypeTrack:
		s, err := textField("event", m.Event)
		e.Name = s
		return err
	case rapport.TypePage, rapport.TypeScreen:
		s, err := textField("name", m.Name)
		e.Name = s
		return err
	}
	return nil
}

// requireIDs checks the type and the fields the Segment spec requires of it.
func requireIDs(e *rapport.Event) error {
	switch e.Type {
	case rapport.TypeTrack:
		if e.Name == "" {
			return rapport.FieldErrorf("event", "required for track")
		}
	case rapport.TypeGroup:
		if e.GroupID == "" {
			return rapport.FieldErrorf("groupId", "required for group")
		}
	case rapport.TypeAlias:
		if e.UserID == "" {
			return rapport.FieldErrorf("userId", "required for alias")
		}
		if e.PreviousID == "" {
			return rapport.FieldErrorf("previousId", "required for alias")
		}
		return nil
	case rapport.TypeIdentify, rapport.TypePage, rapport.TypeScreen:
	case "":
		return rapport.FieldErrorf("type", "required")
	default:
		return rapport.FieldErrorf("type", "unknown type %q (want track, identify, page, screen, group or alias)", e.Type)
	}
	if e.UserID == "" && e.AnonymousID == "" {
		return rapport.FieldErrorf("userId", "userId or anonymousId is required")
	}
	return nil
}

// idString reads an identifier: a JSON string or number, null or absent
// meaning none.
func idString(field string, raw json.RawMessage) (string, error) {
	if len(raw) == 0 || string(raw) == "null" {
		return "", nil
	}
	switch c := raw[0]; {
	case c == '"':
		return unquote(field, raw)
	case c == '-' || (c >= '0' && c <= '9'):
		return string(raw), nil
	}
	return "", rapport.FieldErrorf(field, "must be a string or a number")
}

// textField reads a name: a JSON string, null or absent meaning none.
func textField(field string, raw json.RawMessage) (string, error) {
	if len(raw) == 0 || string(raw) == "null" {
		return "", nil
	}
	if raw[0] != '"' {
		return "", rapport.FieldErrorf(field, "must be a string")
	}
	return unquote(field, raw)
}

// unquote decodes a JSON string, quickly when it has no escapes.
func unquote(field string, raw json.RawMessage) (string, error) {
	if bytes.IndexByte(raw, '\\') < 0 && len(raw) >= 2 {
		return strings.TrimSpace(string(raw[1 : len(raw)-1])), nil
	}
	var s string
	if err := json.Unmarshal(raw, &s); err != nil {
		return "", rapport.FieldErrorf(field, "must be a string")
	}
	return strings.TrimSpace(s), nil
}

// mergeContext returns the message's context with the batch's context keys
// it does not set itself. The batch map is copied, never shared.
func mergeContext(own, batch map[string]any) map[string]any {
	if len(batch) == 0 {
		return own
	}
	if own == nil {
		own = make(map[string]any, len(batch))
	}
	for k, v := range batch {
		if _, ok := own[k]; !ok {
			own[k] = v
		}
	}
	return own
}

// hasClientTime reports whether the client said when the message happened.
func (m *wireMessage) hasClientTime() bool {
	return !isNull(m.Timestamp) || !isNull(m.OriginalTimestamp)
}

// generatedID makes a messageId for a message that has none. When the client
// dated the message, the id is a hash of the message and its source, so a
// retried or re-imported message is recognised as a duplicate; otherwise it
// is random, since two undated identical messages may be two real events.
func generatedID(raw []byte, source string, dated bool) string {
	if !dated {
		return "gen-" + randomID()
	}
	h := sha256.New()
	h.Write([]byte(source))
	h.Write([]byte{0})
	h.Write(raw)
	return "gen-" + hex.EncodeToString(h.Sum(nil)[:16])
}
