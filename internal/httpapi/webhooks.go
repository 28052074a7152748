package httpapi

import "context"

func (h *handlers) disableWebhook(ctx context.Context, in *IDInput) (*struct{}, error) {
	if err := h.store.DisableWebhookEndpoint(ctx, in.ID); err != nil {
		return nil, h.toHTTP(err)
	}
	return nil, nil
}
