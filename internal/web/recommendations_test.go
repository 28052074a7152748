package web_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/rapport-cx/rapport"
	"github.com/rapport-cx/rapport/internal/recommend/live"
	"github.com/rapport-cx/rapport/internal/web"
)

// recommendationShop adds baskets pairing kettle with mug and teapot with
// cups, a review and a visitor who viewed the kettle, then starts the
// recommendation service and a console that uses it.
func recommendationShop(t *testing.T, b *bundle) (*live.Service, *httptest.Server) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	var events []*rapport.Event
	n := 0
	ev := func(user, name string, props map[string]any) *rapport.Event {
		n++
		at := t0.Add(time.Duration(n) * time.Minute)
		return &rapport.Event{MessageID: fmt.Sprintf("rec-%d", n), Type: rapport.TypeTrack, Name: name, UserID: user,
			Channel: rapport.ChannelWeb, Timestamp: at, ReceivedAt: at, Properties: props}
	}
	prod := func(id, cat string, price float64) map[string]any {
		return map[string]any{"product_id": id, "name": strings.ToUpper(id[:1]) + id[1:], "category": cat, "price": price, "quantity": 1.0}
	}
	pairs := [][2]map[string]any{
		{prod("kettle", "Kitchen", 40), prod("mug", "Kitchen", 8)},
		{prod("teapot", "Tea", 30), prod("cups", "Tea", 12)},
	}
	for c := 0; c < 20; c++ {
		p := pairs[c%2]
		u := fmt.Sprintf("buyer%02d", c)
		events = append(events, ev(u, rapport.EventProductViewed, p[0]), ev(u, rapport.EventProductViewed, p[1]),
			ev(u, rapport.EventOrderCompleted, map[string]any{"order_id": fmt.Sprintf("rec-o%d", c), "total": 48.0, "products": []any{p[0], p[1]}}))
	}
	events = append(events,
		ev("buyer00", rapport.EventProductReviewed, map[string]any{"product_id": "mug", "rating": 5.0, "review_body": "Keeps tea hot", "review_id": "rec-r1"}),
		ev("viewer1", rapport.EventProductViewed, prod("kettle", "Kitchen", 40)))
	if _, err := b.store.Ingest(ctx, events); err != nil {
		t.Fatal(err)
	}
	svc := live.New(live.Config{Store: b.store, Clock: &rapport.FixedClock{T: now}})
	if err := svc.Start(ctx); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cancel(); svc.Wait() })
	resp, err := svc.Recommend(ctx, live.Request{CustomerID: "viewer1", Scene: live.SceneHome, N: 3})
	if err != nil {
		t.Fatal(err)
	}
	seen := []*rapport.Event{ev("viewer1", rapport.EventRecommendationViewed, map[string]any{"request_id": resp.RequestID})}
	if _, err := b.store.Ingest(ctx, seen); err != nil {
		t.Fatal(err)
	}
	svc.Committed(seen)
	h, err := web.New(web.Config{Store: b.store, Clock: &rapport.FixedClock{T: now}, Recommender: svc,
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return svc, srv
}

func TestRecommendationsInTheBrowser(t *testing.T) {
	ctx := browser(t)
	b := setup(t)
	_, srv := recommendationShop(t, b)
	dir := artefacts(t)
	act(t, ctx, "open the login page", chromedp.Navigate(srv.URL+"/login"))
	login(t, ctx)
	act(t, ctx, "pick a customer and an item",
		chromedp.Click(css(`[data-nav="recommendations"]`)),
		chromedp.WaitVisible(chromedp.ID("rec-form")),
		chromedp.SendKeys(chromedp.ID("rec-customer"), "viewer1"),
		chromedp.SendKeys(chromedp.ID("rec-item"), "teapot"),
		chromedp.Click(chromedp.ID("rec-show")),
		chromedp.WaitVisible(css(`[data-scene="home"] tr[data-item="mug"]`)))
	screenshot(t, ctx, dir, "recommendations-en")
	homeReason := read(t, ctx, chromedp.Text(css(`[data-scene="home"] tr[data-item="mug"] .reason`)))
	review := read(t, ctx, chromedp.Text(css(`[data-scene="home"] tr[data-item="mug"] td:last-child`)))
	similar := read(t, ctx, chromedp.Text(css(`[data-scene="product"] tbody tr:first-child .reason`)))
	kind := read(t, ctx, chromedp.Text(chromedp.ID("rec-model-kind")))
	reach := read(t, ctx, chromedp.Text(chromedp.ID("rec-reach")))
	if homeReason != "Because you viewed Kettle" || !strings.Contains(review, "Keeps tea hot") || similar != "Similar to Teapot" {
		t.Errorf("English page: home reason %q, review %q, product reason %q", homeReason, review, similar)
	}
	if kind == "" || !strings.HasPrefix(reach, "Recommendation reach:") {
		t.Errorf("model %q, reach %q", kind, reach)
	}
	served := read(t, ctx, chromedp.Text(css(`[data-online^="home/"] td:nth-child(4)`)))
	if served != "1" {
		t.Errorf("viewed count of the home list = %q, want 1", served)
	}

	act(t, ctx, "switch to Chinese",
		chromedp.Click(css(`.lang-switch button[data-lang="zh"]`)),
		chromedp.WaitVisible(css(`html[lang="zh-CN"] [data-scene="home"] tr[data-item="mug"]`)))
	screenshot(t, ctx, dir, "recommendations-zh")
	homeReason = read(t, ctx, chromedp.Text(css(`[data-scene="home"] tr[data-item="mug"] .reason`)))
	heading := read(t, ctx, chromedp.Text(css(`[data-scene="home"] h2`)))
	nav := read(t, ctx, chromedp.Text(css(`[data-nav="recommendations"]`)))
	reach = read(t, ctx, chromedp.Text(chromedp.ID("rec-reach")))
	if homeReason != "因为您浏览了Kettle" || heading != "首页" || nav != "商品推荐" || !strings.HasPrefix(reach, "推介率") {
		t.Errorf("Chinese page: reason %q, heading %q, nav %q, reach %q", homeReason, heading, nav, reach)
	}
	act(t, ctx, "switch back to English", chromedp.Click(css(`.lang-switch button[data-lang="en"]`)),
		chromedp.WaitVisible(css(`html[lang="en"] #rec-form`)))
}

func TestRecommendationSettingsInTheBrowser(t *testing.T) {
	ctx := browser(t)
	b := setup(t)
	addAdmin(t, b)
	svc, srv := recommendationShop(t, b)
	dir := artefacts(t)
	act(t, ctx, "open the login page", chromedp.Navigate(srv.URL+"/login"))
	login(t, ctx) // the analyst sees the settings but cannot change them
	act(t, ctx, "open the settings as analyst",
		chromedp.Navigate(srv.URL+"/recommendations"),
		chromedp.WaitVisible(chromedp.ID("rec-settings-form")))
	note := read(t, ctx, chromedp.Text(css(`#rec-settings-form .muted`)))
	disabled := read(t, ctx, chromedp.Evaluate[bool](`document.querySelector('#rec-settings-form fieldset').disabled && !document.getElementById('rec-settings-save')`))
	if note != "Only administrators can change these settings." || !disabled {
		t.Errorf("analyst's settings form: note %q, read-only %v", note, disabled)
	}
	act(t, ctx, "log in as admin",
		chromedp.Click(chromedp.ID("logout")),
		chromedp.WaitVisible(chromedp.ID("login-submit")),
		chromedp.SendKeys(chromedp.ID("email"), adminEmail),
		chromedp.SendKeys(chromedp.ID("password"), adminPassword),
		chromedp.Click(chromedp.ID("login-submit")),
		chromedp.WaitVisible(css(`[data-kpi="orders"]`)),
		chromedp.Navigate(srv.URL+"/recommendations"),
		chromedp.WaitVisible(chromedp.ID("rec-settings-save")))
	if v := read(t, ctx, chromedp.Value(chromedp.ID("rec-per-category"))); v != "3" {
		t.Errorf("per-category limit shown %q, want the default 3", v)
	}
	if v := read(t, ctx, chromedp.Value(chromedp.ID("rec-weight-purchase"))); v != "5" {
		t.Errorf("purchase weight shown %q, want the default 5", v)
	}

	act(t, ctx, "save new settings",
		chromedp.SetValue(chromedp.ID("rec-per-category"), "1"),
		chromedp.SetValue(chromedp.ID("rec-weight-purchase"), "8"),
		chromedp.SetValue(chromedp.ID("rec-repeat"), "Tea, Coffee"),
		chromedp.SetValue(chromedp.ID("rec-retrain"), "6"),
		chromedp.Click(chromedp.ID("rec-settings-save")))
	settle(t, ctx, "saved", `document.getElementById('rec-settings-saved') !== null`)
	screenshot(t, ctx, dir, "recommendation-settings-en")
	if msg := read(t, ctx, chromedp.Text(chromedp.ID("rec-settings-saved"))); !strings.HasPrefix(msg, "Settings saved.") {
		t.Errorf("saved notice %q", msg)
	}
	if v := read(t, ctx, chromedp.Value(chromedp.ID("rec-repeat"))); v != "Tea, Coffee" {
		t.Errorf("repeat categories shown %q after saving", v)
	}
	if set := svc.Settings(); set.PerCategory != 1 || set.Weights["purchase"] != 8 || set.RetrainEveryHours != 6 ||
		len(set.RepeatCategories) != 2 || set.RepeatCategories[0] != "Tea" {
		t.Errorf("the service uses %+v after saving", set)
	}
	resp, err := svc.Recommend(context.Background(), live.Request{CustomerID: "viewer1", N: 5})
	if err != nil {
		t.Fatal(err)
	}
	cats := map[string]int{}
	for _, it := range resp.Items {
		if cats[it.Category]++; cats[it.Category] > 1 {
			t.Errorf("two %s items in a list after setting the limit to 1: %+v", it.Category, resp.Items)
		}
	}

	act(t, ctx, "switch to Chinese and enter a bad limit",
		chromedp.Click(css(`.lang-switch button[data-lang="zh"]`)),
		chromedp.WaitVisible(css(`html[lang="zh-CN"] #rec-settings-form`)),
		chromedp.SetValue(chromedp.ID("rec-per-category"), "0"),
		chromedp.Click(chromedp.ID("rec-settings-save")))
	settle(t, ctx, "refused", `document.getElementById('rec-settings-error') !== null`)
	screenshot(t, ctx, dir, "recommendation-settings-zh")
	heading := read(t, ctx, chromedp.Text(css(`#rec-settings h2`)))
	label := read(t, ctx, chromedp.Text(css(`label[for="rec-weight-purchase"]`)))
	msg := read(t, ctx, chromedp.Text(chromedp.ID("rec-settings-error")))
	if heading != "推荐设置" || label != "购买" || !strings.HasPrefix(msg, "per_category:") {
		t.Errorf("Chinese form: heading %q, label %q, error %q", heading, label, msg)
	}
	if v := read(t, ctx, chromedp.Value(chromedp.ID("rec-per-category"))); v != "0" {
		t.Errorf("the refused value is not shown for correction: %q", v)
	}
	if set := svc.Settings(); set.PerCategory != 1 {
		t.Errorf("a refused form changed the limit to %d", set.PerCategory)
	}
	act(t, ctx, "switch back to English", chromedp.Navigate(srv.URL+"/recommendations"),
		chromedp.WaitVisible(chromedp.ID("rec-settings-form")),
		chromedp.Click(css(`.lang-switch button[data-lang="en"]`)),
		chromedp.WaitVisible(css(`html[lang="en"] #rec-form`)))
}
