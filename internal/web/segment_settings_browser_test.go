package web_test

import (
	"context"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/rapport-cx/rapport/internal/segment"
)

// The lifecycle settings form shows the settings, names a bad one and
// changes nothing, and saves a good one, which rewrites the lifecycle rules;
// in English and in Chinese.
func TestSegmentSettingsBrowser(t *testing.T) {
	ctx := browser(t)
	b := setup(t)
	b.scanSegments(t)
	act(t, ctx, "open the console", chromedp.Navigate(b.server.URL+"/"), chromedp.WaitVisible(chromedp.ID("login-submit")))
	login(t, ctx)
	for _, tc := range []struct {
		lang, label, problemWords string
		problemDays               string
	}{
		{"en", "Problem: a ticket within (days)", "days since last service ticket < 2", "2"},
		{"zh", "问题用户：工单天数内", "距上次服务工单天数 < 5", "5"},
	} {
		if tc.lang == "zh" {
			act(t, ctx, "switch to Chinese", chromedp.Navigate(b.server.URL+"/segments"),
				chromedp.Click(css(`.lang-switch button[data-lang="zh"]`)), chromedp.WaitVisible(css(`html[lang="zh-CN"] #segments`)))
		}
		act(t, ctx, tc.lang+": open the settings", chromedp.Navigate(b.server.URL+"/segments"),
			chromedp.Click(chromedp.ID("settings-link")), chromedp.WaitVisible(chromedp.ID("settings-form")))
		if label := read(t, ctx, chromedp.Text(css(`label[for="problem_days"]`))); label != tc.label {
			t.Errorf("%s: problem window label %q, want %q", tc.lang, label, tc.label)
		}
		saved, err := segment.LoadSettings(context.Background(), b.store)
		if err != nil {
			t.Fatal(err)
		}
		if v := read(t, ctx, chromedp.AttributeValue(chromedp.ID("window_days"), "value")).Value; v != "90" {
			t.Errorf("%s: window shows %q, want the default 90", tc.lang, v)
		}
		act(t, ctx, tc.lang+": a problem window of 0 days", chromedp.SetValue(chromedp.ID("problem_days"), "0"),
			chromedp.Click(chromedp.ID("save-settings")))
		settle(t, ctx, tc.lang+": the error", `document.querySelector('#settings-error[data-field="problem_days"]') !== null`)
		if msg := read(t, ctx, chromedp.Text(chromedp.ID("settings-error"))); msg != tc.label+": must be between 1 and 366 days" {
			t.Errorf("%s: error %q", tc.lang, msg)
		}
		if after, _ := segment.LoadSettings(context.Background(), b.store); after != saved {
			t.Fatalf("%s: a rejected change was stored: %+v", tc.lang, after)
		}
		act(t, ctx, tc.lang+": a good window", chromedp.SetValue(chromedp.ID("problem_days"), tc.problemDays),
			chromedp.Click(chromedp.ID("save-settings")))
		settle(t, ctx, tc.lang+": saved", `document.getElementById('settings-saved') !== null`)
		if v := read(t, ctx, chromedp.AttributeValue(chromedp.ID("problem_days"), "value")).Value; v != tc.problemDays {
			t.Errorf("%s: after saving the form shows %q", tc.lang, v)
		}
		act(t, ctx, tc.lang+": the problem segment", chromedp.Navigate(b.server.URL+"/segments/problem"), chromedp.WaitVisible(chromedp.ID("segment-words")))
		if words := read(t, ctx, chromedp.Text(chromedp.ID("segment-words"))); words != tc.problemWords {
			t.Errorf("%s: problem rule in words %q, want %q", tc.lang, words, tc.problemWords)
		}
	}
}
