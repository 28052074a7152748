package httpapi

import (
	"context"

	"github.com/rapport-cx/rapport"
)

// OverviewOutput is the shop's KPIs with the definition of each figure.
type OverviewOutput struct {
	Body struct {
		*rapport.Overview
		Definitions map[string]string `json:"definitions"`
	}
}

func (h *handlers) overview(ctx context.Context, _ *struct{}) (*OverviewOutput, error) {
	ov, err := h.store.Overview(ctx, h.clock.Now())
	if err != nil {
		return nil, h.toHTTP(err)
	}
	out := &OverviewOutput{}
	out.Body.Overview, out.Body.Definitions = ov, rapport.Definitions
	return out, nil
}

// CountsOutput holds the sizes of the main tables.
type CountsOutput struct {
	Body rapport.Counts
}

func (h *handlers) counts(ctx context.Context, _ *struct{}) (*CountsOutput, error) {
	c, err := h.store.Counts(ctx)
	if err != nil {
		return nil, h.toHTTP(err)
	}
	return &CountsOutput{Body: c}, nil
}
