package httpapi

import (
	"context"
	"net/http"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"github.com/rapport-cx/rapport"
	"github.com/rapport-cx/rapport/internal/insight"
)

// insightRoutes registers satisfaction, pain-point and action-item operations.
func insightRoutes(api huma.API, h *handlers) {
	get(api, "get-satisfaction", "/api/v1/satisfaction", rapport.ScopeRead,
		"CSAT, NPS, CES and review scores with 95% intervals, breakdowns, a trend and the driver analysis", h.satisfaction)
	get(api, "list-pain-points", "/api/v1/pain-points", rapport.ScopeRead, "Pain points ranked by frequency × severity, with quotes", h.painPoints)
	get(api, "get-voice", "/api/v1/voice", rapport.ScopeRead,
		"Voice of customer: sentiment per month, aspects with their evidence quotes, and each aspect's keywords", h.voice)
	get(api, "list-action-items", "/api/v1/action-items", rapport.ScopeRead, "Action items, due first", h.listActions)
	op(api, http.MethodPost, "create-action-item", "/api/v1/action-items", rapport.ScopeWrite,
		"Turn a pain point into an action item (owner and due date by S1's rule unless given)", h.createAction)
	get(api, "get-action-item", "/api/v1/action-items/{id}", rapport.ScopeRead, "One action item with its metric before and after the change", h.getAction)
	op(api, http.MethodPatch, "update-action-item", "/api/v1/action-items/{id}", rapport.ScopeWrite, "Change an action item's status, owner or dates", h.updateAction)
}

// facts loads the feedback of the last days, or of the days up to the
// latest feedback when there is none in them.
func (h *handlers) facts(ctx context.Context, days int) (*insight.Facts, error) {
	if days <= 0 {
		days = 365
	}
	return h.insights.Load(ctx, h.clock.Now(), days)
}

// SatisfactionInput chooses the window, the trend and the driver analysis.
type SatisfactionInput struct {
	Days  int    `query:"days" minimum:"0" maximum:"3660" doc:"Window in days (default 365)"`
	Kind  string `query:"kind" enum:"csat,nps,ces,rating," doc:"Score of the trend and the drivers (default nps)"`
	Grain string `query:"grain" enum:"week,month,quarter," doc:"Trend period (default month)"`
}

// SatisfactionOutput is the satisfaction dashboard as data.
type SatisfactionOutput struct {
	Body struct {
		From       time.Time                  `json:"from"`
		To         time.Time                  `json:"to"`
		Anchored   bool                       `json:"anchored" doc:"No feedback in the window ending now: it ends at the latest feedback instead"`
		Overall    insight.Group              `json:"overall"`
		Breakdowns map[string][]insight.Group `json:"breakdowns"`
		Trend      []insight.TrendPoint       `json:"trend"`
		Drivers    *insight.DriverResult      `json:"drivers,omitempty"`
		DriverNote string                     `json:"driver_note,omitempty"`
	}
}

func (h *handlers) satisfaction(ctx context.Context, in *SatisfactionInput) (*SatisfactionOutput, error) {
	f, err := h.facts(ctx, in.Days)
	if err != nil {
		return nil, h.toHTTP(err)
	}
	kind, grain := in.Kind, in.Grain
	if kind == "" {
		kind = insight.KindNPS
	}
	if grain == "" {
		grain = "month"
	}
	out := &SatisfactionOutput{}
	b := &out.Body
	b.From, b.To, b.Anchored, b.Overall, b.Breakdowns = f.From, f.To, f.Anchored, insight.Score(f.Feedback), map[string][]insight.Group{}
	for _, dim := range insight.Dimensions {
		b.Breakdowns[dim] = insight.Breakdown(f.Feedback, dim)
	}
	b.Trend = insight.Trend(f.Feedback, kind, grain)
	if b.Drivers, err = insight.Drivers(f.Feedback, kind); err != nil {
		b.Drivers, b.DriverNote = nil, err.Error()
	}
	return out, nil
}

// DaysInput is a window in days.
type DaysInput struct {
	Days int `query:"days" minimum:"0" maximum:"3660" doc:"Window in days (default 365)"`
}

// Window is the period an analysis covers.
type Window struct {
	From     time.Time `json:"from"`
	To       time.Time `json:"to"`
	Anchored bool      `json:"anchored" doc:"No feedback in the window ending now: it ends at the latest feedback instead"`
}

func windowOf(f *insight.Facts) Window { return Window{From: f.From, To: f.To, Anchored: f.Anchored} }

// PainPointsOutput lists pain points.
type PainPointsOutput struct {
	Body struct {
		Window
		PainPoints []insight.PainPoint `json:"pain_points"`
		Ranking    string              `json:"ranking"`
	}
}

func (h *handlers) painPoints(ctx context.Context, in *DaysInput) (*PainPointsOutput, error) {
	f, err := h.facts(ctx, in.Days)
	if err != nil {
		return nil, h.toHTTP(err)
	}
	out := &PainPointsOutput{}
	out.Body.Window = windowOf(f)
	out.Body.PainPoints = insight.PainPoints(f, h.analyzer)
	out.Body.Ranking = "priority = frequency (share of all negative mentions) × severity (mean badness 0–1 of the negative mentions)"
	return out, nil
}

// VoiceOutput is the voice of customer of a window.
type VoiceOutput struct {
	Body struct {
		Window
		insight.Voice
	}
}

func (h *handlers) voice(ctx context.Context, in *DaysInput) (*VoiceOutput, error) {
	f, err := h.facts(ctx, in.Days)
	if err != nil {
		return nil, h.toHTTP(err)
	}
	out := &VoiceOutput{}
	out.Body.Window, out.Body.Voice = windowOf(f), *insight.VoiceOf(f, h.analyzer)
	return out, nil
}

// ActionItemsOutput lists action items.
type ActionItemsOutput struct {
	Body struct {
		ActionItems []ActionItemView `json:"action_items"`
	}
}

// ActionItemView is an action item with whether it is overdue now.
type ActionItemView struct {
	rapport.ActionItem
	Overdue bool                 `json:"overdue"`
	Compare *insight.BeforeAfter `json:"before_after,omitempty"`
}

func (h *handlers) listActions(ctx context.Context, _ *struct{}) (*ActionItemsOutput, error) {
	items, err := h.store.ActionItems(ctx)
	if err != nil {
		return nil, h.toHTTP(err)
	}
	out := &ActionItemsOutput{}
	out.Body.ActionItems = []ActionItemView{}
	for _, a := range items {
		out.Body.ActionItems = append(out.Body.ActionItems, ActionItemView{ActionItem: a, Overdue: insight.Overdue(&a, h.clock.Now())})
	}
	return out, nil
}

// CreateActionInput names the pain point and, optionally, overrides the rule.
type CreateActionInput struct {
	Body struct {
		Aspect string    `json:"aspect" minLength:"1" doc:"The pain point's aspect, e.g. delivery"`
		Title  string    `json:"title,omitempty" maxLength:"200"`
		Metric string    `json:"metric,omitempty" enum:"csat,nps,ces,rating,negative_mentions," doc:"Linked metric (default negative_mentions)"`
		Owner  string    `json:"owner,omitempty" doc:"Owner team; default by S1's rule"`
		DueAt  time.Time `json:"due_at,omitzero" doc:"Due date; default by S1's rule"`
	}
}

// ActionItemOutput is one action item.
type ActionItemOutput struct {
	Body ActionItemView
}

func (h *handlers) createAction(ctx context.Context, in *CreateActionInput) (*ActionItemOutput, error) {
	f, err := h.facts(ctx, 365)
	if err != nil {
		return nil, h.toHTTP(err)
	}
	for _, p := range insight.PainPoints(f, h.analyzer) {
		if p.Aspect != in.Body.Aspect {
			continue
		}
		a, err := insight.NewActionItem(p, in.Body.Title, in.Body.Metric, h.clock.Now())
		if err != nil {
			return nil, h.toHTTP(err)
		}
		if in.Body.Owner != "" || !in.Body.DueAt.IsZero() {
			a.Rule = "manual"
			if in.Body.Owner != "" {
				a.Owner = in.Body.Owner
			}
			if !in.Body.DueAt.IsZero() {
				a.DueAt = in.Body.DueAt
			}
		}
		if err := insight.ValidateAction(a); err != nil {
			return nil, h.toHTTP(err)
		}
		if err := h.store.CreateActionItem(ctx, a); err != nil {
			return nil, h.toHTTP(err)
		}
		return &ActionItemOutput{Body: ActionItemView{ActionItem: *a, Overdue: insight.Overdue(a, h.clock.Now())}}, nil
	}
	return nil, h.toHTTP(rapport.FieldErrorf("aspect", "no pain point %q in the last 365 days", in.Body.Aspect))
}

func (h *handlers) getAction(ctx context.Context, in *IDInput) (*ActionItemOutput, error) {
	a, err := h.store.ActionItem(ctx, in.ID)
	if err != nil {
		return nil, h.toHTTP(err)
	}
	v := ActionItemView{ActionItem: *a, Overdue: insight.Overdue(a, h.clock.Now())}
	if !a.ChangedAt.IsZero() {
		f, err := h.facts(ctx, 365)
		if err != nil {
			return nil, h.toHTTP(err)
		}
		if v.Compare, err = insight.Compare(f, a, h.analyzer, 30); err != nil {
			return nil, h.toHTTP(err)
		}
	}
	return &ActionItemOutput{Body: v}, nil
}

// UpdateActionInput changes an action item; empty fields keep their value.
type UpdateActionInput struct {
	ID   int64 `path:"id" minimum:"1"`
	Body struct {
		Status    string    `json:"status,omitempty" enum:"open,in_progress,done,"`
		Owner     string    `json:"owner,omitempty"`
		DueAt     time.Time `json:"due_at,omitzero"`
		ChangedAt time.Time `json:"changed_at,omitzero" doc:"When the fix shipped; the metric is compared before and after"`
		Note      string    `json:"note,omitempty" maxLength:"2000"`
	}
}

func (h *handlers) updateAction(ctx context.Context, in *UpdateActionInput) (*ActionItemOutput, error) {
	a, err := h.store.ActionItem(ctx, in.ID)
	if err != nil {
		return nil, h.toHTTP(err)
	}
	b := in.Body
	if b.Status != "" {
		a.Status = b.Status
	}
	if b.Owner != "" {
		a.Owner = b.Owner
	}
	if !b.DueAt.IsZero() {
		a.DueAt = b.DueAt
	}
	if !b.ChangedAt.IsZero() {
		a.ChangedAt = b.ChangedAt
	}
	if b.Note != "" {
		a.Note = b.Note
	}
	if err := insight.ValidateAction(a); err != nil {
		return nil, h.toHTTP(err)
	}
	if err := h.store.UpdateActionItem(ctx, a); err != nil {
		return nil, h.toHTTP(err)
	}
	return &ActionItemOutput{Body: ActionItemView{ActionItem: *a, Overdue: insight.Overdue(a, h.clock.Now())}}, nil
}
