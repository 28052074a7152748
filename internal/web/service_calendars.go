package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/rapport-cx/rapport/internal/service"
)

// weekdays are the calendar editor's days, Monday first.
var weekdays = []string{"mon", "tue", "wed", "thu", "fri", "sat", "sun"}

// calendarForm is one calendar in the editor: spans as "09:00-12:00,
// 13:00-18:00" per day and holidays one date per line.
type calendarForm struct {
	Name     string
	TimeZone string
	Hours    map[string]string
	Holidays string
}

// calendarForms turns the configured calendars into editor rows.
func calendarForms(cals []service.Calendar) []calendarForm {
	out := make([]calendarForm, len(cals))
	for i, c := range cals {
		f := calendarForm{Name: c.Name, TimeZone: c.TimeZone, Hours: map[string]string{}, Holidays: strings.Join(c.Holidays, "\n")}
		for day, spans := range c.Hours {
			f.Hours[day] = strings.Join(spans, ", ")
		}
		out[i] = f
	}
	return out
}

// calField names one input of calendar i.
func calField(i int, name string) string { return "cal-" + strconv.Itoa(i) + "-" + name }

// splitList reads a list typed with commas, spaces or line breaks.
func splitList(text string) []string {
	return strings.FieldsFunc(text, func(r rune) bool { return r == ',' || r == '\n' || r == '\r' || r == ' ' || r == '\t' })
}

// saveCalendars replaces the calendars from the structured editor (admins
// only); an error names the field and changes nothing.
func (c *console) saveCalendars(w http.ResponseWriter, r *http.Request) {
	svc := c.svc()
	cfg, err := svc.Config(r.Context())
	if err != nil {
		c.fail(w, r, err)
		return
	}
	edited := *cfg
	n, _ := strconv.Atoi(r.PostFormValue("calendars"))
	edited.Calendars = nil
	for i := range min(n, 20) {
		cal := service.Calendar{Name: strings.TrimSpace(r.PostFormValue(calField(i, "name"))),
			TimeZone: strings.TrimSpace(r.PostFormValue(calField(i, "tz"))), Hours: map[string][]string{},
			Holidays: splitList(r.PostFormValue(calField(i, "holidays")))}
		for _, day := range weekdays {
			if spans := splitList(r.PostFormValue(calField(i, day))); len(spans) > 0 {
				cal.Hours[day] = spans
			}
		}
		edited.Calendars = append(edited.Calendars, cal)
	}
	if err := svc.SetConfig(r.Context(), &edited); err != nil {
		c.renderServiceSettings(w, r, http.StatusBadRequest, settingsErr(settingsView{Calendars: calendarForms(edited.Calendars)}, err))
		return
	}
	http.Redirect(w, r, "/service/settings?saved=1", http.StatusSeeOther)
}
