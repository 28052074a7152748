package web

import (
	"testing"
	"time"
)

func TestFormat(t *testing.T) {
	tests := []struct{ got, want string }{
		{formatInt(0), "0"},
		{formatInt(999), "999"},
		{formatInt(1000), "1,000"},
		{formatInt(1234567), "1,234,567"},
		{formatInt(-45678), "-45,678"},
		{formatMoney(0), "0.00"},
		{formatMoney(1234.5), "1,234.50"},
		{formatMoney(8254.799999999), "8,254.80"},
		{formatMoney(-0.001), "0.00"},
		{formatMoney(-1999.99), "-1,999.99"},
		{formatPercent(0.2375), "23.8%"},
		{formatPercent(1), "100.0%"},
		{formatRating(4.25), "4.2"},
		{formatTime(time.Date(2011, 1, 2, 3, 4, 5, 0, time.FixedZone("x", 3600))), "2011-01-02 02:04"},
		{formatTime(time.Time{}), ""},
		{clip("跑鞋跑鞋", 3), "跑鞋…"},
	}
	for i, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("%d: got %q, want %q", i, tt.got, tt.want)
		}
	}
}
