package web_test

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/rapport-cx/rapport"
	"github.com/rapport-cx/rapport/internal/service"
)

func TestBrowserCalendarEditor(t *testing.T) {
	ctx := browser(t)
	b := setup(t)
	addAdmin(t, b)
	dir := artefacts(t)
	act(t, ctx, "log in as admin",
		chromedp.Navigate(b.server.URL+"/login"),
		chromedp.SendKeys(chromedp.ID("email"), adminEmail),
		chromedp.SendKeys(chromedp.ID("password"), adminPassword),
		chromedp.Click(chromedp.ID("login-submit")),
		chromedp.WaitVisible(css(`[data-kpi="orders"]`)))
	config := func() service.Config {
		var cfg service.Config
		apiGet(t, b, "/api/v1/service/config", &cfg)
		return cfg
	}
	before := config()
	for _, lang := range []struct{ code, tz, monday, saved string }{
		{"en", "Time zone", "Monday", "Saved."},
		{"zh", "时区", "星期一", ""},
	} {
		if lang.code == "zh" {
			act(t, ctx, "switch to Chinese", chromedp.Click(css(`.lang-switch button[data-lang="zh"]`)),
				chromedp.WaitVisible(css(`html[lang="zh-CN"] #calendar-form`)))
		} else {
			act(t, ctx, "open the settings", chromedp.Navigate(b.server.URL+"/service/settings"),
				chromedp.WaitVisible(chromedp.ID("calendar-form")))
		}
		// The office calendar as configured: Shanghai, 09:00-18:00 on weekdays, Saturday 10:00-16:00.
		shown := read(t, ctx, chromedp.Evaluate[[]string](`[document.getElementById('cal-0-tz').value, document.getElementById('cal-0-mon').value,
			document.getElementById('cal-0-sat').value, document.getElementById('cal-0-sun').value,
			document.querySelector('label[for="cal-0-mon"]').textContent, document.querySelector('#calendar-form label').textContent.trim()]`))
		if !reflect.DeepEqual(shown[:4], []string{"Asia/Shanghai", "09:00-18:00", "10:00-16:00", ""}) || shown[4] != lang.monday ||
			!strings.HasPrefix(shown[5], lang.tz) {
			t.Fatalf("%s: the editor shows %q", lang.code, shown)
		}
	}
	// A bad zone is refused, naming the field, and changes nothing.
	act(t, ctx, "save a bad zone",
		chromedp.SetValue(chromedp.ID("cal-0-tz"), "Mars/Base"),
		chromedp.Click(chromedp.ID("save-calendars")),
		chromedp.WaitVisible(chromedp.ID("settings-error")))
	screenshot(t, ctx, dir, "service-calendar-error-zh")
	msg := read(t, ctx, chromedp.Text(chromedp.ID("settings-error")))
	invalid := read(t, ctx, chromedp.Evaluate[string](`document.getElementById('cal-0-tz').getAttribute('aria-invalid') || ''`))
	if !strings.HasPrefix(msg, "calendars[0].time_zone: ") || !strings.Contains(msg, "Mars/Base") || invalid != "true" {
		t.Errorf("error %q, aria-invalid %q", msg, invalid)
	}
	if got := config(); !reflect.DeepEqual(got.Calendars, before.Calendars) {
		t.Fatalf("a refused edit changed the calendars: %+v", got.Calendars)
	}
	// A lunch break on Mondays, Saturdays closed, Christmas off.
	act(t, ctx, "save good hours",
		chromedp.Evaluate[chromedp.Void](`(() => {
			const set = (id, v) => { document.getElementById(id).value = v; };
			set('cal-0-tz', 'Asia/Shanghai'); set('cal-0-mon', '09:00-12:00, 13:00-18:00'); set('cal-0-sat', '');
			set('cal-0-holidays', '2026-12-25\n2027-01-01');
		})()`),
		chromedp.Click(chromedp.ID("save-calendars")),
		chromedp.WaitVisible(chromedp.ID("settings-saved")))
	screenshot(t, ctx, dir, "service-calendar-saved-zh")
	cal := config().Calendars[0]
	if cal.TimeZone != "Asia/Shanghai" || !reflect.DeepEqual(cal.Hours["mon"], []string{"09:00-12:00", "13:00-18:00"}) ||
		cal.Hours["sat"] != nil || !reflect.DeepEqual(cal.Hours["tue"], []string{"09:00-18:00"}) ||
		!reflect.DeepEqual(cal.Holidays, []string{"2026-12-25", "2027-01-01"}) {
		t.Errorf("saved calendar %+v", cal)
	}
	if mon := read(t, ctx, chromedp.Evaluate[string](`document.getElementById('cal-0-mon').value`)); mon != "09:00-12:00, 13:00-18:00" {
		t.Errorf("the editor shows Monday as %q after saving", mon)
	}
}

func TestBrowserApprovalRuleEditor(t *testing.T) {
	ctx := browser(t)
	b := setup(t)
	addAdmin(t, b)
	dir := artefacts(t)
	act(t, ctx, "log in as admin",
		chromedp.Navigate(b.server.URL+"/login"),
		chromedp.SendKeys(chromedp.ID("email"), adminEmail),
		chromedp.SendKeys(chromedp.ID("password"), adminPassword),
		chromedp.Click(chromedp.ID("login-submit")),
		chromedp.WaitVisible(css(`[data-kpi="orders"]`)),
		chromedp.Navigate(b.server.URL+"/service/settings"),
		chromedp.WaitVisible(chromedp.ID("rule-days")))
	config := func() service.ApprovalRules {
		var cfg service.Config
		apiGet(t, b, "/api/v1/service/config", &cfg)
		return cfg.AfterSales
	}
	before := config()
	for _, lang := range []struct{ code, days, refund string }{
		{"en", "Within days of delivery", "Refund"},
		{"zh", "签收后天数以内", "退款"},
	} {
		if lang.code == "zh" {
			act(t, ctx, "switch to Chinese", chromedp.Click(css(`.lang-switch button[data-lang="zh"]`)),
				chromedp.WaitVisible(css(`html[lang="zh-CN"] #rule-days`)))
		}
		shown := read(t, ctx, chromedp.Evaluate[[]string](`[document.getElementById('rule-days').value,
			document.getElementById('rule-amount').value, document.getElementById('rule-reasons').value,
			String(document.getElementById('rule-kind-refund').checked), String(document.getElementById('rule-kind-quality_claim').checked),
			document.getElementById('rule-days').parentElement.textContent.trim(),
			document.getElementById('rule-kind-refund').parentElement.textContent.trim()]`))
		want := []string{"7", "500", "size, changed_mind, damaged, wrong_item, not_as_described", "true", "false", lang.days, lang.refund}
		if !reflect.DeepEqual(shown, want) {
			t.Errorf("%s: the rule editor shows %q, want %q", lang.code, shown, want)
		}
	}
	act(t, ctx, "save a bad number of days",
		chromedp.SetValue(chromedp.ID("rule-days"), "seven"),
		chromedp.Click(chromedp.ID("save-rules")),
		chromedp.WaitVisible(chromedp.ID("settings-error")))
	screenshot(t, ctx, dir, "service-rules-error-zh")
	msg := read(t, ctx, chromedp.Text(chromedp.ID("settings-error")))
	invalid := read(t, ctx, chromedp.Evaluate[string](`document.getElementById('rule-days').getAttribute('aria-invalid') || ''`))
	if !strings.HasPrefix(msg, "after_sales.within_days: ") || !strings.Contains(msg, "seven") || invalid != "true" {
		t.Errorf("error %q, aria-invalid %q", msg, invalid)
	}
	if got := config(); !reflect.DeepEqual(got, before) {
		t.Fatalf("a refused edit changed the rules: %+v", got)
	}
	act(t, ctx, "save 14 days without refunds",
		chromedp.Evaluate[chromedp.Void](`(() => {
			document.getElementById('rule-days').value = '14';
			document.getElementById('rule-kind-refund').checked = false;
		})()`),
		chromedp.Click(chromedp.ID("save-rules")),
		chromedp.WaitVisible(chromedp.ID("settings-saved")))
	got := config()
	want := before
	want.Days, want.Kinds = 14, []rapport.CaseType{rapport.CaseReturn, rapport.CaseExchange}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("saved rules %+v, want %+v", got, want)
	}
}

func TestBrowserPolicyEditor(t *testing.T) {
	ctx := browser(t)
	b := setup(t)
	addAdmin(t, b)
	act(t, ctx, "log in as admin",
		chromedp.Navigate(b.server.URL+"/login"),
		chromedp.SendKeys(chromedp.ID("email"), adminEmail),
		chromedp.SendKeys(chromedp.ID("password"), adminPassword),
		chromedp.Click(chromedp.ID("login-submit")),
		chromedp.WaitVisible(css(`[data-kpi="orders"]`)),
		chromedp.Navigate(b.server.URL+"/service/settings"),
		chromedp.WaitVisible(chromedp.ID("policy-form")))
	policies := func() []service.Policy {
		var cfg service.Config
		apiGet(t, b, "/api/v1/service/config", &cfg)
		return cfg.Policies
	}
	before := policies()
	// Row 2 is the high-value policy, row 3 the urgent one.
	for _, lang := range []struct{ code, heading string }{{"en", "First response"}, {"zh", "首次响应"}} {
		if lang.code == "zh" {
			act(t, ctx, "switch to Chinese", chromedp.Click(css(`.lang-switch button[data-lang="zh"]`)),
				chromedp.WaitVisible(css(`html[lang="zh-CN"] #policy-form`)))
		}
		shown := read(t, ctx, chromedp.Evaluate[[]string](`['pol-2-segments', 'pol-2-first', 'pol-2-resolution', 'pol-3-priorities', 'pol-3-calendar']
			.map(id => document.getElementById(id).value).concat([document.querySelector('#policies thead th:nth-child(7)').textContent])`))
		want := []string{"high_value", "10m", "8h", "urgent, high", "office", lang.heading}
		if !reflect.DeepEqual(shown, want) {
			t.Errorf("%s: the policy editor shows %q, want %q", lang.code, shown, want)
		}
	}
	act(t, ctx, "save a bad target",
		chromedp.SetValue(chromedp.ID("pol-3-first"), "half an hour"),
		chromedp.Click(chromedp.ID("save-policies")),
		chromedp.WaitVisible(chromedp.ID("settings-error")))
	msg := read(t, ctx, chromedp.Text(chromedp.ID("settings-error")))
	invalid := read(t, ctx, chromedp.Evaluate[string](`document.getElementById('pol-3-first').getAttribute('aria-invalid') || ''`))
	if !strings.HasPrefix(msg, "policies[3].first_response: ") || invalid != "true" {
		t.Errorf("error %q, aria-invalid %q", msg, invalid)
	}
	act(t, ctx, "save a bad priority",
		chromedp.SetValue(chromedp.ID("pol-3-first"), "20m"),
		chromedp.SetValue(chromedp.ID("pol-3-priorities"), "urgent, asap"),
		chromedp.Click(chromedp.ID("save-policies")))
	settle(t, ctx, "the priority error", `document.readyState === 'complete' && (document.getElementById('settings-error') || {}).textContent?.startsWith('policies[3].when.priorities: ')`)
	if got := policies(); !reflect.DeepEqual(got, before) {
		t.Fatalf("a refused edit changed the policies: %+v", got)
	}
	act(t, ctx, "save a tighter urgent policy",
		chromedp.WaitVisible(chromedp.ID("pol-3-priorities")),
		chromedp.SetValue(chromedp.ID("pol-3-priorities"), "urgent"),
		chromedp.SetValue(chromedp.ID("pol-3-first"), "20m"),
		chromedp.Click(chromedp.ID("save-policies")),
		chromedp.WaitVisible(chromedp.ID("settings-saved")))
	got := policies()
	want := before
	want[3].When.Priorities, want[3].FirstResponse = []rapport.Priority{rapport.PriorityUrgent}, service.Duration(20*time.Minute)
	if !reflect.DeepEqual(got, want) {
		t.Errorf("saved policies\n %+v\nwant\n %+v", got, want)
	}
}
