package web_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/rapport-cx/rapport"
	"github.com/rapport-cx/rapport/internal/access"
	"github.com/rapport-cx/rapport/internal/store"
	"github.com/rapport-cx/rapport/internal/web"
)

// Credentials of the test user.
const (
	testEmail    = "ops@example.com"
	testPassword = "correct horse battery"
)

// t0 is when the hand-built customers start; now is the console's clock.
var (
	t0  = time.Date(2011, 1, 10, 9, 0, 0, 0, time.UTC)
	now = time.Date(2011, 1, 31, 12, 0, 0, 0, time.UTC)
)

// bundle is a running console over a real SQLite store.
type bundle struct {
	store  rapport.Store
	server *httptest.Server
	user   *rapport.User
}

// setup opens a store in the test's folder, fills it with the hand-built
// customers, creates a user and starts the console.
func setup(t *testing.T) *bundle {
	t.Helper()
	return setupAt(t, now, customersJourneys())
}

// setupAt is setup with the console's clock at a given time and the given
// events stored.
func setupAt(t *testing.T, at time.Time, events []*rapport.Event) *bundle {
	t.Helper()
	ctx := context.Background()
	st, err := store.Open(ctx, filepath.Join(t.TempDir(), "rapport.db"), true)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	if _, err := st.Ingest(ctx, events); err != nil {
		t.Fatal(err)
	}
	hash, err := access.HashPassword(testPassword)
	if err != nil {
		t.Fatal(err)
	}
	u := &rapport.User{Email: testEmail, Name: "Olivia Ops", Role: rapport.RoleAnalyst, PasswordHash: hash, CreatedAt: t0}
	if err := st.CreateUser(ctx, u); err != nil {
		t.Fatal(err)
	}
	h, err := web.New(web.Config{Store: st, Clock: &rapport.FixedClock{T: at},
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return &bundle{store: st, server: srv, user: u}
}

// track builds a track event of the hand-built customers.
func track(user, anon string, name string, at time.Duration, ch rapport.Channel, props map[string]any) *rapport.Event {
	ts := t0.Add(at)
	return &rapport.Event{Type: rapport.TypeTrack, Name: name, UserID: user, AnonymousID: anon, Channel: ch,
		Timestamp: ts, ReceivedAt: ts, Properties: props,
		MessageID: fmt.Sprintf("%s|%s|%s|%s", user, anon, name, at)}
}

// identify builds an identify event with traits.
func identify(user, anon string, at time.Duration, ch rapport.Channel, traits map[string]any) *rapport.Event {
	ts := t0.Add(at)
	return &rapport.Event{Type: rapport.TypeIdentify, UserID: user, AnonymousID: anon, Channel: ch,
		Timestamp: ts, ReceivedAt: ts, Traits: traits, MessageID: fmt.Sprintf("%s|identify|%s", user, at)}
}

// customersJourneys is a small shop: Ann browses, searches, buys twice,
// gets a refund, returns an item, reviews and answers a survey, with enough
// page views to need a second timeline page; an anonymous visitor becomes
// Bob and buys once; Cai only browses.
func customersJourneys() []*rapport.Event {
	mug := map[string]any{"product_id": "22633", "name": "HAND WARMER UNION JACK", "category": "Home", "price": 1.85}
	events := []*rapport.Event{
		identify("ann", "", 0, rapport.ChannelApp, map[string]any{"email": "ann.lee@example.com", "phone": "13800000001",
			"firstName": "Ann", "lastName": "Lee", "gender": "female", "birthday": "1985-06-15",
			"address": map[string]any{"city": "Hangzhou", "state": "Zhejiang"}, "occupation": "teacher"}),
		track("ann", "", rapport.EventProductViewed, time.Minute, rapport.ChannelApp, mug),
		track("ann", "", rapport.EventProductsSearched, 2*time.Minute, rapport.ChannelApp, map[string]any{"query": "hand warmer"}),
		track("ann", "", rapport.EventProductsSearched, 3*time.Minute, rapport.ChannelApp, map[string]any{"query": "跑鞋"}),
		track("ann", "", rapport.EventProductAdded, 4*time.Minute, rapport.ChannelApp, mug),
		track("ann", "", rapport.EventOrderCompleted, 5*time.Minute, rapport.ChannelApp, map[string]any{"order_id": "A-1001", "total": 1234.5,
			"products": []any{
				map[string]any{"product_id": "22633", "name": "HAND WARMER UNION JACK", "category": "Home", "price": 1.85, "quantity": 100.0},
				map[string]any{"product_id": "85123A", "name": "WHITE HANGING HEART T-LIGHT HOLDER", "category": "Home", "price": 1049.5, "quantity": 1.0},
			}}),
		track("ann", "", rapport.EventOrderCompleted, 48*time.Hour, rapport.ChannelWeb, map[string]any{"order_id": "A-1002", "total": 80.0,
			"products": []any{map[string]any{"product_id": "84029G", "name": "KNITTED UNION FLAG HOT WATER BOTTLE", "category": "Home", "price": 40.0, "quantity": 2.0}}}),
		track("ann", "", rapport.EventOrderRefunded, 72*time.Hour, rapport.ChannelWeb, map[string]any{"order_id": "A-1002", "total": 40.0}),
		track("ann", "", rapport.EventReturnRequested, 72*time.Hour+time.Minute, rapport.ChannelWeb, map[string]any{"order_id": "A-1002", "reason": "damaged"}),
		track("ann", "", rapport.EventProductReviewed, 96*time.Hour, rapport.ChannelApp, map[string]any{"product_id": "22633",
			"product_name": "HAND WARMER UNION JACK", "rating": 4.0, "body": "Warm and cheerful, arrived quickly."}),
		track("ann", "", rapport.EventSurveyResponded, 97*time.Hour, rapport.ChannelApp, map[string]any{"survey_type": "nps", "score": 9.0}),
		track("", "dev-1", rapport.EventProductViewed, 24*time.Hour, rapport.ChannelMiniProgram, mug),
		identify("bob", "dev-1", 25*time.Hour, rapport.ChannelMiniProgram, map[string]any{"email": "bob@example.com", "name": "Bob Zhang"}),
		track("bob", "", rapport.EventOrderCompleted, 26*time.Hour, rapport.ChannelMiniProgram, map[string]any{"order_id": "B-2001", "total": 19.9,
			"products": []any{map[string]any{"product_id": "22633", "name": "HAND WARMER UNION JACK", "category": "Home", "price": 1.99, "quantity": 10.0}}}),
		identify("cai", "", 30*time.Hour, rapport.ChannelWeb, map[string]any{"email": "cai@example.com", "name": "蔡文"}),
		track("cai", "", rapport.EventProductViewed, 31*time.Hour, rapport.ChannelWeb, mug),
	}
	for i := range 60 { // page views over ten days: more than one timeline page
		ts := time.Duration(i) * 4 * time.Hour
		events = append(events, &rapport.Event{Type: rapport.TypePage, Name: "Home", UserID: "ann", Channel: rapport.ChannelWeb,
			Timestamp: t0.Add(ts + 30*time.Second), ReceivedAt: t0.Add(ts + 30*time.Second),
			Properties: map[string]any{"path": fmt.Sprintf("/p/%d", i)}, MessageID: fmt.Sprintf("ann|page|%d", i)})
	}
	return events
}

// client is a browser-like HTTP client that keeps cookies and does not
// follow redirects, so tests can see them.
func (b *bundle) client(t *testing.T) *http.Client {
	t.Helper()
	jar, err := cookiejar.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	return &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

// get fetches a path and returns the response and its body.
func (b *bundle) get(t *testing.T, c *http.Client, path string, header ...string) (*http.Response, string) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, b.server.URL+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	return do(t, c, req)
}

// post sends a form and returns the response and its body.
func (b *bundle) post(t *testing.T, c *http.Client, path string, form url.Values, header ...string) (*http.Response, string) {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, b.server.URL+path, strings.NewReader(form.Encode()))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	return do(t, c, req)
}

func do(t *testing.T, c *http.Client, req *http.Request) (*http.Response, string) {
	t.Helper()
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp, string(body)
}

var csrfField = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

// csrfOf returns the CSRF token of the first form in a page.
func csrfOf(t *testing.T, body string) string {
	t.Helper()
	m := csrfField.FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("no csrf field in page:\n%s", body)
	}
	return m[1]
}

// login signs the test user in and returns the logged-in client.
func (b *bundle) login(t *testing.T) *http.Client {
	t.Helper()
	c := b.client(t)
	_, page := b.get(t, c, "/login")
	resp, body := b.post(t, c, "/login", url.Values{"csrf": {csrfOf(t, page)}, "email": {testEmail}, "password": {testPassword}})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("login: status %d, want 303:\n%s", resp.StatusCode, body)
	}
	return c
}
