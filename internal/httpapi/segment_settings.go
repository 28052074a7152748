package httpapi

import (
	"context"

	"github.com/rapport-cx/rapport/internal/segment"
)

// SegmentSettingsOutput is the lifecycle segments' settings.
type SegmentSettingsOutput struct {
	Body segment.Settings
}

// SegmentSettingsInput replaces the lifecycle settings.
type SegmentSettingsInput struct {
	Body segment.Settings
}

func (h *handlers) getSegmentSettings(ctx context.Context, _ *struct{}) (*SegmentSettingsOutput, error) {
	s, err := segment.LoadSettings(ctx, h.store)
	if err != nil {
		return nil, h.toHTTP(err)
	}
	return &SegmentSettingsOutput{Body: s}, nil
}

func (h *handlers) putSegmentSettings(ctx context.Context, in *SegmentSettingsInput) (*SegmentSettingsOutput, error) {
	if err := h.segmentEngine().SaveSettings(ctx, in.Body); err != nil {
		return nil, h.toHTTP(err)
	}
	return h.getSegmentSettings(ctx, nil)
}
