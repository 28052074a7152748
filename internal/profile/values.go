package profile

import (
	"encoding/json"
	"strconv"
	"strings"
	"time"
)

// Text reads an event property as text: strings trimmed, numbers and
// booleans formatted, anything else empty.
func Text(v any) string {
	switch x := v.(type) {
	case string:
		return strings.TrimSpace(x)
	case json.Number:
		return x.String()
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	case int:
		return strconv.Itoa(x)
	case int64:
		return strconv.FormatInt(x, 10)
	case bool:
		return strconv.FormatBool(x)
	}
	return ""
}

// Number reads an event property as a number: float64 from stored events,
// json.Number from ingestion, integers, or a numeric string.
func Number(v any) (float64, bool) {
	switch x := v.(type) {
	case float64:
		return x, true
	case json.Number:
		f, err := x.Float64()
		return f, err == nil
	case int:
		return float64(x), true
	case int64:
		return float64(x), true
	case string:
		f, err := strconv.ParseFloat(strings.TrimSpace(x), 64)
		return f, err == nil
	}
	return 0, false
}

// first returns the first of the keys present with a non-empty value.
func first(m map[string]any, keys ...string) any {
	for _, k := range keys {
		if v, ok := m[k]; ok && v != nil && v != "" {
			return v
		}
	}
	return nil
}

// firstStr is first read as text.
func firstStr(m map[string]any, keys ...string) string { return Text(first(m, keys...)) }

// firstNum is first read as a number.
func firstNum(m map[string]any, keys ...string) (float64, bool) {
	v := first(m, keys...)
	if v == nil {
		return 0, false
	}
	return Number(v)
}

// timeLayouts are the date formats accepted in properties and traits.
var timeLayouts = []string{time.RFC3339Nano, "2006-01-02T15:04:05", "2006-01-02 15:04:05", "2006-01-02"}

// parseTime reads a property as a time: ISO-8601 text or Unix seconds.
func parseTime(v any) time.Time {
	if s, ok := v.(string); ok {
		for _, layout := range timeLayouts {
			if t, err := time.Parse(layout, strings.TrimSpace(s)); err == nil {
				return t.UTC()
			}
		}
		return time.Time{}
	}
	if f, ok := Number(v); ok && f > 0 {
		return time.Unix(int64(f), 0).UTC()
	}
	return time.Time{}
}

// firstTime is first read as a time.
func firstTime(m map[string]any, keys ...string) time.Time {
	v := first(m, keys...)
	if v == nil {
		return time.Time{}
	}
	return parseTime(v)
}

// object reads a nested JSON object.
func object(v any) map[string]any {
	m, _ := v.(map[string]any)
	return m
}
