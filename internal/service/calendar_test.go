package service

import (
	"testing"
	"time"

	"github.com/rapport-cx/rapport"
)

// shanghai works Monday to Friday, 09:00–12:00 and 13:00–18:00 (eight
// hours a day), closed on New Year's Eve and Day 2026/27.
var shanghai = Calendar{Name: "cn", TimeZone: "Asia/Shanghai", Hours: map[string][]string{
	"mon": {"09:00-12:00", "13:00-18:00"}, "tue": {"09:00-12:00", "13:00-18:00"},
	"wed": {"09:00-12:00", "13:00-18:00"}, "thu": {"09:00-12:00", "13:00-18:00"},
	"fri": {"09:00-12:00", "13:00-18:00"},
}, Holidays: []string{"2026-12-31", "2027-01-01"}}

var newYork = Calendar{Name: "us", TimeZone: "America/New_York", Hours: map[string][]string{
	"mon": {"09:00-17:00"}, "tue": {"09:00-17:00"}, "wed": {"09:00-17:00"}, "thu": {"09:00-17:00"}, "fri": {"09:00-17:00"},
}}

func compiled(t *testing.T, c Calendar) *hours {
	t.Helper()
	h, err := c.compile()
	if err != nil {
		t.Fatal(err)
	}
	return h
}

// local is a wall-clock time in a zone.
func local(t *testing.T, zone, s string) time.Time {
	t.Helper()
	loc, err := time.LoadLocation(zone)
	if err != nil {
		t.Fatal(err)
	}
	v, err := time.ParseInLocation("2006-01-02 15:04", s, loc)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func TestCalendarAdd(t *testing.T) {
	const sh, ny = "Asia/Shanghai", "America/New_York"
	// 2026-11-23 is a Monday. Every expectation is counted by hand.
	tests := []struct {
		name     string
		cal      Calendar
		zone     string
		start    string
		d        time.Duration
		zoneWant string
		want     string
	}{
		{"within a morning", shanghai, sh, "2026-11-23 10:00", time.Hour, sh, "2026-11-23 11:00"},
		{"over lunch", shanghai, sh, "2026-11-23 11:30", time.Hour, sh, "2026-11-23 13:30"},
		{"ends exactly at closing", shanghai, sh, "2026-11-23 17:00", time.Hour, sh, "2026-11-23 18:00"},
		{"over a weekend", shanghai, sh, "2026-11-27 17:00", 2 * time.Hour, sh, "2026-11-30 10:00"},
		{"starts on Saturday", shanghai, sh, "2026-11-28 08:00", 30 * time.Minute, sh, "2026-11-30 09:30"},
		{"a full day over a weekend", shanghai, sh, "2026-11-27 17:30", 8 * time.Hour, sh, "2026-11-30 17:30"},
		{"over two holidays and a weekend", shanghai, sh, "2026-12-30 17:00", 2 * time.Hour, sh, "2027-01-04 10:00"},
		{"before opening", shanghai, sh, "2026-11-23 07:00", 15 * time.Minute, sh, "2026-11-23 09:15"},
		{"zero time is now", shanghai, sh, "2026-11-23 07:00", 0, sh, "2026-11-23 07:00"},
		{"given in UTC", shanghai, "UTC", "2026-11-23 01:00", 4 * time.Hour, "UTC", "2026-11-23 06:00"},
		{"across the end of daylight saving", newYork, ny, "2026-10-30 16:00", 2 * time.Hour, "UTC", "2026-11-02 15:00"},
		{"always open", Calendar{Name: "x", TimeZone: "UTC"}, "UTC", "2026-11-28 23:00", 90 * time.Minute, "UTC", "2026-11-29 00:30"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := compiled(t, tt.cal).Add(local(t, tt.zone, tt.start), tt.d)
			if want := local(t, tt.zoneWant, tt.want); !got.Equal(want) {
				t.Fatalf("Add(%s, %v) = %v, want %v", tt.start, tt.d, got, want)
			}
		})
	}
}

func TestCalendarBetween(t *testing.T) {
	const sh = "Asia/Shanghai"
	tests := []struct {
		name     string
		from, to string
		want     time.Duration
	}{
		{"over lunch", "2026-11-23 11:00", "2026-11-23 14:00", 2 * time.Hour},
		{"over a weekend", "2026-11-27 17:00", "2026-11-30 10:00", 2 * time.Hour},
		{"over holidays", "2026-12-30 09:00", "2027-01-04 09:00", 8 * time.Hour},
		{"a closed night", "2026-11-23 18:00", "2026-11-24 09:00", 0},
		{"backwards", "2026-11-24 09:00", "2026-11-23 09:00", 0},
	}
	h := compiled(t, shanghai)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := h.Between(local(t, sh, tt.from), local(t, sh, tt.to)); got != tt.want {
				t.Fatalf("Between = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestCalendarNeverOpen(t *testing.T) {
	c := Calendar{Name: "closed", TimeZone: "UTC", Hours: map[string][]string{"mon": {"09:00-10:00"}}}
	for d := 2026; d <= 2037; d++ { // every Monday is a holiday for the next decade
		for day := time.Date(d, 1, 1, 0, 0, 0, 0, time.UTC); day.Year() == d; day = day.AddDate(0, 0, 1) {
			if day.Weekday() == time.Monday {
				c.Holidays = append(c.Holidays, day.Format(time.DateOnly))
			}
		}
	}
	if got := compiled(t, c).Add(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), time.Minute); !got.IsZero() {
		t.Fatalf("a calendar that never opens gave a due time %v", got)
	}
}

func TestCalendarValidation(t *testing.T) {
	tests := []struct {
		name  string
		cal   Calendar
		field string
	}{
		{"unknown zone", Calendar{TimeZone: "Mars/Olympus"}, "time_zone"},
		{"no zone", Calendar{}, "time_zone"},
		{"bad weekday", Calendar{TimeZone: "UTC", Hours: map[string][]string{"monday": {"09:00-10:00"}}}, "hours"},
		{"bad span", Calendar{TimeZone: "UTC", Hours: map[string][]string{"mon": {"9-10"}}}, "hours"},
		{"backwards span", Calendar{TimeZone: "UTC", Hours: map[string][]string{"mon": {"18:00-09:00"}}}, "hours"},
		{"overlap", Calendar{TimeZone: "UTC", Hours: map[string][]string{"mon": {"09:00-12:00", "11:00-13:00"}}}, "hours"},
		{"bad holiday", Calendar{TimeZone: "UTC", Holidays: []string{"2026-13-01"}}, "holidays"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := tt.cal.compile()
			var e *rapport.Error
			if !asError(err, &e) || e.Code != rapport.EINVALID || e.Field != tt.field {
				t.Fatalf("compile: %v, want an invalid %s", err, tt.field)
			}
		})
	}
}
