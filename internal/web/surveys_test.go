package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/rapport-cx/rapport"
	"github.com/rapport-cx/rapport/internal/segment"
	"github.com/rapport-cx/rapport/internal/survey"
)

// issuedLink creates an NPS survey triggered by resolved tickets, resolves
// one of Ann's tickets at resolved and returns the survey and the link the
// scan at resolved issues.
func (b *bundle) issuedLink(t *testing.T, key string, resolved time.Time, linkDays int) (*rapport.Survey, string) {
	t.Helper()
	ctx := context.Background()
	svc := survey.New(b.store, &rapport.FixedClock{T: resolved}, nil)
	sv := &rapport.Survey{Key: key, Name: "After service " + key, Kind: rapport.SurveyNPS, TriggerEvent: rapport.EventTicketResolved,
		Touchpoint: "after_sale", LinkDays: linkDays, Active: true}
	if err := svc.Create(ctx, sv); err != nil {
		t.Fatal(err)
	}
	e := &rapport.Event{MessageID: "resolve-" + key, Type: rapport.TypeTrack, Name: rapport.EventTicketResolved, UserID: "ann",
		Channel: rapport.ChannelApp, Timestamp: resolved, ReceivedAt: resolved}
	if _, err := b.store.Ingest(ctx, []*rapport.Event{e}); err != nil {
		t.Fatal(err)
	}
	if err := svc.Observe(ctx, []*rapport.Event{e}); err != nil {
		t.Fatal(err)
	}
	if err := svc.Scan(ctx, resolved); err != nil {
		t.Fatal(err)
	}
	list, err := b.store.Invitations(ctx, rapport.InvitationQuery{SurveyID: sv.ID, Status: rapport.InviteSent})
	if err != nil || len(list) != 1 {
		all, _ := b.store.Invitations(ctx, rapport.InvitationQuery{})
		t.Fatalf("invitations %v, %v; all %+v", list, err, all)
	}
	token, err := svc.LinkFor(ctx, &list[0])
	if err != nil {
		t.Fatal(err)
	}
	sv.Active = false // later tickets in the test invite to their own survey only
	if err := b.store.UpdateSurvey(ctx, sv); err != nil {
		t.Fatal(err)
	}
	return sv, token
}

// TestAnswerLinkOverHTTP: the hosted page needs no login, answers once, and
// refuses forged, expired and reused links with a clear message.
func TestAnswerLinkOverHTTP(t *testing.T) {
	b := setup(t)
	c := b.client(t)
	_, old := b.issuedLink(t, "old", now.Add(-40*24*time.Hour), 3) // expired 37 days ago
	_, token := b.issuedLink(t, "fresh", now.Add(-time.Hour), 7)

	resp, body := b.get(t, c, "/s/"+token, "Accept-Language", "zh-CN,zh;q=0.9")
	if resp.StatusCode != 200 || !strings.Contains(body, "您有多大可能向朋友或同事推荐我们？") || !strings.Contains(body, `name="viewport"`) {
		t.Fatalf("answer page: %d\n%s", resp.StatusCode, body)
	}
	for _, tc := range []struct {
		name, path string
		form       url.Values
		status     int
		text       string
	}{
		{"no score", "/s/" + token, url.Values{"reason": {"x"}}, http.StatusUnprocessableEntity, "Please pick a score first."},
		{"off the scale", "/s/" + token, url.Values{"score": {"11"}}, http.StatusUnprocessableEntity, "Please pick a score first."},
		{"answer", "/s/" + token, url.Values{"score": {"9"}, "reason": {"Quick refund"}}, http.StatusOK, "Your answer is recorded."},
		{"reused", "/s/" + token, url.Values{"score": {"2"}}, http.StatusConflict, "This survey was already answered with this link."},
		{"forged", "/s/" + strings.Replace(token, ".", ".9", 1), url.Values{"score": {"10"}}, http.StatusForbidden, "This link is not valid"},
		{"expired", "/s/" + old, url.Values{"score": {"10"}}, http.StatusGone, "This link has expired."},
	} {
		resp, body := b.post(t, c, tc.path, tc.form)
		if resp.StatusCode != tc.status || !strings.Contains(body, tc.text) {
			t.Errorf("%s: %d, want %d with %q:\n%s", tc.name, resp.StatusCode, tc.status, tc.text, body)
		}
	}
	if resp, body := b.get(t, c, "/s/"+old); resp.StatusCode != http.StatusGone || !strings.Contains(body, "expired") {
		t.Errorf("opening an expired link: %d", resp.StatusCode)
	}
	answers, err := b.store.SurveyResponses(context.Background(), 0, 0)
	if err != nil || len(answers) != 1 || answers[0].Score != 9 || answers[0].Reason != "Quick refund" {
		t.Fatalf("stored answers %+v, %v; want only the one answer", answers, err)
	}
}

// TestBrowserSurveys builds a survey in the console, answers it on the hosted
// page in Chinese, and reads its results and preview in English and Chinese.
func TestBrowserSurveys(t *testing.T) {
	ctx := browser(t)
	b := setup(t)
	dir := artefacts(t)
	act(t, ctx, "open the answer page of a forged link", chromedp.Navigate(b.server.URL+"/s/forged.token?lang=en"),
		chromedp.WaitVisible(chromedp.ID("answer-problem")))
	if msg := read(t, ctx, chromedp.Text(chromedp.ID("answer-problem"))); !strings.Contains(msg, "not valid") {
		t.Errorf("forged link says %q", msg)
	}
	act(t, ctx, "open the console", chromedp.Navigate(b.server.URL+"/login"), chromedp.WaitVisible(chromedp.ID("login-submit")))
	login(t, ctx)
	eng := segment.NewEngine(segment.Config{Store: b.store, Clock: &rapport.FixedClock{T: now}})
	if err := eng.EnsureDefaults(context.Background()); err != nil {
		t.Fatal(err)
	}
	act(t, ctx, "open surveys", chromedp.Navigate(b.server.URL+"/surveys"), chromedp.WaitVisible(chromedp.ID("no-surveys")))
	act(t, ctx, "build a CSAT survey",
		chromedp.SendKeys(chromedp.ID("f-name"), "Delivery CSAT"),
		chromedp.SetValue(chromedp.ID("f-kind"), "csat"),
		chromedp.SetValue(chromedp.ID("f-trigger"), rapport.EventOrderDelivered),
		chromedp.Click(css(`input[name="segments"][value="churn_risk"]`)),
		chromedp.Click(chromedp.ID("create-survey")),
		chromedp.WaitVisible(chromedp.ID("preview-zh")))
	screenshot(t, ctx, dir, "survey-detail-en")
	previewEN := read(t, ctx, chromedp.Text(css(`#preview-en h1`)))
	previewZH := read(t, ctx, chromedp.Text(css(`#preview-zh h1`)))
	options := read(t, ctx, chromedp.Evaluate[int](`document.querySelectorAll('#preview-en input[name=score]').length`))
	if previewEN != "How satisfied are you with your experience?" || previewZH != "您对本次体验的满意度如何？" || options != 5 {
		t.Errorf("preview: %q / %q with %d options", previewEN, previewZH, options)
	}
	trigger := read(t, ctx, chromedp.Text(chromedp.ID("survey-trigger")))
	if trigger != rapport.EventOrderDelivered {
		t.Errorf("trigger shown %q", trigger)
	}
	if target := read(t, ctx, chromedp.Text(chromedp.ID("survey-target"))); target != "Target: members of Churn risk" {
		t.Errorf("target shown %q", target)
	}

	// A customer answers an NPS survey on the hosted page, in Chinese, on a phone-sized screen.
	sv, token := b.issuedLink(t, "nps-service", now.Add(-time.Hour), 7)
	act(t, ctx, "answer on the hosted page", chromedp.EmulateViewport(390, 800),
		chromedp.Navigate(b.server.URL+"/s/"+token+"?lang=zh"),
		chromedp.WaitVisible(chromedp.ID("answer-question")))
	screenshot(t, ctx, dir, "answer-page-zh")
	if q := read(t, ctx, chromedp.Text(chromedp.ID("answer-question"))); q != "您有多大可能向朋友或同事推荐我们？" {
		t.Errorf("question %q", q)
	}
	act(t, ctx, "pick 10 and send",
		chromedp.Click(css(`.scale-option input[value="10"] + span`)),
		chromedp.SendKeys(chromedp.ID("reason"), "退款很快"),
		chromedp.Click(chromedp.ID("answer-submit")),
		chromedp.WaitVisible(chromedp.ID("answer-done")))
	if h := read(t, ctx, chromedp.Text(css("h1"))); h != "谢谢您！" {
		t.Errorf("thanks page %q", h)
	}
	act(t, ctx, "open the spent link", chromedp.Navigate(b.server.URL+"/s/"+token+"?lang=zh"), chromedp.WaitVisible(chromedp.ID("answer-problem")))
	if msg := read(t, ctx, chromedp.Text(chromedp.ID("answer-problem"))); msg != "此问卷已通过该链接回答过。谢谢您！" {
		t.Errorf("reused link says %q", msg)
	}
	act(t, ctx, "results", chromedp.EmulateViewport(1366, 900), chromedp.Navigate(b.server.URL+"/surveys/"+itoa(sv.ID)),
		chromedp.WaitVisible(chromedp.ID("responses")))
	value := read(t, ctx, chromedp.Text(css(`.score-card .value`)))
	small := read(t, ctx, chromedp.Evaluate[bool](`!!document.querySelector('[data-small="true"]')`))
	reason := read(t, ctx, chromedp.Text(css(`#responses tbody tr td:nth-child(4)`)))
	answered := read(t, ctx, chromedp.Text(css(`#invitation-counts [data-status="answered"] td.num`)))
	if value != "100.0" || !small || reason != "退款很快" || answered != "1" {
		t.Errorf("results: NPS %q small %v reason %q answered %q", value, small, reason, answered)
	}

	act(t, ctx, "switch to Chinese", chromedp.Click(css(`.lang-switch button[data-lang="zh"]`)),
		chromedp.WaitVisible(css(`html[lang="zh-CN"] #responses`)))
	if h := read(t, ctx, chromedp.Text(css(`#invitation-counts [data-status="answered"] td`))); h != "已回答" {
		t.Errorf("Chinese status %q", h)
	}
	if target := read(t, ctx, chromedp.Text(chromedp.ID("survey-target"))); target != "目标：全部客户" {
		t.Errorf("Chinese target of an untargeted survey %q", target)
	}
	act(t, ctx, "draw the interview list", chromedp.Navigate(b.server.URL+"/surveys"),
		chromedp.WaitVisible(chromedp.ID("survey-table")),
		chromedp.Click(chromedp.ID("draw-sample")), chromedp.WaitVisible(chromedp.ID("sample-table")))
	screenshot(t, ctx, dir, "surveys-zh")
	summary := read(t, ctx, chromedp.Text(chromedp.ID("sample-summary")))
	rows := read(t, ctx, chromedp.Evaluate[int](`document.querySelectorAll('#sample-table tbody tr').length`))
	// The hand-built shop has three customers; Ann answered a survey today.
	if !strings.Contains(summary, "1 位因近期已联系而排除") || rows != 2 {
		t.Errorf("sample: %q with %d rows", summary, rows)
	}
	if label := read(t, ctx, chromedp.Text(css(`label:has(input[name="segments"][value="churn_risk"])`))); label != "流失风险用户" {
		t.Errorf("Chinese segment choice %q", label)
	}
	title := read(t, ctx, chromedp.Text(css(`#surveys-list`)))
	if title != "问卷" {
		t.Errorf("Chinese surveys heading %q", title)
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
