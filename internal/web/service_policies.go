package web

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/rapport-cx/rapport"
	"github.com/rapport-cx/rapport/internal/service"
)

// policyForm is one SLA policy in the editor: conditions as comma lists,
// targets as durations such as 30m or 8h.
type policyForm struct {
	Name                                  string
	Calendar                              string
	Priorities, Types, Channels, Segments string
	First, Next, Resolution, Warn         string
}

func policyForms(ps []service.Policy) []policyForm {
	out := make([]policyForm, len(ps))
	for i, p := range ps {
		out[i] = policyForm{Name: p.Name, Calendar: p.Calendar, Priorities: joinAs(p.When.Priorities),
			Types: joinAs(p.When.Types), Channels: joinAs(p.When.Channels), Segments: strings.Join(p.When.Segments, ", "),
			First: durationText(p.FirstResponse), Next: durationText(p.NextResponse),
			Resolution: durationText(p.Resolution), Warn: durationText(p.WarnBefore)}
	}
	return out
}

func joinAs[T ~string](list []T) string {
	parts := make([]string, len(list))
	for i, v := range list {
		parts[i] = string(v)
	}
	return strings.Join(parts, ", ")
}

func splitAs[T ~string](text string) []T {
	var out []T
	for _, v := range splitList(text) {
		out = append(out, T(v))
	}
	return out
}

// durationText writes a target as 30m, 8h or 1h30m; empty for none.
func durationText(d service.Duration) string {
	if d == 0 {
		return ""
	}
	s := time.Duration(d).String() // 10m0s, 8h0m0s, 1h30m0s
	if strings.HasSuffix(s, "m0s") {
		s = strings.TrimSuffix(s, "0s")
	}
	if strings.HasSuffix(s, "h0m") {
		s = strings.TrimSuffix(s, "0m")
	}
	return s
}

// polField names one input of policy i.
func polField(i int, name string) string { return "pol-" + strconv.Itoa(i) + "-" + name }

// savePolicies replaces the policies' calendars, conditions and targets
// from the editor (admins only); escalation actions stay as they are.
func (c *console) savePolicies(w http.ResponseWriter, r *http.Request) {
	svc := c.svc()
	cfg, err := svc.Config(r.Context())
	if err != nil {
		c.fail(w, r, err)
		return
	}
	edited := *cfg
	edited.Policies = append([]service.Policy(nil), cfg.Policies...)
	forms := make([]policyForm, len(edited.Policies))
	for i := range edited.Policies {
		p := &edited.Policies[i]
		f := policyForm{Name: p.Name, Calendar: strings.TrimSpace(r.PostFormValue(polField(i, "calendar"))),
			Priorities: r.PostFormValue(polField(i, "priorities")), Types: r.PostFormValue(polField(i, "types")),
			Channels: r.PostFormValue(polField(i, "channels")), Segments: r.PostFormValue(polField(i, "segments")),
			First: strings.TrimSpace(r.PostFormValue(polField(i, "first"))), Next: strings.TrimSpace(r.PostFormValue(polField(i, "next"))),
			Resolution: strings.TrimSpace(r.PostFormValue(polField(i, "resolution"))), Warn: strings.TrimSpace(r.PostFormValue(polField(i, "warn")))}
		forms[i] = f
		p.Calendar = f.Calendar
		p.When.Priorities, p.When.Types = splitAs[rapport.Priority](f.Priorities), splitAs[rapport.CaseType](f.Types)
		p.When.Channels, p.When.Segments = splitAs[rapport.Channel](f.Channels), splitList(f.Segments)
		for _, t := range []struct {
			field, text string
			to          *service.Duration
		}{{"first_response", f.First, &p.FirstResponse}, {"next_response", f.Next, &p.NextResponse},
			{"resolution", f.Resolution, &p.Resolution}, {"warn_before", f.Warn, &p.WarnBefore}} {
			d, perr := time.ParseDuration(t.text)
			if t.text == "" {
				d, perr = 0, nil
			}
			if (perr != nil || d < 0) && err == nil {
				err = rapport.FieldErrorf("policies["+strconv.Itoa(i)+"]."+t.field, "%q is not a duration like 30m or 8h", t.text)
			}
			*t.to = service.Duration(d)
		}
	}
	if err == nil {
		err = svc.SetConfig(r.Context(), &edited)
	}
	if err != nil {
		c.renderServiceSettings(w, r, http.StatusBadRequest, settingsErr(settingsView{Policies: forms}, err))
		return
	}
	http.Redirect(w, r, "/service/settings?saved=1", http.StatusSeeOther)
}

// policyErrorField is the configuration field an editor input stands for.
func policyErrorField(i int, input string) string {
	field := map[string]string{"calendar": "calendar", "priorities": "when.priorities", "types": "when.types",
		"channels": "when.channels", "segments": "when.segments", "first": "first_response", "next": "next_response",
		"resolution": "resolution", "warn": "warn_before"}[input]
	return "policies[" + strconv.Itoa(i) + "]." + field
}
