package httpapi

import (
	"context"

	"github.com/rapport-cx/rapport"
	"github.com/rapport-cx/rapport/internal/predict"
)

// PredictionsOutput is a customer's predicted tags, the run that made them
// and how each is made.
type PredictionsOutput struct {
	Body struct {
		Tags    *rapport.PredictedTags `json:"tags"`
		Run     *rapport.ModelRun      `json:"model_run"`
		Methods map[string]string      `json:"methods"`
	}
}

func (h *handlers) predictions(ctx context.Context, in *CustomerIDInput) (*PredictionsOutput, error) {
	if _, err := h.store.Customer(ctx, in.ID); err != nil {
		return nil, h.toHTTP(err)
	}
	tags, err := h.store.PredictedTags(ctx, in.ID)
	if err != nil {
		return nil, h.toHTTP(err)
	}
	run, err := h.store.LatestModelRun(ctx)
	if err != nil {
		return nil, h.toHTTP(err)
	}
	run.Report = nil
	out := &PredictionsOutput{}
	out.Body.Tags, out.Body.Run, out.Body.Methods = tags, run, predict.Methods
	return out, nil
}

// ModelRunOutput is the latest model run with its full report.
type ModelRunOutput struct {
	Body struct {
		Run    *rapport.ModelRun `json:"model_run"`
		Report *predict.Report   `json:"report"`
	}
}

func (h *handlers) latestModelRun(ctx context.Context, _ *struct{}) (*ModelRunOutput, error) {
	run, err := h.store.LatestModelRun(ctx)
	if err != nil {
		return nil, h.toHTTP(err)
	}
	rep, err := predict.DecodeReport(run)
	if err != nil {
		return nil, h.toHTTP(err)
	}
	run.Report = nil
	out := &ModelRunOutput{}
	out.Body.Run, out.Body.Report = run, rep
	return out, nil
}

// ModelRunsInput pages the list of runs.
type ModelRunsInput struct {
	Limit int `query:"limit" minimum:"0" maximum:"500" default:"20" doc:"At most this many runs, newest first"`
}

// ModelRunsOutput lists model runs with their quality figures.
type ModelRunsOutput struct {
	Body struct {
		Runs []rapport.ModelRun `json:"runs"`
	}
}

func (h *handlers) modelRuns(ctx context.Context, in *ModelRunsInput) (*ModelRunsOutput, error) {
	runs, err := h.store.ModelRuns(ctx, in.Limit)
	if err != nil {
		return nil, h.toHTTP(err)
	}
	out := &ModelRunsOutput{}
	out.Body.Runs = runs
	return out, nil
}

// predicted is a customer's predicted tags for the profile, nil when there are none.
func (h *handlers) predicted(ctx context.Context, id string) *rapport.PredictedTags {
	tags, err := h.store.PredictedTags(ctx, id)
	if err != nil {
		return nil
	}
	return tags
}
