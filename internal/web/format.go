package web

import (
	"math"
	"strconv"
	"strings"
	"time"
)

// formatInt writes n with thousands separators: 12,345.
func formatInt(n int) string {
	return group(strconv.Itoa(n))
}

// formatMoney writes an amount with two decimals and separators: 12,345.60.
func formatMoney(v float64) string {
	s := strconv.FormatFloat(math.Abs(v), 'f', 2, 64)
	whole, frac, _ := strings.Cut(s, ".")
	out := group(whole) + "." + frac
	if v < 0 && out != "0.00" {
		out = "-" + out
	}
	return out
}

// formatPercent writes a share (0.237) as a percentage with one decimal: 23.7%.
func formatPercent(share float64) string {
	return strconv.FormatFloat(share*100, 'f', 1, 64) + "%"
}

// formatRating writes a star rating with one decimal: 4.5.
func formatRating(v float64) string {
	return strconv.FormatFloat(v, 'f', 1, 64)
}

// formatTime writes an instant in UTC to the minute; empty for the zero time.
func formatTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format("2006-01-02 15:04")
}

// formatDate writes the UTC day of an instant; empty for the zero time.
func formatDate(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format("2006-01-02")
}

// rawFloat writes a number the shortest way that reads back exactly, for data attributes.
func rawFloat(v float64) string {
	return strconv.FormatFloat(v, 'f', -1, 64)
}

// group inserts a comma every three digits of an integer's decimal form.
func group(digits string) string {
	sign := ""
	if strings.HasPrefix(digits, "-") {
		sign, digits = "-", digits[1:]
	}
	if len(digits) <= 3 {
		return sign + digits
	}
	var b strings.Builder
	head := len(digits) % 3
	if head > 0 {
		b.WriteString(digits[:head])
	}
	for i := head; i < len(digits); i += 3 {
		if b.Len() > 0 {
			b.WriteByte(',')
		}
		b.WriteString(digits[i : i+3])
	}
	return sign + b.String()
}

// orDash returns s, or an em dash for an empty value.
func orDash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}
