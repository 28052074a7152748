package web_test

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/rapport-cx/rapport"
	"github.com/rapport-cx/rapport/internal/service"
)

// serviceCases opens the cases the service pages show. The console's clock
// reads Monday 2011-01-31 12:00 UTC (20:00 in Shanghai, after office hours).
func (b *bundle) serviceCases(t *testing.T) (late, fresh *rapport.Case) {
	t.Helper()
	ctx := t.Context()
	open := func(at time.Time, in service.NewCase) *rapport.Case {
		c, err := service.New(b.store, &rapport.FixedClock{T: at}, nil).Open(ctx, in)
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	msg := func(body string) []rapport.CaseMessage {
		return []rapport.CaseMessage{{Kind: rapport.AuthorCustomer, Author: "ann", Body: body}}
	}
	// Opened at 15:00 Shanghai: the standard policy's 2 office hours end at 17:00 (09:00 UTC).
	late = open(now.Add(-5*time.Hour), service.NewCase{CustomerID: "ann", Subject: "Heater arrived broken",
		Type: rapport.CaseComplaint, Team: "support", OrderID: "A-1001", Messages: msg("The heart holder is cracked")})
	// Opened now, after hours: two office hours from 09:00 tomorrow, 11:00 Shanghai, 15 hours from now.
	fresh = open(now, service.NewCase{CustomerID: "bob", Subject: "Can I change the colour?", Team: "sales", Messages: msg("Blue please")})
	svc := service.New(b.store, &rapport.FixedClock{T: now}, nil)
	if err := svc.ScanTimers(ctx, now); err != nil {
		t.Fatal(err)
	}
	// Ann's first order was delivered on 13 January; she asks to return one hand warmer on the 31st.
	if _, err := b.store.Ingest(ctx, []*rapport.Event{track("ann", "", rapport.EventOrderDelivered, 3*24*time.Hour,
		rapport.ChannelApp, map[string]any{"order_id": "A-1001"})}); err != nil {
		t.Fatal(err)
	}
	a, err := svc.RequestAfterSale(ctx, service.AfterSaleRequest{Kind: rapport.CaseReturn, CustomerID: "ann", OrderID: "A-1001",
		Reason: "size", Items: []rapport.AfterSaleItem{{ProductID: "22633", Quantity: 1}}})
	if err != nil || a.Decision != service.DecisionManual {
		t.Fatalf("after-sale request: %+v %v", a, err)
	}
	return late, fresh
}

func TestBrowserService(t *testing.T) {
	ctx := browser(t)
	b := setup(t)
	dir := artefacts(t)
	late, fresh := b.serviceCases(t)
	act(t, ctx, "open the console", chromedp.Navigate(b.server.URL+"/login"), chromedp.WaitVisible(chromedp.ID("login-submit")))
	login(t, ctx)
	act(t, ctx, "open the queue", chromedp.Navigate(b.server.URL+"/service"), chromedp.WaitVisible(chromedp.ID("case-queue")))
	screenshot(t, ctx, dir, "service-queue-en")
	// Three cases are open: the late complaint, the fresh question and the
	// return waiting for a decision (due within the hour, around the clock).
	ids := read(t, ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll('#case-queue tbody tr')].map(r => r.dataset.case + ':' + r.dataset.sla + ':' + r.querySelector('.sla').textContent)`))
	if len(ids) != 3 || ids[0] != itoa(late.ID)+":breached:3h 0m overdue" || ids[2] != itoa(fresh.ID)+":ok:due in 15h 0m" {
		t.Fatalf("queue rows %q", ids)
	}
	if !strings.HasSuffix(ids[1], ":ok:due in 1h 0m") {
		t.Errorf("the after-sale decision case: %q", ids[1])
	}
	act(t, ctx, "filter breached", chromedp.Click(chromedp.ID("f-breached")), chromedp.Click(chromedp.ID("apply-filters")))
	settle(t, ctx, "filter breached", `location.search.includes('breached=1') && document.readyState === 'complete' && document.querySelector('#f-breached:checked') !== null`)
	if n := read(t, ctx, chromedp.Evaluate[int](`document.querySelectorAll('#case-queue tbody tr').length`)); n != 1 {
		t.Errorf("breached filter shows %d rows", n)
	}

	act(t, ctx, "open the late case", chromedp.Click(css(`#case-queue tbody tr a`)), chromedp.WaitVisible(chromedp.ID("customer-360")))
	orders := read(t, ctx, chromedp.Text(chromedp.ID("c360-orders")))
	first := read(t, ctx, chromedp.Text(css(`#conversation .msg-customer .msg-body`)))
	earlier := read(t, ctx, chromedp.Text(chromedp.ID("c360-cases")))
	if orders != "2" || first != "The heart holder is cracked" || !strings.Contains(earlier, "Decide on return request") {
		t.Errorf("case view: orders %q, first message %q, other cases %q", orders, first, earlier)
	}
	act(t, ctx, "reply and wait on the customer",
		chromedp.SendKeys(chromedp.ID("reply-body"), "Sorry! Could you send a photo of the crack?"),
		chromedp.SetValue(chromedp.ID("reply-status"), "pending"),
		chromedp.Click(chromedp.ID("reply-submit")),
		chromedp.WaitVisible(css(`#case[data-status="pending"]`)))
	screenshot(t, ctx, dir, "service-case-en")
	agent := read(t, ctx, chromedp.Text(css(`#conversation .msg-agent .msg-body`)))
	outcome := read(t, ctx, chromedp.Evaluate[string](`document.querySelector('#clocks [data-clock="first_response"]').dataset.outcome`))
	sla := read(t, ctx, chromedp.Text(chromedp.ID("case-sla")))
	if agent != "Sorry! Could you send a photo of the crack?" || outcome != "breached" || sla != "Breached" {
		t.Errorf("after the reply: %q, first response %q, SLA %q", agent, outcome, sla)
	}

	act(t, ctx, "switch to Chinese", chromedp.Click(css(`.lang-switch button[data-lang="zh"]`)),
		chromedp.WaitVisible(css(`html[lang="zh-CN"] #case`)))
	screenshot(t, ctx, dir, "service-case-zh")
	if st := read(t, ctx, chromedp.Text(chromedp.ID("case-status"))); st != "待客户回复" {
		t.Errorf("Chinese status %q", st)
	}
	act(t, ctx, "the report", chromedp.Navigate(b.server.URL+"/service/report?from=2011-01-01&to=2011-02-01"),
		chromedp.WaitVisible(chromedp.ID("by-team")))
	screenshot(t, ctx, dir, "service-report-zh")
	// Clocks with an outcome: the late case's first response (breached, at
	// 12:00 UTC) and nothing else yet: 0.0% met; its first reply came 5 hours in.
	met := read(t, ctx, chromedp.Text(chromedp.ID("pct-met")))
	median := read(t, ctx, chromedp.Text(chromedp.ID("median-first")))
	cases := read(t, ctx, chromedp.Text(chromedp.ID("report-cases")))
	heading := read(t, ctx, chromedp.Text(css(`#main h1`)))
	if met != "0.0%" || median != "5h 0m" || cases != "3" || heading != "SLA 报表" {
		t.Errorf("report: met %q, median first %q, cases %q, heading %q", met, median, cases, heading)
	}

	act(t, ctx, "dry-run looser rules", chromedp.Navigate(b.server.URL+"/service/settings"), chromedp.WaitVisible(chromedp.ID("rule-days")),
		chromedp.Evaluate[chromedp.Void](`(() => {
			document.getElementById('rule-days').value = '30';
			document.getElementById('rule-reasons').value = 'size';
			document.getElementById('rule-not-returnable').value = '';
			document.getElementById('rule-kind-exchange').checked = false;
			document.getElementById('rule-kind-refund').checked = false;
		})()`),
		chromedp.Click(chromedp.ID("run-dry-run")), chromedp.WaitVisible(chromedp.ID("dry-run")))
	screenshot(t, ctx, dir, "service-settings-zh")
	// Delivered 18 days before the request: refused under 7 days, approved under 30.
	summary := read(t, ctx, chromedp.Text(chromedp.ID("dry-run-summary")))
	would := read(t, ctx, chromedp.Text(css(`#dry-run tbody tr td:nth-child(5)`)))
	if summary != "共 1 个申请：1 个将被立即批准，1 个与记录的决定不同。" || would != "立即批准" {
		t.Errorf("dry run: %q, would %q", summary, would)
	}
}
