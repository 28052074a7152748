package ingest

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/rapport-cx/rapport"
)

// timeLayouts are the ISO-8601 forms clients send; the zone-less ones are UTC.
var timeLayouts = []string{
	time.RFC3339Nano,
	"2006-01-02T15:04:05.999999999Z0700",
	"2006-01-02T15:04:05.999999999",
	"2006-01-02 15:04:05.999999999Z07:00",
	"2006-01-02 15:04:05.999999999",
	"2006-01-02",
}

// secondsCutoff separates Unix seconds from Unix milliseconds in numeric
// times: 1e11 seconds is the year 5138, 1e11 milliseconds is 1973.
const secondsCutoff = 1e11

// timestamp is when the message happened, corrected for the client's clock
// skew as Segment documents it: the client's time plus (receivedAt − sentAt)
// when both the client's time and sentAt are known, receivedAt otherwise.
// The message's own sentAt wins over the batch's.
func (m *wireMessage) timestamp(env envelope) (time.Time, error) {
	field, raw := "timestamp", m.Timestamp
	if isNull(raw) {
		field, raw = "originalTimestamp", m.OriginalTimestamp
	}
	client, err := parseTime(field, raw)
	if err != nil {
		return time.Time{}, err
	}
	sent, err := parseTime("sentAt", m.SentAt)
	if err != nil {
		return time.Time{}, err
	}
	if sent.IsZero() {
		sent = env.sentAt
	}
	return correctSkew(client, sent, env.receivedAt), nil
}

// correctSkew applies Segment's skew correction.
func correctSkew(client, sentAt, receivedAt time.Time) time.Time {
	switch {
	case client.IsZero():
		return receivedAt
	case sentAt.IsZero():
		return client
	}
	return client.Add(receivedAt.Sub(sentAt))
}

// parseTime reads an ISO-8601 string or a Unix time in seconds or
// milliseconds; null or absent gives the zero time.
func parseTime(field string, raw json.RawMessage) (time.Time, error) {
	if isNull(raw) {
		return time.Time{}, nil
	}
	if raw[0] == '"' {
		s, err := unquote(field, raw)
		if err != nil || s == "" {
			return time.Time{}, err
		}
		return parseTimeText(field, s)
	}
	f, err := strconv.ParseFloat(string(raw), 64)
	if err != nil {
		return time.Time{}, rapport.FieldErrorf(field, "must be an ISO-8601 string or a Unix time")
	}
	return unixTime(field, f)
}

// parseTimeText parses the accepted ISO-8601 forms.
func parseTimeText(field, s string) (time.Time, error) {
	for _, layout := range timeLayouts {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC(), nil
		}
	}
	return time.Time{}, rapport.FieldErrorf(field, "cannot parse %q as an ISO-8601 time", clip(s, 40))
}

// unixTime converts Unix seconds or milliseconds.
func unixTime(field string, f float64) (time.Time, error) {
	if f <= 0 || math.IsInf(f, 0) || f >= secondsCutoff*1000 {
		return time.Time{}, rapport.FieldErrorf(field, "Unix time %v is out of range", f)
	}
	if f < secondsCutoff {
		f *= 1000
	}
	return time.UnixMilli(int64(math.Round(f))).UTC(), nil
}

// isNull reports whether a raw field is absent or null.
func isNull(raw json.RawMessage) bool { return len(raw) == 0 || string(raw) == "null" }

// clip shortens text quoted back in an error message.
func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return strings.ToValidUTF8(s[:n], "") + "…"
}

// randomID returns 16 random bytes in hex.
func randomID() string {
	var b [16]byte
	rand.Read(b[:])
	return hex.EncodeToString(b[:])
}
