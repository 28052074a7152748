package web

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/rapport-cx/rapport"
	"github.com/rapport-cx/rapport/internal/service"
)

// servicePageSize is how many cases one page of the queue shows.
const servicePageSize = 50

// caseRow is one case of the queue with its SLA countdown.
type caseRow struct {
	Case      rapport.Case
	State     string // breached, soon, ok, paused or none
	Countdown string
}

// queueView is the case queue.
type queueView struct {
	Rows     []caseRow
	Total    int
	Status   string
	Type     string
	Priority string
	Team     string
	Breached bool
}

func (c *console) svc() *service.Service { return service.New(c.store, c.clock, c.log) }

// serviceQueue lists open cases, breached first, then nearest due.
func (c *console) serviceQueue(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	v := queueView{Status: q.Get("status"), Type: q.Get("type"), Priority: q.Get("priority"),
		Team: strings.TrimSpace(q.Get("team")), Breached: q.Get("breached") == "1"}
	cq := rapport.CaseQuery{Type: rapport.CaseType(v.Type), Priority: rapport.Priority(v.Priority), Team: v.Team,
		Breached: v.Breached, Limit: servicePageSize}
	if v.Status == "" {
		cq.Status = []rapport.CaseStatus{rapport.StatusNew, rapport.StatusOpen, rapport.StatusPending}
	} else if v.Status != "all" {
		cq.Status = []rapport.CaseStatus{rapport.CaseStatus(v.Status)}
	}
	list, total, err := c.store.ListCases(r.Context(), cq)
	if err != nil {
		c.fail(w, r, err)
		return
	}
	s := c.shell(r, "service", "nav.service")
	now := c.clock.Now()
	v.Total = total
	for _, cs := range list {
		state, text := countdown(s.Lang, &cs, now)
		v.Rows = append(v.Rows, caseRow{Case: cs, State: state, Countdown: text})
	}
	c.render(w, r, http.StatusOK, serviceQueuePage(s, v))
}

// countdown describes the case's nearest SLA due time as seen at now.
func countdown(l lang, cs *rapport.Case, now time.Time) (state, text string) {
	due := cs.DueAt()
	switch {
	case cs.Breached():
		if !due.IsZero() && due.Before(now) {
			return "breached", l.Tf("service.overdue", shortDuration(now.Sub(due)))
		}
		return "breached", l.T("service.breached")
	case !cs.SLA.PausedAt.IsZero():
		return "paused", l.T("service.paused")
	case due.IsZero():
		return "none", "–"
	case !due.After(now):
		return "breached", l.Tf("service.overdue", shortDuration(now.Sub(due)))
	case due.Sub(now) < time.Hour:
		return "soon", l.Tf("service.due_in", shortDuration(due.Sub(now)))
	}
	return "ok", l.Tf("service.due_in", shortDuration(due.Sub(now)))
}

// shortDuration writes a duration as "3d 4h", "2h 5m" or "7m".
func shortDuration(d time.Duration) string {
	m := int(d.Round(time.Minute).Minutes())
	switch {
	case m >= 24*60:
		return fmt.Sprintf("%dd %dh", m/(24*60), m%(24*60)/60)
	case m >= 60:
		return fmt.Sprintf("%dh %dm", m/60, m%60)
	}
	return fmt.Sprintf("%dm", m)
}

// caseView is one case beside its customer's 360.
type caseView struct {
	Case     *rapport.Case
	State    string
	Due      string
	Messages []rapport.CaseMessage
	C360     *service.Customer360
	Segments map[string]string // segment id → name
	Now      time.Time
	Error    string
}

// serviceCase shows a case, its clocks and conversation, and the customer 360.
func (c *console) serviceCase(w http.ResponseWriter, r *http.Request) {
	c.renderCase(w, r, http.StatusOK, "")
}

func (c *console) renderCase(w http.ResponseWriter, r *http.Request, status int, problem string) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		c.notFound(w, r)
		return
	}
	ctx := r.Context()
	cs, err := c.store.Case(ctx, id)
	if err != nil {
		c.fail(w, r, err)
		return
	}
	s := c.shell(r, "service", "nav.service")
	s.Title = fmt.Sprintf("#%d %s", cs.ID, cs.Subject)
	v := caseView{Case: cs, Now: c.clock.Now(), Error: problem}
	v.State, v.Due = countdown(s.Lang, cs, v.Now)
	if v.Messages, err = c.store.CaseMessages(ctx, id); err != nil {
		c.fail(w, r, err)
		return
	}
	if v.C360, err = c.svc().CaseCustomer(ctx, id); err != nil {
		c.fail(w, r, err)
		return
	}
	if v.Segments, err = c.segmentNames(ctx, s.Lang); err != nil {
		c.fail(w, r, err)
		return
	}
	c.render(w, r, status, serviceCasePage(s, v))
}

// segmentNames maps every segment's id to its name in the page's language.
func (c *console) segmentNames(ctx context.Context, l lang) (map[string]string, error) {
	list, err := c.store.Segments(ctx)
	if err != nil {
		return nil, err
	}
	names := make(map[string]string, len(list))
	for _, sg := range list {
		names[sg.ID] = segmentName(l, sg.ID, sg.Name)
	}
	return names, nil
}

// segmentLabel is a segment's name, its id if the segment is gone.
func (v caseView) segmentLabel(l lang, id string) string {
	if name := v.Segments[id]; name != "" {
		return name
	}
	return segmentName(l, id, id)
}

// replyCase adds the agent's reply or note and applies the chosen status.
func (c *console) replyCase(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		c.notFound(w, r)
		return
	}
	v := viewerFrom(r.Context())
	author := v.User.Name
	if author == "" {
		author = v.User.Email
	}
	kind := r.PostFormValue("kind")
	if kind != rapport.AuthorNote {
		kind = rapport.AuthorAgent
	}
	status := rapport.CaseStatus(r.PostFormValue("status"))
	body := strings.TrimSpace(r.PostFormValue("body"))
	if body == "" && status != "" {
		st := status
		_, err = c.svc().Update(r.Context(), id, service.Change{Status: &st})
	} else {
		_, _, err = c.svc().Reply(r.Context(), rapport.CaseMessage{CaseID: id, Kind: kind, Author: author, Body: body}, status)
	}
	if err != nil {
		if rapport.ErrorCode(err) == rapport.EINVALID {
			c.renderCase(w, r, http.StatusBadRequest, rapport.ErrorMessage(err))
			return
		}
		c.fail(w, r, err)
		return
	}
	http.Redirect(w, r, "/service/cases/"+strconv.FormatInt(id, 10), http.StatusSeeOther)
}

// reportView is the SLA report page.
type reportView struct {
	Report  *service.SLAReport
	From    string
	To      string
	ByMonth slaChart
	ByTeam  slaChart
	ByType  slaChart
}

// slaChart is one chart of the SLA report: per key (month, team or type),
// the % of targets met and the median first-response and resolution
// minutes, as the report has them.
type slaChart struct {
	Keys       []string          `json:"keys"`
	PctMet     []float64         `json:"pct_met"`
	First      []float64         `json:"first"`
	Resolution []float64         `json:"resolution"`
	Labels     map[string]string `json:"labels"`
}

// newSLAChart builds a chart of report rows; label names a row's key.
func newSLAChart(l lang, rows []service.SLARow, label func(string) string) slaChart {
	ch := slaChart{Keys: []string{}, PctMet: []float64{}, First: []float64{}, Resolution: []float64{},
		Labels: map[string]string{"pct_met": l.T("service.pct_met"), "first": l.T("service.median_first"),
			"resolution": l.T("service.median_resolution"), "minutes": l.T("service.chart_hours")}}
	for _, r := range rows {
		ch.Keys = append(ch.Keys, label(r.Key))
		ch.PctMet = append(ch.PctMet, r.PctMet)
		ch.First = append(ch.First, r.MedianFirstResponse)
		ch.Resolution = append(ch.Resolution, r.MedianResolution)
	}
	return ch
}

// serviceReport shows % of SLAs met and median times by team, type and month.
func (c *console) serviceReport(w http.ResponseWriter, r *http.Request) {
	to := c.clock.Now().UTC().Truncate(24 * time.Hour).Add(24 * time.Hour)
	from := to.AddDate(0, 0, -91)
	if t, err := time.Parse(time.DateOnly, r.URL.Query().Get("from")); err == nil {
		from = t
	}
	if t, err := time.Parse(time.DateOnly, r.URL.Query().Get("to")); err == nil && t.After(from) {
		to = t
	}
	rep, err := c.svc().SLAReport(r.Context(), from, to)
	if err != nil {
		c.fail(w, r, err)
		return
	}
	s := c.shell(r, "service", "service.report")
	same := func(k string) string { return k }
	typeName := func(k string) string { return caseLabel(s.Lang, "type", k) }
	c.render(w, r, http.StatusOK, serviceReportPage(s, reportView{Report: rep, From: from.Format(time.DateOnly),
		To: to.AddDate(0, 0, -1).Format(time.DateOnly), ByMonth: newSLAChart(s.Lang, rep.ByMonth, same),
		ByTeam: newSLAChart(s.Lang, rep.ByTeam, same), ByType: newSLAChart(s.Lang, rep.ByType, typeName)}))
}

// settingsView is the SLA and approval-rule editor.
type settingsView struct {
	Config     string
	Calendars  []calendarForm
	RulesForm  *rulesForm
	Policies   []policyForm
	ErrorField string // the field an error names, such as calendars[0].time_zone
	Error      string
	Saved      bool
	DryRun     []service.DryRunResult
	Approved   int
	Changed    int
	Admin      bool
}

// serviceSettings shows the configuration document and the dry-run box.
func (c *console) serviceSettings(w http.ResponseWriter, r *http.Request) {
	c.renderServiceSettings(w, r, http.StatusOK, settingsView{Saved: r.URL.Query().Get("saved") == "1"})
}

func (c *console) renderServiceSettings(w http.ResponseWriter, r *http.Request, status int, v settingsView) {
	cfg, err := c.svc().Config(r.Context())
	if err != nil {
		c.fail(w, r, err)
		return
	}
	if v.Config == "" {
		b, _ := json.MarshalIndent(cfg, "", "  ")
		v.Config = string(b)
	}
	if v.Policies == nil {
		v.Policies = policyForms(cfg.Policies)
	}
	if v.RulesForm == nil {
		f := newRulesForm(cfg.AfterSales)
		v.RulesForm = &f
	}
	if v.Calendars == nil {
		v.Calendars = calendarForms(cfg.Calendars)
	}
	v.Admin = HasRole(r.Context(), rapport.RoleAdmin)
	c.render(w, r, status, serviceSettingsPage(c.shell(r, "service", "service.settings"), v))
}

// saveServiceSettings replaces the configuration (admins only).
func (c *console) saveServiceSettings(w http.ResponseWriter, r *http.Request) {
	v := settingsView{Config: r.PostFormValue("config")}
	cfg := &service.Config{}
	err := json.Unmarshal([]byte(v.Config), cfg)
	if err == nil {
		err = c.svc().SetConfig(r.Context(), cfg)
	}
	if err != nil {
		v.Error = err.Error()
		if e, ok := err.(*rapport.Error); ok {
			v.Error = e.Field + ": " + e.Message
		}
		c.renderServiceSettings(w, r, http.StatusBadRequest, v)
		return
	}
	http.Redirect(w, r, "/service/settings?saved=1", http.StatusSeeOther)
}

// dryRunRules shows what edited approval rules would have decided on past requests.
func (c *console) dryRunRules(w http.ResponseWriter, r *http.Request) {
	f, rules, err := parseRules(r)
	v := settingsView{RulesForm: &f}
	if err == nil {
		v.DryRun, err = c.svc().DryRun(r.Context(), rules, 500)
	}
	if err != nil {
		c.renderServiceSettings(w, r, http.StatusBadRequest, settingsErr(v, err))
		return
	}
	for _, d := range v.DryRun {
		if d.Approved {
			v.Approved++
		}
		if d.Changed {
			v.Changed++
		}
	}
	c.renderServiceSettings(w, r, http.StatusOK, v)
}

// caseURL is the address of a case in the console.
func caseURL(id int64) string { return "/service/cases/" + strconv.FormatInt(id, 10) }

// queueURL is the queue with one filter changed.
func queueURL(v queueView, key, value string) string {
	vals := url.Values{}
	set := func(k, val string) {
		if val != "" {
			vals.Set(k, val)
		}
	}
	set("status", v.Status)
	set("type", v.Type)
	set("priority", v.Priority)
	set("team", v.Team)
	if v.Breached {
		vals.Set("breached", "1")
	}
	vals.Del(key)
	set(key, value)
	if len(vals) == 0 {
		return "/service"
	}
	return "/service?" + vals.Encode()
}

// minutes writes a number of minutes as a short duration, "–" for none.
func minutes(m float64) string {
	if m <= 0 {
		return "–"
	}
	return shortDuration(time.Duration(m * float64(time.Minute)))
}

// pct writes a percentage with one decimal.
func pct(v float64, n int) string {
	if n == 0 {
		return "–"
	}
	return strconv.FormatFloat(v, 'f', 1, 64) + "%"
}

// clockOutcome is met, breached, paused or running.
func clockOutcome(k rapport.SLAClock) string {
	switch {
	case k.Outcome != "":
		return k.Outcome
	case k.Breached:
		return rapport.OutcomeBreached
	case k.DueAt.IsZero():
		return "paused"
	}
	return "running"
}

// clockDue is when a clock is due, or when it stopped.
func clockDue(l lang, k rapport.SLAClock) string {
	switch {
	case !k.StoppedAt.IsZero():
		return l.Tf("service.stopped_at", formatTime(k.StoppedAt))
	case k.DueAt.IsZero():
		return l.T("service.paused")
	}
	return formatTime(k.DueAt)
}

// caseLabel is the label of a value of a case field: caseLabel(l, "status", "open").
func caseLabel(l lang, group, value string) string { return l.T("service." + group + "." + value) }
