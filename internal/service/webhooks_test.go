package service

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/rapport-cx/rapport"
)

func TestSignStandardWebhooksVector(t *testing.T) {
	// The example of the Standard Webhooks specification.
	got, err := Sign("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "msg_p5jXN8AQM9LWM0D4loKWxJek",
		time.Unix(1614265330, 0), []byte(`{"test": 2432232314}`))
	if want := "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="; err != nil || got != want {
		t.Fatalf("Sign = %q %v, want %q", got, err, want)
	}
	if _, err := Sign("whsec_not base64!", "id", time.Unix(0, 0), nil); err == nil {
		t.Fatal("a malformed secret signed")
	}
}

// receiver is a webhook endpoint that fails its first n requests and
// checks every signature itself.
type receiver struct {
	mu       sync.Mutex
	t        *testing.T
	key      []byte
	failures int
	got      []string // webhook-id of each request
}

func (r *receiver) ServeHTTP(w http.ResponseWriter, req *http.Request) {
	r.mu.Lock()
	defer r.mu.Unlock()
	body, _ := io.ReadAll(req.Body)
	id, ts := req.Header.Get("webhook-id"), req.Header.Get("webhook-timestamp")
	mac := hmac.New(sha256.New, r.key)
	mac.Write([]byte(id + "." + ts + "." + string(body)))
	if want := "v1," + base64.StdEncoding.EncodeToString(mac.Sum(nil)); req.Header.Get("webhook-signature") != want {
		r.t.Errorf("signature %q, want %q", req.Header.Get("webhook-signature"), want)
	}
	if _, err := strconv.ParseInt(ts, 10, 64); err != nil {
		r.t.Errorf("timestamp %q", ts)
	}
	r.got = append(r.got, id)
	if len(r.got) <= r.failures {
		w.WriteHeader(http.StatusServiceUnavailable)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

func TestWebhookRetriesWithBackoff(t *testing.T) {
	b := setup(t)
	key := []byte("a test key of 24 bytes!!")
	rcv := &receiver{t: t, key: key, failures: 2}
	srv := httptest.NewServer(rcv)
	defer srv.Close()
	ep := &rapport.WebhookEndpoint{URL: srv.URL, Secret: "whsec_" + base64.StdEncoding.EncodeToString(key), Active: true, CreatedAt: monday10}
	if err := b.store.CreateWebhookEndpoint(t.Context(), ep); err != nil {
		t.Fatal(err)
	}
	eff := &effects{}
	eff.hook("case_1_test", HookCaseCreated, map[string]any{"case_id": 1})
	if err := b.svc.flush(t.Context(), eff); err != nil {
		t.Fatal(err)
	}
	deliver := func(at time.Time) {
		if err := b.svc.Sender(srv.Client()).DeliverWebhooks(t.Context(), at); err != nil {
			t.Fatal(err)
		}
	}
	t0 := monday10
	deliver(t0)                  // attempt 1: 503, retry in 5 s
	deliver(t0.Add(time.Second)) // not due
	b.restart(t)
	deliver(t0.Add(5 * time.Second))                 // attempt 2: 503, retry in 5 min
	deliver(t0.Add(5*time.Second + 4*time.Minute))   // not due
	deliver(t0.Add(5*time.Second + 5*time.Minute))   // attempt 3: delivered
	deliver(t0.Add(5*time.Second + 5*time.Minute*2)) // nothing left
	if len(rcv.got) != 3 || rcv.got[0] != "msg_case_1_test" || rcv.got[2] != rcv.got[0] {
		t.Fatalf("requests %v, want the same webhook-id three times", rcv.got)
	}
	log, err := b.store.WebhookDeliveries(t.Context(), 10)
	if err != nil || len(log) != 1 {
		t.Fatal(log, err)
	}
	if d := log[0]; d.Status != rapport.DeliveryDelivered || d.Attempts != 3 || d.LastCode != 204 ||
		!d.DeliveredAt.Equal(t0.Add(5*time.Second+5*time.Minute)) {
		t.Fatalf("delivery %+v", d)
	}
}

func TestWebhookGivesUp(t *testing.T) {
	del := &rapport.WebhookDelivery{Status: rapport.DeliveryPending}
	now := monday10
	for i := range len(Backoff) + 1 {
		record(del, 500, nil, now)
		if i < len(Backoff) {
			if del.Status != rapport.DeliveryPending || !del.NextAttemptAt.Equal(now.Add(Backoff[i])) {
				t.Fatalf("attempt %d: %+v", i+1, del)
			}
			now = del.NextAttemptAt
		}
	}
	if del.Status != rapport.DeliveryFailed || del.Attempts != len(Backoff)+1 || del.LastError != "HTTP 500" {
		t.Fatalf("after every retry: %+v", del)
	}
}
