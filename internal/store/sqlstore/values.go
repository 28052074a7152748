package sqlstore

import (
	"fmt"
	"time"

	"github.com/go-json-experiment/json"
)

// ms stores a time as Unix milliseconds, the zero time as 0.
func ms(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.UnixMilli()
}

// fromMS reads a time stored by ms, in UTC.
func fromMS(v int64) time.Time {
	if v == 0 {
		return time.Time{}
	}
	return time.UnixMilli(v).UTC()
}

// nullMS is ms with NULL for the zero time, for "keep the current value".
func nullMS(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.UnixMilli()
}

// month is the UTC calendar month of t as "2006-01", "" for the zero time.
func month(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format("2006-01")
}

// bit stores a boolean as 1 or 0, the same on every backend.
func bit(b bool) int {
	if b {
		return 1
	}
	return 0
}

// encodeJSON stores a map as JSON text, "" when empty. Stored JSON goes
// through json v2: it is about twice as fast as encoding/json on the ingest
// path and keys need no sorting.
func encodeJSON[M ~map[K]V, K comparable, V any](m M) (string, error) {
	if len(m) == 0 {
		return "", nil
	}
	b, err := json.Marshal(m)
	if err != nil {
		return "", fmt.Errorf("encode: %w", err)
	}
	return string(b), nil
}

// decodeJSON reads JSON text into v; "" leaves v unchanged.
func decodeJSON(text string, v any) error {
	if text == "" {
		return nil
	}
	if err := json.Unmarshal([]byte(text), v); err != nil {
		return fmt.Errorf("decode: %w", err)
	}
	return nil
}

// encodeValue stores a struct as JSON text.
func encodeValue(v any) (string, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return "", fmt.Errorf("encode: %w", err)
	}
	return string(b), nil
}
