// Package webhook sends Rapport's notifications to the shop's endpoints in
// the Standard Webhooks format (https://www.standardwebhooks.com): every
// request carries webhook-id, webhook-timestamp and webhook-signature
// (v1,base64 of HMAC-SHA256 over "id.timestamp.body" keyed with the
// endpoint's secret). Notifications are stored first and then delivered by a
// periodic scan, retried with back-off, so none is lost to a restart; a
// receiver drops repeats by webhook-id.
package webhook

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/rapport-cx/rapport"
)

// secretPrefix marks a Standard Webhooks secret.
const secretPrefix = "whsec_"

// NewSecret returns a fresh signing secret: "whsec_" and 24 random bytes in
// base64.
func NewSecret() string {
	key := make([]byte, 24)
	_, _ = rand.Read(key)
	return secretPrefix + base64.StdEncoding.EncodeToString(key)
}

func secretKey(secret string) ([]byte, error) {
	key, err := base64.StdEncoding.DecodeString(strings.TrimPrefix(secret, secretPrefix))
	if err != nil || len(key) == 0 {
		return nil, errors.New("webhook: the secret must be whsec_ followed by base64")
	}
	return key, nil
}

// Sign returns the webhook-signature header of a message.
func Sign(secret, id string, at time.Time, body []byte) (string, error) {
	key, err := secretKey(secret)
	if err != nil {
		return "", err
	}
	mac := hmac.New(sha256.New, key)
	fmt.Fprintf(mac, "%s.%d.", id, at.Unix())
	mac.Write(body)
	return "v1," + base64.StdEncoding.EncodeToString(mac.Sum(nil)), nil
}

// Tolerance is how far a message's timestamp may be from the receiver's
// clock before Verify refuses it as a possible replay.
const Tolerance = 5 * time.Minute

// Verify checks a received message's headers against the secret, as a
// receiver does: one of the space-separated signatures must match and the
// timestamp must be within Tolerance of now.
func Verify(secret string, h http.Header, body []byte, now time.Time) error {
	id, ts := h.Get("webhook-id"), h.Get("webhook-timestamp")
	if id == "" || ts == "" || h.Get("webhook-signature") == "" {
		return errors.New("webhook: missing webhook-id, webhook-timestamp or webhook-signature")
	}
	sec, err := strconv.ParseInt(ts, 10, 64)
	if err != nil {
		return errors.New("webhook: webhook-timestamp is not a number of seconds")
	}
	at := time.Unix(sec, 0)
	if d := now.Sub(at); d > Tolerance || d < -Tolerance {
		return errors.New("webhook: timestamp outside the tolerance")
	}
	want, err := Sign(secret, id, at, body)
	if err != nil {
		return err
	}
	for _, sig := range strings.Fields(h.Get("webhook-signature")) {
		if hmac.Equal([]byte(sig), []byte(want)) {
			return nil
		}
	}
	return errors.New("webhook: no matching signature")
}

// Backoff is the wait before each retry: the Standard Webhooks schedule,
// about 27 hours in all before a delivery is given up.
var Backoff = []time.Duration{5 * time.Second, 5 * time.Minute, 30 * time.Minute,
	2 * time.Hour, 5 * time.Hour, 10 * time.Hour, 10 * time.Hour}

// Envelope is the body of every notification.
type Envelope struct {
	Type      string          `json:"type"`
	Timestamp time.Time       `json:"timestamp"`
	Data      json.RawMessage `json:"data"`
}

// Publisher records notifications for delivery.
type Publisher struct {
	Store rapport.WebhookStore
	Clock rapport.Clock
}

// Notification is one thing to tell the endpoints about.
type Notification struct {
	// ID identifies the notification and becomes its webhook-id ("msg_" +
	// ID): derive it from what caused it, such as "sla-breach-<case>-<target>",
	// and publishing it again adds nothing.
	ID   string
	Type string // the event type endpoints subscribe to, such as sla.breached
	Data any    // the envelope's data, encoded as JSON
}

// Publish stores a notification of type typ with data, due now, for every
// active endpoint that wants it, and returns how many endpoints that is.
func (p Publisher) Publish(ctx context.Context, id, typ string, data any) (int, error) {
	return p.PublishAll(ctx, []Notification{{ID: id, Type: typ, Data: data}})
}

// PublishAll stores many notifications at once, due now, each for every
// active endpoint that wants it: the endpoints are read once and the
// deliveries written in one transaction. It returns how many deliveries
// that makes.
func (p Publisher) PublishAll(ctx context.Context, ns []Notification) (int, error) {
	if len(ns) == 0 {
		return 0, nil
	}
	endpoints, err := p.Store.WebhookEndpoints(ctx)
	if err != nil {
		return 0, err
	}
	now := p.Clock.Now()
	var ds []rapport.WebhookDelivery
	for _, n := range ns {
		var body []byte
		for _, e := range endpoints {
			if !e.Wants(n.Type) {
				continue
			}
			if body == nil {
				if body, err = envelope(n, now); err != nil {
					return 0, err
				}
			}
			ds = append(ds, rapport.WebhookDelivery{ID: "msg_" + n.ID, EndpointID: e.ID, Event: n.Type,
				Payload: string(body), NextAttemptAt: now, CreatedAt: now})
		}
	}
	return len(ds), p.Store.EnqueueWebhooks(ctx, ds)
}

// envelope is a notification's body at now.
func envelope(n Notification, now time.Time) ([]byte, error) {
	raw, err := json.Marshal(n.Data)
	if err != nil {
		return nil, fmt.Errorf("webhook %s: encode data: %w", n.Type, err)
	}
	body, err := json.Marshal(Envelope{Type: n.Type, Timestamp: now.UTC(), Data: raw})
	if err != nil {
		return nil, fmt.Errorf("webhook %s: %w", n.Type, err)
	}
	return body, nil
}

// Sender delivers due notifications.
type Sender struct {
	Store  rapport.WebhookStore
	Client *http.Client // default: 10 s timeout
	Logger *slog.Logger
	// Batch bounds the deliveries read at once; default 200.
	Batch int
}

// lease is how long a claimed delivery stays reserved for its sender.
const lease = 2 * time.Minute

// Deliver sends every delivery due at now and records each outcome; it is
// the periodic scan. A delivery whose endpoint answers 2xx is done; any
// other answer or no answer is retried on the Backoff schedule, and one
// whose endpoint was disabled fails.
func (s *Sender) Deliver(ctx context.Context, now time.Time) error {
	client, batch := s.Client, s.Batch
	if client == nil {
		client = &http.Client{Timeout: 10 * time.Second}
	}
	if batch <= 0 {
		batch = 200
	}
	list, err := s.Store.WebhookEndpoints(ctx)
	if err != nil {
		return err
	}
	endpoints := make(map[int64]*rapport.WebhookEndpoint, len(list))
	for i := range list {
		endpoints[list[i].ID] = &list[i]
	}
	for {
		due, err := s.Store.DueWebhooks(ctx, now, batch)
		if err != nil {
			return err
		}
		claimed := 0
		for _, d := range due {
			ok, err := s.Store.ClaimWebhook(ctx, d.ID, d.EndpointID, d.Attempts, now.Add(lease))
			if err != nil {
				return err
			}
			if !ok {
				continue // another sender has it
			}
			claimed++
			s.attempt(ctx, client, endpoints[d.EndpointID], &d, now)
			if err := s.Store.RecordWebhookAttempt(ctx, &d); err != nil {
				return err
			}
		}
		if len(due) < batch || claimed == 0 {
			return nil
		}
	}
}

// attempt sends d once and sets its outcome.
func (s *Sender) attempt(ctx context.Context, client *http.Client, e *rapport.WebhookEndpoint, d *rapport.WebhookDelivery, now time.Time) {
	d.Attempts++
	if e == nil || !e.Active {
		d.Status, d.LastCode, d.LastError, d.NextAttemptAt = rapport.DeliveryFailed, 0, "endpoint disabled", time.Time{}
		return
	}
	code, err := post(ctx, client, e, d, now)
	d.LastCode = code
	if err == nil {
		d.Status, d.LastError, d.DeliveredAt, d.NextAttemptAt = rapport.DeliveryDelivered, "", now, time.Time{}
		return
	}
	d.LastError = err.Error()
	if d.Attempts <= len(Backoff) {
		d.NextAttemptAt = now.Add(Backoff[d.Attempts-1])
	} else {
		d.Status, d.NextAttemptAt = rapport.DeliveryFailed, time.Time{}
	}
	if s.Logger != nil {
		s.Logger.Warn("webhook delivery failed", "id", d.ID, "endpoint", e.URL,
			"attempt", d.Attempts, "err", err, "retry_at", d.NextAttemptAt)
	}
}

func post(ctx context.Context, client *http.Client, e *rapport.WebhookEndpoint, d *rapport.WebhookDelivery, now time.Time) (int, error) {
	body := []byte(d.Payload)
	sig, err := Sign(e.Secret, d.ID, now, body)
	if err != nil {
		return 0, err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, e.URL, bytes.NewReader(body))
	if err != nil {
		return 0, err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "Rapport-Webhooks/1")
	req.Header.Set("webhook-id", d.ID)
	req.Header.Set("webhook-timestamp", strconv.FormatInt(now.Unix(), 10))
	req.Header.Set("webhook-signature", sig)
	resp, err := client.Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return resp.StatusCode, fmt.Errorf("endpoint answered %s", resp.Status)
	}
	return resp.StatusCode, nil
}

// CheckURL validates an endpoint URL: absolute http or https.
func CheckURL(raw string) error {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return rapport.FieldErrorf("url", "must be an absolute http:// or https:// URL")
	}
	return nil
}

// CreateEndpoint validates and stores a new endpoint with a fresh secret.
// Errors name the field: url or types.
func CreateEndpoint(ctx context.Context, st rapport.WebhookStore, rawURL string, types []string, now time.Time) (*rapport.WebhookEndpoint, error) {
	if err := CheckURL(rawURL); err != nil {
		return nil, err
	}
	if len(types) > 50 {
		return nil, rapport.FieldErrorf("types", "at most 50 types")
	}
	clean := make([]string, 0, len(types))
	for i, t := range types {
		t = strings.TrimSpace(t)
		if t == "" || len(t) > 100 || strings.ContainsAny(t, ", ") {
			return nil, rapport.FieldErrorf(fmt.Sprintf("types[%d]", i), "must be a notification type such as sla.breached (no spaces or commas)")
		}
		clean = append(clean, t)
	}
	e := &rapport.WebhookEndpoint{URL: rawURL, Events: clean, Secret: NewSecret(), Active: true, CreatedAt: now}
	if err := st.CreateWebhookEndpoint(ctx, e); err != nil {
		return nil, err
	}
	return e, nil
}
