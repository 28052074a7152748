package service

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/rapport-cx/rapport"
)

// Sign returns the Standard Webhooks signature header value of a message:
// "v1," + base64(HMAC-SHA256(key, id + "." + timestamp + "." + body)),
// where key is the secret without its "whsec_" prefix, base64-decoded.
func Sign(secret, id string, timestamp time.Time, body []byte) (string, error) {
	key, err := base64.StdEncoding.DecodeString(strings.TrimPrefix(secret, "whsec_"))
	if err != nil {
		return "", fmt.Errorf("webhook secret: %w", err)
	}
	mac := hmac.New(sha256.New, key)
	fmt.Fprintf(mac, "%s.%d.", id, timestamp.Unix())
	mac.Write(body)
	return "v1," + base64.StdEncoding.EncodeToString(mac.Sum(nil)), nil
}

// NewSecret returns a fresh endpoint secret, "whsec_" + 24 random bytes in base64.
func NewSecret() string {
	b := make([]byte, 24)
	_, _ = rand.Read(b)
	return "whsec_" + base64.StdEncoding.EncodeToString(b)
}

// AddEndpoint registers a webhook endpoint with a new secret, which it
// returns (shown once).
func (s *Service) AddEndpoint(ctx context.Context, rawURL string, events []string) (*rapport.WebhookEndpoint, error) {
	u, err := url.Parse(rawURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, rapport.FieldErrorf("url", "%q is not an http(s) URL", rawURL)
	}
	w := &rapport.WebhookEndpoint{URL: rawURL, Secret: NewSecret(), Events: events, Active: true, CreatedAt: s.clock.Now()}
	return w, s.store.CreateWebhookEndpoint(ctx, w)
}

// Backoff is the wait before each retry of a failed delivery (the
// Standard Webhooks schedule); after the last the delivery has failed.
var Backoff = []time.Duration{5 * time.Second, 5 * time.Minute, 30 * time.Minute, 2 * time.Hour, 5 * time.Hour, 10 * time.Hour, 10 * time.Hour}

// claimFor is how long a sender holds a delivery it is sending.
const claimFor = time.Minute

// Sender posts webhook deliveries.
type Sender struct {
	svc    *Service
	client *http.Client
}

// Sender returns the webhook sender using client (nil: a 10-second timeout client).
func (s *Service) Sender(client *http.Client) *Sender {
	if client == nil {
		client = &http.Client{Timeout: 10 * time.Second}
	}
	return &Sender{svc: s, client: client}
}

// DeliverWebhooks sends every pending delivery due at now, once per
// attempt even with several nodes, and schedules retries with back-off.
// It is a jobs.Periodic scan.
func (d *Sender) DeliverWebhooks(ctx context.Context, now time.Time) error {
	st := d.svc.store
	due, err := st.DueWebhooks(ctx, now, 200)
	if err != nil || len(due) == 0 {
		return err
	}
	endpoints, err := st.WebhookEndpoints(ctx)
	if err != nil {
		return err
	}
	byID := map[int64]rapport.WebhookEndpoint{}
	for _, ep := range endpoints {
		byID[ep.ID] = ep
	}
	for i := range due {
		del := &due[i]
		ok, err := st.ClaimWebhook(ctx, del.ID, del.EndpointID, del.Attempts, now.Add(claimFor))
		if err != nil {
			return err
		}
		if !ok {
			continue
		}
		code, sendErr := d.send(ctx, byID[del.EndpointID], del, now)
		record(del, code, sendErr, now)
		if err := st.RecordWebhookAttempt(ctx, del); err != nil {
			return err
		}
	}
	return nil
}

// record applies an attempt's outcome to a delivery.
func record(del *rapport.WebhookDelivery, code int, err error, now time.Time) {
	del.Attempts++
	del.LastCode = code
	if err == nil && code >= 200 && code < 300 {
		del.Status, del.DeliveredAt, del.LastError, del.NextAttemptAt = rapport.DeliveryDelivered, now, "", time.Time{}
		return
	}
	if err != nil {
		del.LastError = err.Error()
	} else {
		del.LastError = "HTTP " + strconv.Itoa(code)
	}
	if del.Attempts > len(Backoff) {
		del.Status, del.NextAttemptAt = rapport.DeliveryFailed, time.Time{}
		return
	}
	del.NextAttemptAt = now.Add(Backoff[del.Attempts-1])
}

func (d *Sender) send(ctx context.Context, ep rapport.WebhookEndpoint, del *rapport.WebhookDelivery, now time.Time) (int, error) {
	if ep.ID == 0 || !ep.Active {
		return 0, fmt.Errorf("endpoint %d is gone or inactive", del.EndpointID)
	}
	body := []byte(del.Payload)
	sig, err := Sign(ep.Secret, del.ID, now, body)
	if err != nil {
		return 0, err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, ep.URL, bytes.NewReader(body))
	if err != nil {
		return 0, err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("webhook-id", del.ID)
	req.Header.Set("webhook-timestamp", strconv.FormatInt(now.Unix(), 10))
	req.Header.Set("webhook-signature", sig)
	resp, err := d.client.Do(req)
	if err != nil {
		return 0, err
	}
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	_ = resp.Body.Close()
	return resp.StatusCode, nil
}
