package service

import (
	"fmt"
	"strconv"
	"strings"
	"time"
	_ "time/tzdata" // calendars name IANA zones; do not depend on the host's database

	"github.com/rapport-cx/rapport"
)

// Calendar is when a team works: opening hours per weekday in a time zone,
// minus holidays. A calendar with no hours at all is open around the clock.
type Calendar struct {
	Name     string `json:"name"`
	TimeZone string `json:"time_zone"` // IANA name, e.g. Asia/Shanghai
	// Hours maps mon, tue, wed, thu, fri, sat, sun to "09:00-18:00" spans.
	Hours    map[string][]string `json:"hours,omitempty"`
	Holidays []string            `json:"holidays,omitempty"` // YYYY-MM-DD, local dates
}

// AlwaysOpen is the name of the built-in 24/7 calendar.
const AlwaysOpen = "24x7"

var weekdayKeys = [7]string{"sun", "mon", "tue", "wed", "thu", "fri", "sat"}

// span is an opening span in minutes after local midnight.
type span struct{ from, to int }

// hours is a calendar ready to compute with.
type hours struct {
	loc      *time.Location
	week     [7][]span
	holidays map[string]bool
	always   bool
}

// compile checks a calendar and prepares it; errors name the field.
func (c Calendar) compile() (*hours, error) {
	loc, err := time.LoadLocation(c.TimeZone)
	if err != nil || c.TimeZone == "" {
		return nil, rapport.FieldErrorf("time_zone", "calendar %q: unknown time zone %q", c.Name, c.TimeZone)
	}
	h := &hours{loc: loc, holidays: map[string]bool{}, always: len(c.Hours) == 0}
	for key, list := range c.Hours {
		day := -1
		for i, k := range weekdayKeys {
			if k == key {
				day = i
			}
		}
		if day < 0 {
			return nil, rapport.FieldErrorf("hours", "calendar %q: %q is not a weekday (mon … sun)", c.Name, key)
		}
		for _, text := range list {
			sp, err := parseSpan(text)
			if err != nil {
				return nil, rapport.FieldErrorf("hours", "calendar %q, %s: %v", c.Name, key, err)
			}
			h.week[day] = append(h.week[day], sp)
		}
		for i := 1; i < len(h.week[day]); i++ {
			if h.week[day][i].from < h.week[day][i-1].to {
				return nil, rapport.FieldErrorf("hours", "calendar %q, %s: spans must be in order and not overlap", c.Name, key)
			}
		}
	}
	for _, d := range c.Holidays {
		if _, err := time.Parse(time.DateOnly, d); err != nil {
			return nil, rapport.FieldErrorf("holidays", "calendar %q: %q is not a YYYY-MM-DD date", c.Name, d)
		}
		h.holidays[d] = true
	}
	return h, nil
}

// parseSpan reads "09:00-18:00"; "24:00" may end a span.
func parseSpan(text string) (span, error) {
	a, b, ok := strings.Cut(text, "-")
	from, err1 := parseClock(a)
	to, err2 := parseClock(b)
	if !ok || err1 != nil || err2 != nil || from >= to {
		return span{}, fmt.Errorf("%q is not a span like 09:00-18:00", text)
	}
	return span{from, to}, nil
}

func parseClock(s string) (int, error) {
	hh, mm, ok := strings.Cut(strings.TrimSpace(s), ":")
	h, err1 := strconv.Atoi(hh)
	m, err2 := strconv.Atoi(mm)
	if !ok || err1 != nil || err2 != nil || h < 0 || m < 0 || m > 59 || h*60+m > 24*60 {
		return 0, fmt.Errorf("bad time %q", s)
	}
	return h*60 + m, nil
}

// maxDays bounds the search for opening hours: a calendar closed for ten
// years has no due time.
const maxDays = 3660

// open calls f with each opening interval of the local days from t's,
// in order, until f returns false.
func (h *hours) open(t time.Time, f func(from, to time.Time) bool) {
	y, m, d := t.In(h.loc).Date()
	for i := range maxDays {
		day := time.Date(y, m, d+i, 0, 0, 0, 0, h.loc)
		if h.holidays[day.Format(time.DateOnly)] {
			continue
		}
		dy, dm, dd := day.Date()
		for _, sp := range h.week[day.Weekday()] {
			from := time.Date(dy, dm, dd, 0, sp.from, 0, 0, h.loc)
			to := time.Date(dy, dm, dd, 0, sp.to, 0, 0, h.loc)
			if !f(from, to) {
				return
			}
		}
	}
}

// Add returns the moment d of business time after t. A zero d returns t.
// It returns the zero time if the calendar never opens.
func (h *hours) Add(t time.Time, d time.Duration) time.Time {
	if h.always || d <= 0 {
		return t.Add(max(d, 0))
	}
	var due time.Time
	h.open(t, func(from, to time.Time) bool {
		if !to.After(t) {
			return true
		}
		if from.Before(t) {
			from = t
		}
		if avail := to.Sub(from); d > avail {
			d -= avail
			return true
		}
		due = from.Add(d)
		return false
	})
	return due
}

// Between returns the business time in [a, b).
func (h *hours) Between(a, b time.Time) time.Duration {
	if !b.After(a) {
		return 0
	}
	if h.always {
		return b.Sub(a)
	}
	var sum time.Duration
	h.open(a, func(from, to time.Time) bool {
		if !from.Before(b) {
			return false
		}
		from, to = later(from, a), earlier(to, b)
		if to.After(from) {
			sum += to.Sub(from)
		}
		return true
	})
	return sum
}

func later(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

func earlier(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}
