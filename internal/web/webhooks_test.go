package web_test

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/rapport-cx/rapport"
	"github.com/rapport-cx/rapport/internal/webhook"
)

func TestWebhooksInTheBrowser(t *testing.T) {
	ctx := browser(t)
	b := setup(t)
	addAdmin(t, b)
	dir := artefacts(t)
	// One endpoint exists already, with a delivery that failed once.
	bg := context.Background()
	old, err := webhook.CreateEndpoint(bg, b.store, "https://ops.example.com/rapport", []string{"sla.breached"}, now)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := (webhook.Publisher{Store: b.store, Clock: &rapport.FixedClock{T: now}}).Publish(bg, "case-7-breach", "sla.breached", map[string]int{"case": 7}); err != nil {
		t.Fatal(err)
	}
	ds, _ := b.store.DueWebhooks(bg, now, 10)
	d := ds[0]
	d.Attempts, d.LastCode, d.LastError, d.NextAttemptAt = 1, http.StatusBadGateway, "endpoint answered 502 Bad Gateway", now.Add(5*time.Second)
	if err := b.store.RecordWebhookAttempt(bg, &d); err != nil {
		t.Fatal(err)
	}

	act(t, ctx, "log in as admin and open the webhooks tab",
		chromedp.Navigate(b.server.URL+"/login"),
		chromedp.SendKeys(chromedp.ID("email"), adminEmail),
		chromedp.SendKeys(chromedp.ID("password"), adminPassword),
		chromedp.Click(chromedp.ID("login-submit")),
		chromedp.WaitVisible(css(`[data-kpi="orders"]`)),
		chromedp.Navigate(b.server.URL+"/settings"),
		chromedp.Click(css(`.tabs a[href="/settings/webhooks"]`)),
		chromedp.WaitVisible(chromedp.ID("create-hook")))
	row := read(t, ctx, chromedp.Text(css(`tr[data-delivery="msg_case-7-breach"]`)))
	for _, want := range []string{"https://ops.example.com/rapport", "sla.breached", "pending", "1", "502"} {
		if !strings.Contains(row, want) {
			t.Errorf("delivery row %q lacks %q", row, want)
		}
	}

	act(t, ctx, "a URL that is not http(s) is refused",
		chromedp.SetValue(chromedp.ID("hook-url"), "ftp://files.example.com"),
		chromedp.Evaluate[chromedp.Void](`document.getElementById('hook-url').type = 'text'`),
		chromedp.Submit(chromedp.ID("create-hook")),
		chromedp.WaitVisible(chromedp.ID("hook-error")))
	if msg := read(t, ctx, chromedp.Text(chromedp.ID("hook-error"))); !strings.Contains(msg, "http://") {
		t.Errorf("error shown: %q", msg)
	}
	if eps, _ := b.store.WebhookEndpoints(bg); len(eps) != 1 {
		t.Fatalf("a rejected form stored an endpoint: %d endpoints", len(eps))
	}

	act(t, ctx, "add an endpoint",
		chromedp.SetValue(chromedp.ID("hook-url"), "https://crm.example.com/in"),
		chromedp.SetValue(chromedp.ID("hook-types"), "followup.sent, sla.warning"),
		chromedp.Submit(chromedp.ID("create-hook")),
		chromedp.WaitVisible(chromedp.ID("hook-created")))
	eps, err := b.store.WebhookEndpoints(bg)
	if err != nil || len(eps) != 2 || eps[1].URL != "https://crm.example.com/in" || strings.Join(eps[1].Events, ",") != "followup.sent,sla.warning" {
		t.Fatalf("endpoints %+v %v", eps, err)
	}
	if shown := read(t, ctx, chromedp.Text(css(`#hook-created code`))); shown != eps[1].Secret {
		t.Errorf("page shows secret %q, the endpoint signs with %q", shown, eps[1].Secret)
	}
	screenshot(t, ctx, dir, "settings-webhooks")

	act(t, ctx, "disable the first endpoint",
		chromedp.Click(css(`tr[data-hook-id="`+strconv.FormatInt(old.ID, 10)+`"] button.revoke`)),
		chromedp.WaitNotPresent(css(`tr[data-hook-id="`+strconv.FormatInt(old.ID, 10)+`"] button.revoke`)))
	if status := read(t, ctx, chromedp.Text(css(`tr[data-hook-id="`+strconv.FormatInt(old.ID, 10)+`"] .hook-status`))); status != "disabled" {
		t.Errorf("the disabled endpoint shows %q", status)
	}
	// The background scan fails what was pending for it.
	if err := (&webhook.Sender{Store: b.store}).Deliver(bg, now.Add(time.Minute)); err != nil {
		t.Fatal(err)
	}
	act(t, ctx, "reload", chromedp.Reload(), chromedp.WaitVisible(chromedp.ID("deliveries")))
	if state := read(t, ctx, chromedp.Text(css(`tr[data-delivery="msg_case-7-breach"] .delivery-state`))); state != "failed" {
		t.Errorf("the pending delivery of a disabled endpoint shows %q, want failed", state)
	}

	act(t, ctx, "in Chinese",
		chromedp.Click(css(`.lang-switch button[data-lang="zh"]`)),
		chromedp.WaitVisible(css(`html[lang="zh-CN"] #create-hook`)))
	if h := read(t, ctx, chromedp.Text(css(`#deliveries`))); !strings.Contains(h, "尝试次数") || !strings.Contains(h, "失败") {
		t.Errorf("Chinese delivery log: %q", h)
	}
	screenshot(t, ctx, dir, "settings-webhooks-zh")
}
