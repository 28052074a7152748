package httpapi

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/rapport-cx/rapport"
	"github.com/rapport-cx/rapport/internal/predict"
	"github.com/rapport-cx/rapport/internal/segment"
)

// SegmentView is a segment as the API shows it: its definition, the rule
// in words and its current size.
type SegmentView struct {
	rapport.Segment
	Definition string `json:"definition" doc:"The rule in English words"`
	Size       int    `json:"size" doc:"Members now"`
}

// SegmentsOutput lists every segment.
type SegmentsOutput struct {
	Body struct {
		Segments   []SegmentView `json:"segments"`
		Precedence []string      `json:"lifecycle_precedence" doc:"Lifecycle segments in primary-stage order"`
	}
}

// segmentEngine evaluates rules for previews and saves, predicted tags
// included.
func (h *handlers) segmentEngine() *segment.Engine {
	return segment.NewEngine(segment.Config{Store: h.store, Clock: h.clock, Logger: h.log,
		Tags: predict.NewTagSource(h.store)})
}

func (h *handlers) listSegments(ctx context.Context, _ *struct{}) (*SegmentsOutput, error) {
	list, err := h.store.Segments(ctx)
	if err != nil {
		return nil, h.toHTTP(err)
	}
	sizes, err := h.store.SegmentSizes(ctx)
	if err != nil {
		return nil, h.toHTTP(err)
	}
	out := &SegmentsOutput{}
	out.Body.Segments = []SegmentView{}
	for _, sg := range list {
		out.Body.Segments = append(out.Body.Segments, view(sg, sizes[sg.ID]))
	}
	out.Body.Precedence = segment.Precedence
	return out, nil
}

func view(sg rapport.Segment, size int) SegmentView {
	return SegmentView{Segment: sg, Definition: segment.DescribeJSON(sg.Rule, "en"), Size: size}
}

// SegmentIDInput names one segment.
type SegmentIDInput struct {
	ID string `path:"id" minLength:"1" maxLength:"64" doc:"Segment id, e.g. new, churn_risk or a custom one"`
}

// SegmentOutput is one segment with its size over time.
type SegmentOutput struct {
	Body struct {
		SegmentView
		Sizes []rapport.SegmentSize `json:"sizes" doc:"Daily sizes of the last 90 days, oldest first"`
	}
}

func (h *handlers) getSegment(ctx context.Context, in *SegmentIDInput) (*SegmentOutput, error) {
	sg, err := h.store.Segment(ctx, in.ID)
	if err != nil {
		return nil, h.toHTTP(err)
	}
	sizes, err := h.store.SegmentSizes(ctx)
	if err != nil {
		return nil, h.toHTTP(err)
	}
	from := h.clock.Now().UTC().AddDate(0, 0, -90).Format(time.DateOnly)
	hist, err := h.store.SegmentSizeHistory(ctx, in.ID, from)
	if err != nil {
		return nil, h.toHTTP(err)
	}
	out := &SegmentOutput{}
	out.Body.SegmentView, out.Body.Sizes = view(*sg, sizes[sg.ID]), hist
	return out, nil
}

// SegmentBody is what a client sends to create or edit a segment.
type SegmentBody struct {
	Name        string         `json:"name" minLength:"1" maxLength:"100"`
	Description string         `json:"description,omitempty" maxLength:"500"`
	Rule        map[string]any `json:"rule" doc:"Condition tree: all / any / not, field and event conditions (docs/segments.md)"`
}

// CreateSegmentInput creates a custom segment.
type CreateSegmentInput struct {
	Body struct {
		ID string `json:"id" minLength:"1" maxLength:"64" doc:"Lowercase letters, digits, _ and -"`
		SegmentBody
	}
}

// UpdateSegmentInput edits a segment's name, description and rule.
type UpdateSegmentInput struct {
	ID   string `path:"id" minLength:"1" maxLength:"64"`
	Body SegmentBody
}

// checkedRule validates a rule from a request and returns it as stored JSON.
func checkedRule(rule map[string]any) (json.RawMessage, error) {
	if rule == nil {
		return nil, rapport.FieldErrorf("rule", "is required")
	}
	data, err := json.Marshal(rule)
	if err != nil {
		return nil, rapport.FieldErrorf("rule", "is not JSON")
	}
	if _, err := segment.CompileJSON(data); err != nil {
		return nil, err
	}
	parsed, _ := segment.Parse(data)
	return parsed.JSON(), nil
}

func (h *handlers) createSegment(ctx context.Context, in *CreateSegmentInput) (*SegmentOutput, error) {
	if err := segment.ValidID(in.Body.ID); err != nil {
		return nil, h.toHTTP(err)
	}
	rule, err := checkedRule(in.Body.Rule)
	if err != nil {
		return nil, h.toHTTP(err)
	}
	now := h.clock.Now()
	sg := &rapport.Segment{ID: in.Body.ID, Name: in.Body.Name, Description: in.Body.Description, Rule: rule, CreatedAt: now, UpdatedAt: now}
	if err := h.store.CreateSegment(ctx, sg); err != nil {
		return nil, h.toHTTP(err)
	}
	return h.afterWrite(ctx, sg.ID)
}

func (h *handlers) updateSegment(ctx context.Context, in *UpdateSegmentInput) (*SegmentOutput, error) {
	rule, err := checkedRule(in.Body.Rule)
	if err != nil {
		return nil, h.toHTTP(err)
	}
	sg := &rapport.Segment{ID: in.ID, Name: in.Body.Name, Description: in.Body.Description, Rule: rule, UpdatedAt: h.clock.Now()}
	if err := h.store.UpdateSegment(ctx, sg); err != nil {
		return nil, h.toHTTP(err)
	}
	return h.afterWrite(ctx, sg.ID)
}

// afterWrite re-evaluates everyone for the segment just saved and returns it.
func (h *handlers) afterWrite(ctx context.Context, id string) (*SegmentOutput, error) {
	if err := h.segmentEngine().Rescan(ctx, h.clock.Now(), id); err != nil {
		return nil, h.toHTTP(err)
	}
	return h.getSegment(ctx, &SegmentIDInput{ID: id})
}

func (h *handlers) deleteSegment(ctx context.Context, in *SegmentIDInput) (*struct{}, error) {
	sg, err := h.store.Segment(ctx, in.ID)
	if err != nil {
		return nil, h.toHTTP(err)
	}
	if sg.Builtin {
		return nil, h.toHTTP(&rapport.Error{Code: rapport.ECONFLICT, Field: "id",
			Message: "a lifecycle segment cannot be deleted; edit its rule instead"})
	}
	if err := h.store.DeleteSegment(ctx, in.ID); err != nil {
		return nil, h.toHTTP(err)
	}
	return nil, nil
}

// SegmentMembersInput pages through a segment's members.
type SegmentMembersInput struct {
	ID     string `path:"id" minLength:"1" maxLength:"64"`
	Offset int    `query:"offset" minimum:"0"`
	Limit  int    `query:"limit" minimum:"0" maximum:"1000" default:"50"`
}

// SegmentMembersOutput is a page of members, newest entries first.
type SegmentMembersOutput struct {
	Body struct {
		Total   int                     `json:"total"`
		Members []rapport.SegmentMember `json:"members"`
	}
}

func (h *handlers) segmentMembers(ctx context.Context, in *SegmentMembersInput) (*SegmentMembersOutput, error) {
	if _, err := h.store.Segment(ctx, in.ID); err != nil {
		return nil, h.toHTTP(err)
	}
	list, total, err := h.store.SegmentMembers(ctx, in.ID, in.Offset, in.Limit)
	if err != nil {
		return nil, h.toHTTP(err)
	}
	out := &SegmentMembersOutput{}
	out.Body.Total, out.Body.Members = total, list
	return out, nil
}

// CSVOutput is a CSV file download.
type CSVOutput struct {
	ContentType        string `header:"Content-Type"`
	ContentDisposition string `header:"Content-Disposition"`
	Body               []byte
}

func (h *handlers) segmentMembersCSV(ctx context.Context, in *SegmentIDInput) (*CSVOutput, error) {
	if _, err := h.store.Segment(ctx, in.ID); err != nil {
		return nil, h.toHTTP(err)
	}
	data, err := segment.MembersCSV(ctx, h.store, in.ID)
	if err != nil {
		return nil, h.toHTTP(err)
	}
	return &CSVOutput{ContentType: "text/csv; charset=utf-8",
		ContentDisposition: fmt.Sprintf(`attachment; filename="segment-%s.csv"`, in.ID), Body: data}, nil
}

// CustomerSegmentsOutput is the segments a customer is in, their primary
// lifecycle stage and their recent entries and exits.
type CustomerSegmentsOutput struct {
	Body struct {
		CustomerID   string                      `json:"customer_id"`
		PrimaryStage string                      `json:"primary_stage" doc:"First lifecycle segment by precedence, empty when in none"`
		Segments     []rapport.SegmentMembership `json:"segments"`
		History      []rapport.SegmentChange     `json:"history" doc:"Entries and exits, newest first (up to 100)"`
	}
}

func (h *handlers) customerSegments(ctx context.Context, in *CustomerIDInput) (*CustomerSegmentsOutput, error) {
	c, err := h.store.Customer(ctx, in.ID)
	if err != nil {
		return nil, h.toHTTP(err)
	}
	list, err := h.store.CustomerSegments(ctx, c.ID)
	if err != nil {
		return nil, h.toHTTP(err)
	}
	hist, err := h.store.SegmentHistory(ctx, c.ID, 100)
	if err != nil {
		return nil, h.toHTTP(err)
	}
	ids := make([]string, len(list))
	for i, m := range list {
		ids[i] = m.SegmentID
	}
	out := &CustomerSegmentsOutput{}
	out.Body.CustomerID, out.Body.PrimaryStage = c.ID, segment.Primary(ids)
	out.Body.Segments, out.Body.History = list, hist
	return out, nil
}

// PreviewInput is an unsaved rule to count.
type PreviewInput struct {
	Body struct {
		Rule map[string]any `json:"rule"`
	}
}

// PreviewOutput is how many customers a rule would hold now.
type PreviewOutput struct {
	Body struct {
		Count  int      `json:"count"`
		Sample []string `json:"sample" doc:"Up to 10 matching customer ids"`
	}
}

func (h *handlers) previewSegment(ctx context.Context, in *PreviewInput) (*PreviewOutput, error) {
	rule, err := checkedRule(in.Body.Rule)
	if err != nil {
		return nil, h.toHTTP(err)
	}
	n, sample, err := h.segmentEngine().Preview(ctx, rule, 10)
	if err != nil {
		return nil, h.toHTTP(err)
	}
	out := &PreviewOutput{}
	out.Body.Count, out.Body.Sample = n, sample
	return out, nil
}
