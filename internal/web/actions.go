package web

import (
	"net/http"
	"strconv"
	"time"

	"github.com/rapport-cx/rapport"
	"github.com/rapport-cx/rapport/internal/insight"
)

// actionRow is one action item of the list.
type actionRow struct {
	A       rapport.ActionItem
	Overdue bool
	Due     string
}

// actionsView is the Action items list.
type actionsView struct {
	Rows []actionRow
}

// actionView is one action item with its metric before and after the change.
type actionView struct {
	Row      actionRow
	Compare  *insight.BeforeAfter
	Before   string
	After    string
	Statuses []string
	Owners   []string
	Error    string
}

func newActionRow(a rapport.ActionItem, now time.Time) actionRow {
	return actionRow{A: a, Overdue: insight.Overdue(&a, now), Due: formatDate(a.DueAt)}
}

// actionsPage lists the action items, due first, overdue ones flagged.
func (c *console) actionsPage(w http.ResponseWriter, r *http.Request) {
	s := c.shell(r, "actions", "nav.actions")
	items, err := c.store.ActionItems(r.Context())
	if err != nil {
		c.fail(w, r, err)
		return
	}
	v := actionsView{}
	for _, a := range items {
		v.Rows = append(v.Rows, newActionRow(a, c.clock.Now()))
	}
	c.render(w, r, http.StatusOK, actionsPageView(s, v))
}

// actionPage shows one item and its metric before and after the change date.
func (c *console) actionPage(w http.ResponseWriter, r *http.Request) {
	c.renderAction(w, r, http.StatusOK, "")
}

func (c *console) renderAction(w http.ResponseWriter, r *http.Request, status int, problem string) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		c.notFound(w, r)
		return
	}
	a, err := c.store.ActionItem(r.Context(), id)
	if err != nil {
		c.fail(w, r, err)
		return
	}
	s := c.shell(r, "actions", "nav.actions")
	s.Title = a.Title
	v := actionView{Row: newActionRow(*a, c.clock.Now()), Error: problem, Owners: insight.Owners,
		Statuses: []string{rapport.ActionOpen, rapport.ActionInProgress, rapport.ActionDone}}
	if !a.ChangedAt.IsZero() {
		f, err := c.facts(r)
		if err != nil {
			c.fail(w, r, err)
			return
		}
		if v.Compare, err = insight.Compare(f, a, c.analyzer, 30); err != nil {
			c.fail(w, r, err)
			return
		}
		v.Before, v.After = metricText(v.Compare.Metric, v.Compare.Before), metricText(v.Compare.Metric, v.Compare.After)
	}
	c.render(w, r, status, actionPageView(s, v))
}

func metricText(metric string, w insight.Window) string {
	if w.Count == 0 {
		return "–"
	}
	switch metric {
	case insight.KindCSAT, insight.KindRating:
		return strconv.FormatFloat(w.Value, 'f', 1, 64) + "%"
	case insight.KindCES:
		return strconv.FormatFloat(w.Value, 'f', 2, 64)
	}
	return strconv.FormatFloat(w.Value, 'f', 1, 64)
}

// updateAction saves an item's status, owner, due date and change date.
func (c *console) updateAction(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		c.notFound(w, r)
		return
	}
	a, err := c.store.ActionItem(r.Context(), id)
	if err != nil {
		c.fail(w, r, err)
		return
	}
	a.Status, a.Owner, a.Note = r.PostFormValue("status"), r.PostFormValue("owner"), r.PostFormValue("note")
	for _, f := range []struct {
		name string
		dst  *time.Time
	}{{"due_at", &a.DueAt}, {"changed_at", &a.ChangedAt}} {
		v := r.PostFormValue(f.name)
		if v == "" {
			if f.name == "changed_at" {
				*f.dst = time.Time{}
			}
			continue
		}
		t, err := time.Parse("2006-01-02", v)
		if err != nil {
			c.renderAction(w, r, http.StatusUnprocessableEntity, f.name+": "+v)
			return
		}
		*f.dst = t
	}
	if err := insight.ValidateAction(a); err != nil {
		c.renderAction(w, r, http.StatusUnprocessableEntity, rapport.ErrorMessage(err))
		return
	}
	if err := c.store.UpdateActionItem(r.Context(), a); err != nil {
		c.fail(w, r, err)
		return
	}
	http.Redirect(w, r, "/actions/"+strconv.FormatInt(a.ID, 10), http.StatusSeeOther)
}
