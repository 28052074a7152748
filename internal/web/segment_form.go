package web

import (
	"encoding/json"
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/rapport-cx/rapport"
	"github.com/rapport-cx/rapport/internal/segment"
)

// Rows of the rule builder: field conditions and event conditions.
const (
	fieldRows = 4
	eventRows = 2
)

// segmentForm is the rule builder's state, as typed.
type segmentForm struct {
	Editing     bool // an existing segment; the id is fixed
	ID          string
	Name        string
	Description string
	Match       string // all or any
	Fields      []fieldRow
	Events      []eventRow
	JSON        string // the whole rule, for trees the rows cannot hold
	Error       string // translated problem, with the path of the bad node
	ErrorField  string
}

type fieldRow struct{ Field, Op, Value string }

type eventRow struct{ Name, Days, Property, PropValue, Op, Count string }

// builderFields are the fields the builder offers, in catalogue order.
func builderFields() []string { return segment.FieldNames() }

// builderOps are the operators the builder offers.
var builderOps = []string{">=", ">", "=", "!=", "<", "<=", "between", "in", "not_in", "contains", "not_contains", "exists", "missing"}

func emptyForm() segmentForm {
	return segmentForm{Match: "all", Fields: make([]fieldRow, fieldRows), Events: make([]eventRow, eventRows)}
}

// readSegmentForm reads the builder's fields from a request.
func readSegmentForm(r *http.Request) segmentForm {
	f := emptyForm()
	f.ID, f.Name = strings.TrimSpace(r.PostFormValue("id")), strings.TrimSpace(r.PostFormValue("name"))
	f.Description, f.JSON = strings.TrimSpace(r.PostFormValue("description")), strings.TrimSpace(r.PostFormValue("json"))
	if r.PostFormValue("match") == "any" {
		f.Match = "any"
	}
	at := func(name string, i int) string {
		return strings.TrimSpace(formValues(r.PostForm[name+"."+strconv.Itoa(i)]).get())
	}
	for i := range f.Fields {
		f.Fields[i] = fieldRow{Field: at("field", i), Op: at("op", i), Value: at("value", i)}
	}
	for i := range f.Events {
		f.Events[i] = eventRow{Name: at("event", i), Days: at("days", i), Property: at("prop", i),
			PropValue: at("pval", i), Op: at("cop", i), Count: at("count", i)}
	}
	return f
}

type formValues []string

func (v formValues) get() string {
	if len(v) == 0 {
		return ""
	}
	return v[0]
}

// rule builds the condition tree the form describes; the JSON box, when
// filled, is the whole rule.
func (f segmentForm) rule() ([]byte, error) {
	if f.JSON != "" {
		if _, err := segment.CompileJSON([]byte(f.JSON)); err != nil {
			return nil, err
		}
		r, _ := segment.Parse([]byte(f.JSON))
		return r.JSON(), nil
	}
	var conds []segment.Rule
	for _, row := range f.Fields {
		if row.Field != "" {
			conds = append(conds, segment.Rule{Field: row.Field, Op: row.Op, Value: formValue(row.Op, row.Value)})
		}
	}
	for _, row := range f.Events {
		if row.Name == "" {
			continue
		}
		days, _ := strconv.Atoi(row.Days)
		e := &segment.EventRule{Name: row.Name, WithinDays: days}
		if row.Property != "" {
			e.Where = []segment.Filter{{Property: row.Property, Op: "=", Value: scalar(row.PropValue)}}
		}
		conds = append(conds, segment.Rule{Event: e, Op: orDefault(row.Op, ">="), Value: formValue(row.Op, orDefault(row.Count, "1"))})
	}
	if len(conds) == 0 {
		return nil, rapport.FieldErrorf("rule", "add at least one condition")
	}
	r := segment.Rule{All: conds}
	if f.Match == "any" {
		r = segment.Rule{Any: conds}
	}
	data := r.JSON()
	if _, err := segment.CompileJSON(data); err != nil {
		return nil, err
	}
	return data, nil
}

func orDefault(s, d string) string {
	if s == "" {
		return d
	}
	return s
}

// formValue reads a typed value: lists for between / in / not_in, numbers
// when they parse, true/false, text otherwise.
func formValue(op, text string) any {
	switch op {
	case "exists", "missing":
		return nil
	case "between", "in", "not_in":
		var list []any
		for _, part := range strings.Split(text, ",") {
			if part = strings.TrimSpace(part); part != "" {
				list = append(list, scalar(part))
			}
		}
		return list
	}
	return scalar(text)
}

func scalar(text string) any {
	if f, err := strconv.ParseFloat(text, 64); err == nil {
		return f
	}
	switch text {
	case "true":
		return true
	case "false":
		return false
	}
	return text
}

// newSegment shows an empty rule builder.
func (c *console) newSegment(w http.ResponseWriter, r *http.Request) {
	c.renderForm(w, r, http.StatusOK, emptyForm())
}

// editSegment shows the builder with a segment's rule in the JSON box.
func (c *console) editSegment(w http.ResponseWriter, r *http.Request) {
	sg, err := c.store.Segment(r.Context(), r.PathValue("id"))
	if err != nil {
		c.fail(w, r, err)
		return
	}
	f := emptyForm()
	f.Editing, f.ID, f.Name, f.Description = true, sg.ID, sg.Name, sg.Description
	var pretty []byte
	if r, err := segment.Parse(sg.Rule); err == nil {
		pretty, _ = json.MarshalIndent(r, "", "  ")
	}
	f.JSON = string(pretty)
	c.renderForm(w, r, http.StatusOK, f)
}

func (c *console) renderForm(w http.ResponseWriter, r *http.Request, status int, f segmentForm) {
	s := c.shell(r, "segments", "segments.new")
	if f.Editing {
		s.Title = s.Lang.Tf("segments.edit_title", f.Name)
	}
	c.render(w, r, status, segmentFormPage(s, f))
}

// saveSegment creates a segment (no id in the path) or edits one, then
// evaluates it for everyone and shows it.
func (c *console) saveSegment(w http.ResponseWriter, r *http.Request) {
	if !HasRole(r.Context(), rapport.RoleAdmin, rapport.RoleAnalyst) {
		c.forbidden(w, r)
		return
	}
	f := readSegmentForm(r)
	id := r.PathValue("id")
	f.Editing = id != ""
	if f.Editing {
		f.ID = id
	}
	err := c.storeSegment(r, f)
	var e *rapport.Error
	if errors.As(err, &e) && (e.Code == rapport.EINVALID || e.Code == rapport.ECONFLICT) {
		f.Error, f.ErrorField = e.Message, e.Field
		c.renderForm(w, r, http.StatusBadRequest, f)
		return
	}
	if err != nil {
		c.fail(w, r, err)
		return
	}
	http.Redirect(w, r, "/segments/"+f.ID, http.StatusSeeOther)
}

func (c *console) storeSegment(r *http.Request, f segmentForm) error {
	ctx := r.Context()
	if f.Name == "" {
		return rapport.FieldErrorf("name", "is required")
	}
	if err := segment.ValidID(f.ID); err != nil {
		return err
	}
	rule, err := f.rule()
	if err != nil {
		return err
	}
	now := c.clock.Now()
	sg := &rapport.Segment{ID: f.ID, Name: f.Name, Description: f.Description, Rule: rule, CreatedAt: now, UpdatedAt: now}
	if f.Editing {
		err = c.store.UpdateSegment(ctx, sg)
	} else {
		err = c.store.CreateSegment(ctx, sg)
	}
	if err != nil {
		return err
	}
	return c.segmentEngine().Rescan(ctx, now, f.ID)
}

// previewSegment answers the builder's live count as the rule changes.
func (c *console) previewSegment(w http.ResponseWriter, r *http.Request) {
	s := c.shell(r, "segments", "segments.new")
	rule, err := readSegmentForm(r).rule()
	n := 0
	if err == nil {
		n, _, err = c.segmentEngine().Preview(r.Context(), rule, 0)
	}
	var e *rapport.Error
	if err != nil && !errors.As(err, &e) {
		c.fail(w, r, err)
		return
	}
	c.render(w, r, http.StatusOK, previewResult(s.Lang, n, e))
}

// deleteSegment removes a custom segment.
func (c *console) deleteSegment(w http.ResponseWriter, r *http.Request) {
	if !HasRole(r.Context(), rapport.RoleAdmin, rapport.RoleAnalyst) {
		c.forbidden(w, r)
		return
	}
	sg, err := c.store.Segment(r.Context(), r.PathValue("id"))
	if err != nil {
		c.fail(w, r, err)
		return
	}
	if sg.Builtin {
		c.problem(w, r, http.StatusConflict, "segments.builtin_delete")
		return
	}
	if err := c.store.DeleteSegment(r.Context(), sg.ID); err != nil {
		c.fail(w, r, err)
		return
	}
	http.Redirect(w, r, "/segments", http.StatusSeeOther)
}

// treeConfig is what the nested rule builder needs, as JSON: the fields
// and operators it offers and its labels in the page's language.
func treeConfig(l lang) string {
	fields := builderFields()
	labels := make([]string, len(fields))
	for i, f := range fields {
		labels[i] = fieldLabel(l, f)
	}
	words := map[string]string{}
	for _, k := range []string{"group", "all", "any", "not", "add_condition", "add_group", "remove", "field", "op", "value"} {
		words[k] = l.T("segments.tree." + k)
	}
	data, _ := json.Marshal(map[string]any{"fields": fields, "field_labels": labels, "ops": builderOps, "labels": words})
	return string(data)
}
