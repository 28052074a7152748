package webhook_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/rapport-cx/rapport"
	"github.com/rapport-cx/rapport/internal/store"
	"github.com/rapport-cx/rapport/internal/store/pgtest"
	"github.com/rapport-cx/rapport/internal/webhook"
)

// The reference example of the Standard Webhooks specification.
const (
	specSecret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
	specID     = "msg_p5jXN8AQM9LWM0D4loKWxJek"
	specBody   = `{"test": 2432232314}`
	specSig    = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="
)

var specTime = time.Unix(1614265330, 0)

func TestSignMatchesTheSpecification(t *testing.T) {
	got, err := webhook.Sign(specSecret, specID, specTime, []byte(specBody))
	if err != nil || got != specSig {
		t.Fatalf("Sign = %q, %v; want %q", got, err, specSig)
	}
	if _, err := webhook.Sign("whsec_???", specID, specTime, nil); err == nil {
		t.Fatal("a secret that is not base64 must be refused")
	}
}

func TestVerify(t *testing.T) {
	headers := func(sig, ts string) http.Header {
		h := http.Header{}
		h.Set("webhook-id", specID)
		h.Set("webhook-timestamp", ts)
		h.Set("webhook-signature", sig)
		return h
	}
	ts := strconv.FormatInt(specTime.Unix(), 10)
	for _, tc := range []struct {
		name string
		h    http.Header
		body string
		now  time.Time
		ok   bool
	}{
		{"valid", headers(specSig, ts), specBody, specTime, true},
		{"one of several signatures", headers("v1,bm90IGl0 "+specSig, ts), specBody, specTime.Add(time.Minute), true},
		{"body changed", headers(specSig, ts), `{"test": 2432232315}`, specTime, false},
		{"timestamp changed", headers(specSig, strconv.FormatInt(specTime.Unix()+1, 10)), specBody, specTime, false},
		{"too old", headers(specSig, ts), specBody, specTime.Add(webhook.Tolerance + time.Second), false},
		{"from the future", headers(specSig, ts), specBody, specTime.Add(-webhook.Tolerance - time.Second), false},
		{"no signature", headers("", ts), specBody, specTime, false},
	} {
		err := webhook.Verify(specSecret, tc.h, []byte(tc.body), tc.now)
		if (err == nil) != tc.ok {
			t.Errorf("%s: Verify = %v, want ok=%v", tc.name, err, tc.ok)
		}
	}
}

func TestNewSecretSignsAndVerifies(t *testing.T) {
	a, b := webhook.NewSecret(), webhook.NewSecret()
	if a == b || !strings.HasPrefix(a, "whsec_") {
		t.Fatalf("secrets %q %q", a, b)
	}
	sig, err := webhook.Sign(a, "msg_1", specTime, []byte("x"))
	if err != nil {
		t.Fatal(err)
	}
	h := http.Header{"Webhook-Id": {"msg_1"}, "Webhook-Timestamp": {strconv.FormatInt(specTime.Unix(), 10)}, "Webhook-Signature": {sig}}
	if err := webhook.Verify(a, h, []byte("x"), specTime); err != nil {
		t.Fatal(err)
	}
	if err := webhook.Verify(b, h, []byte("x"), specTime); err == nil {
		t.Fatal("another secret must not verify")
	}
}

// receiver is an endpoint that fails its first answers, then accepts,
// verifying every request it gets.
type receiver struct {
	mu       sync.Mutex
	secret   string
	failures int
	got      []http.Header
	bodies   []string
	bad      []error
}

func (r *receiver) ServeHTTP(w http.ResponseWriter, req *http.Request) {
	body, _ := io.ReadAll(req.Body)
	r.mu.Lock()
	defer r.mu.Unlock()
	ts, _ := strconv.ParseInt(req.Header.Get("webhook-timestamp"), 10, 64)
	if err := webhook.Verify(r.secret, req.Header, body, time.Unix(ts, 0)); err != nil {
		r.bad = append(r.bad, err)
	}
	r.got = append(r.got, req.Header.Clone())
	r.bodies = append(r.bodies, string(body))
	if r.failures > 0 {
		r.failures--
		http.Error(w, "busy", http.StatusServiceUnavailable)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

func TestDeliveryRetriesUntilAcceptedAndSurvivesRestart(t *testing.T) {
	for name, dsn := range map[string]string{
		"sqlite":   filepath.Join(t.TempDir(), "rapport.db"),
		"postgres": pgtest.FreshSchema(t),
	} {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			open := func() rapport.Store {
				st, err := store.Open(ctx, dsn, true)
				if err != nil {
					t.Fatal(err)
				}
				return st
			}
			st := open()
			var secret string
			rec := &receiver{failures: 2}
			srv := httptest.NewServer(rec)
			defer srv.Close()
			t0 := time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)
			e, err := webhook.CreateEndpoint(ctx, st, srv.URL, []string{"sla.breached"}, t0)
			if err != nil || e.Secret == "" {
				t.Fatal(err)
			}
			secret = e.Secret
			rec.mu.Lock()
			rec.secret = secret
			rec.mu.Unlock()
			pub := webhook.Publisher{Store: st, Clock: &rapport.FixedClock{T: t0}}
			if n, err := pub.Publish(ctx, "sla-breach-42", "sla.breached", map[string]any{"case": 42}); err != nil || n != 1 {
				t.Fatalf("Publish: %d %v", n, err)
			}
			if _, err := pub.Publish(ctx, "sla-breach-42", "sla.breached", map[string]any{"case": 42}); err != nil {
				t.Fatalf("publishing the same notification again: %v", err)
			}
			if n, _ := pub.Publish(ctx, "follow-up-7", "followup.sent", nil); n != 0 {
				t.Fatalf("a type the endpoint does not take made %d deliveries", n)
			}
			if ds, _ := st.WebhookDeliveries(ctx, 10); len(ds) != 1 {
				t.Fatalf("%d deliveries stored, want the one notification once", len(ds))
			}

			send := func(st rapport.Store, at time.Time) {
				t.Helper()
				if err := (&webhook.Sender{Store: st}).Deliver(ctx, at); err != nil {
					t.Fatal(err)
				}
			}
			send(st, t0)                    // 503
			send(st, t0.Add(time.Second))   // not due yet
			send(st, t0.Add(5*time.Second)) // 503 again
			// Restart between attempts: the delivery is in the database.
			if err := st.Close(); err != nil {
				t.Fatal(err)
			}
			st = open()
			defer st.Close()
			send(st, t0.Add(5*time.Second+4*time.Minute)) // not due (5 min back-off)
			send(st, t0.Add(5*time.Second+5*time.Minute)) // accepted
			send(st, t0.Add(48*time.Hour))                // nothing left

			rec.mu.Lock()
			defer rec.mu.Unlock()
			if len(rec.bad) > 0 {
				t.Fatalf("the receiver could not verify: %v", rec.bad)
			}
			if len(rec.got) != 3 {
				t.Fatalf("the endpoint got %d requests, want 3", len(rec.got))
			}
			for i, h := range rec.got {
				if h.Get("webhook-id") != "msg_sla-breach-42" {
					t.Fatalf("request %d has webhook-id %q: every attempt carries the same id", i, h.Get("webhook-id"))
				}
			}
			var env webhook.Envelope
			if err := json.Unmarshal([]byte(rec.bodies[2]), &env); err != nil || env.Type != "sla.breached" ||
				string(env.Data) != `{"case":42}` || !env.Timestamp.Equal(t0) {
				t.Fatalf("body %s (%v)", rec.bodies[2], err)
			}
			ds, err := st.WebhookDeliveries(ctx, 10)
			if err != nil || len(ds) != 1 {
				t.Fatalf("deliveries: %+v %v", ds, err)
			}
			if d := ds[0]; d.Status != rapport.DeliveryDelivered || d.Attempts != 3 || d.LastCode != 204 ||
				!d.DeliveredAt.Equal(t0.Add(5*time.Second+5*time.Minute)) {
				t.Fatalf("delivery %+v", d)
			}
		})
	}
}

func TestDeliveryGivesUpAfterTheLastBackoff(t *testing.T) {
	ctx := context.Background()
	st, err := store.Open(ctx, filepath.Join(t.TempDir(), "rapport.db"), true)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		http.Error(w, "gone", http.StatusGone)
	}))
	defer srv.Close()
	t0 := time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)
	if _, err := webhook.CreateEndpoint(ctx, st, srv.URL, nil, t0); err != nil {
		t.Fatal(err)
	}
	if _, err := (webhook.Publisher{Store: st, Clock: &rapport.FixedClock{T: t0}}).Publish(ctx, "x", "t", 1); err != nil {
		t.Fatal(err)
	}
	now := t0
	for i := 0; i <= len(webhook.Backoff)+2; i++ {
		if err := (&webhook.Sender{Store: st}).Deliver(ctx, now); err != nil {
			t.Fatal(err)
		}
		now = now.Add(11 * time.Hour) // beyond the longest wait
	}
	ds, _ := st.WebhookDeliveries(ctx, 10)
	if len(ds) != 1 || ds[0].Status != rapport.DeliveryFailed || ds[0].Attempts != len(webhook.Backoff)+1 || ds[0].LastCode != 410 {
		t.Fatalf("delivery %+v: want failed after %d attempts", ds, len(webhook.Backoff)+1)
	}
}

func TestCheckURL(t *testing.T) {
	for raw, ok := range map[string]bool{
		"https://ops.example.com/hooks": true, "http://10.0.0.5:8080/x": true,
		"ftp://example.com": false, "/relative": false, "https://": false, "": false,
	} {
		err := webhook.CheckURL(raw)
		if (err == nil) != ok {
			t.Errorf("CheckURL(%q) = %v, want ok=%v", raw, err, ok)
		}
		if err != nil && !strings.Contains(err.Error(), "url") {
			t.Errorf("CheckURL(%q) error %q must name the field", raw, err)
		}
	}
}

func TestDisabledEndpointGetsNothing(t *testing.T) {
	ctx := context.Background()
	st, err := store.Open(ctx, filepath.Join(t.TempDir(), "rapport.db"), true)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	hits := 0
	srv := httptest.NewServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { hits++ }))
	defer srv.Close()
	t0 := time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)
	e, err := webhook.CreateEndpoint(ctx, st, srv.URL, nil, t0)
	if err != nil {
		t.Fatal(err)
	}
	pub := webhook.Publisher{Store: st, Clock: &rapport.FixedClock{T: t0}}
	if _, err := pub.Publish(ctx, "before", "t", 1); err != nil {
		t.Fatal(err)
	}
	if err := st.DisableWebhookEndpoint(ctx, e.ID); err != nil {
		t.Fatal(err)
	}
	if n, _ := pub.Publish(ctx, "after", "t", 1); n != 0 {
		t.Fatalf("a disabled endpoint was given %d new deliveries", n)
	}
	if err := (&webhook.Sender{Store: st}).Deliver(ctx, t0); err != nil {
		t.Fatal(err)
	}
	ds, _ := st.WebhookDeliveries(ctx, 10)
	if hits != 0 || len(ds) != 1 || ds[0].Status != rapport.DeliveryFailed || ds[0].LastError != "endpoint disabled" {
		t.Fatalf("%d requests sent; deliveries %+v", hits, ds)
	}
}
