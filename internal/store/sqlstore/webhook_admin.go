package sqlstore

import "context"

// DisableWebhookEndpoint makes an endpoint inactive.
func (s *Store) DisableWebhookEndpoint(ctx context.Context, id int64) error {
	return s.update(ctx, "webhook endpoint", id, "UPDATE webhook_endpoints SET active = 0 WHERE id = ?", id)
}
