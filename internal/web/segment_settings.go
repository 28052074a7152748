package web

import (
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/rapport-cx/rapport"
	"github.com/rapport-cx/rapport/internal/segment"
)

// lifecycleField is one number of the lifecycle settings form; the server
// checks it (docs/segments.md gives the ranges).
type lifecycleField struct {
	Name  string // the setting's JSON name, also the input's name and id
	Value string
}

// lifecycleForm is the lifecycle settings page's state.
type lifecycleForm struct {
	Numbers    []lifecycleField
	RatingRule string
	Saved      bool
	Error      string
	ErrorField string
}

// lifecycleFormOf shows settings as the form's text.
func lifecycleFormOf(s segment.Settings) lifecycleForm {
	num := func(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }
	return lifecycleForm{RatingRule: s.RatingRule, Numbers: []lifecycleField{
		{"window_days", strconv.Itoa(s.WindowDays)},
		{"purchases_per_month", num(s.PurchasesPerMonth)},
		{"aov_threshold", num(s.AOVThreshold)},
		{"churn_days", strconv.Itoa(s.ChurnDays)},
		{"rating_max", num(s.RatingMax)},
		{"problem_days", strconv.Itoa(s.ProblemDays)},
		{"new_days", strconv.Itoa(s.NewDays)},
		{"potential_days", strconv.Itoa(s.PotentialDays)},
	}}
}

// readSettings reads the form; a value that is not a number is named.
func readSettings(r *http.Request) (lifecycleForm, segment.Settings, error) {
	f := lifecycleFormOf(segment.DefaultSettings())
	s := segment.Settings{RatingRule: strings.TrimSpace(r.PostFormValue("rating_rule"))}
	f.RatingRule = s.RatingRule
	ints := map[string]*int{"window_days": &s.WindowDays, "churn_days": &s.ChurnDays, "problem_days": &s.ProblemDays,
		"new_days": &s.NewDays, "potential_days": &s.PotentialDays}
	floats := map[string]*float64{"purchases_per_month": &s.PurchasesPerMonth, "aov_threshold": &s.AOVThreshold, "rating_max": &s.RatingMax}
	var bad error
	for i := range f.Numbers {
		name := f.Numbers[i].Name
		text := strings.TrimSpace(r.PostFormValue(name))
		f.Numbers[i].Value = text
		var err error
		if p, ok := ints[name]; ok {
			*p, err = strconv.Atoi(text)
		} else {
			*floats[name], err = strconv.ParseFloat(text, 64)
		}
		if err != nil && bad == nil {
			bad = rapport.FieldErrorf(name, "must be a number")
		}
	}
	return f, s, bad
}

// segmentSettings shows the lifecycle settings form.
func (c *console) segmentSettings(w http.ResponseWriter, r *http.Request) {
	s, err := segment.LoadSettings(r.Context(), c.store)
	if err != nil {
		c.fail(w, r, err)
		return
	}
	f := lifecycleFormOf(s)
	f.Saved = r.URL.Query().Get("saved") == "1"
	c.render(w, r, http.StatusOK, segmentSettingsPage(c.shell(r, "segments", "segments.settings.title"), f))
}

// saveSegmentSettings stores the settings, which rewrites and re-evaluates
// the lifecycle segments; a bad value is named and nothing changes.
func (c *console) saveSegmentSettings(w http.ResponseWriter, r *http.Request) {
	if !HasRole(r.Context(), rapport.RoleAdmin, rapport.RoleAnalyst) {
		c.forbidden(w, r)
		return
	}
	f, s, err := readSettings(r)
	if err == nil {
		err = c.segmentEngine().SaveSettings(r.Context(), s)
	}
	var e *rapport.Error
	if errors.As(err, &e) && e.Code == rapport.EINVALID {
		f.Error, f.ErrorField = e.Message, e.Field
		c.render(w, r, http.StatusBadRequest, segmentSettingsPage(c.shell(r, "segments", "segments.settings.title"), f))
		return
	}
	if err != nil {
		c.fail(w, r, err)
		return
	}
	http.Redirect(w, r, "/segments/settings?saved=1", http.StatusSeeOther)
}
