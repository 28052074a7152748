package web_test

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/rapport-cx/rapport"
	"github.com/rapport-cx/rapport/internal/demo"
	"github.com/rapport-cx/rapport/internal/insight"
	"github.com/rapport-cx/rapport/internal/predict"
	"github.com/rapport-cx/rapport/internal/textan"
)

// loadDemo adds a small demo shop, twelve months up to the console's now.
func (b *bundle) loadDemo(t *testing.T) *insight.Facts {
	t.Helper()
	ctx := context.Background()
	if _, err := demo.LoadOptions(ctx, b.store, 5, now, demo.Options{Customers: 300, Visitors: -1}, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := predict.Refresh(ctx, b.store, &rapport.FixedClock{T: now}, now, predict.Options{Clusters: 3}); err != nil {
		t.Fatal(err)
	}
	f, err := insight.Load(ctx, b.store, now.Add(-365*24*time.Hour), now)
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// TestBrowserInsights walks the satisfaction dashboard, voice of customer,
// pain points and action items on a demo shop, in English and Chinese, and
// checks the figures against the analyses computed here.
func TestBrowserInsights(t *testing.T) {
	ctx := browser(t)
	b := setup(t)
	f := b.loadDemo(t)
	dir := artefacts(t)
	act(t, ctx, "open the console", chromedp.Navigate(b.server.URL+"/login"), chromedp.WaitVisible(chromedp.ID("login-submit")))
	login(t, ctx)

	// Satisfaction: cards, trend and quadrant charts, drivers.
	act(t, ctx, "satisfaction", chromedp.Navigate(b.server.URL+"/insights"),
		chromedp.WaitVisible(css(`#chart-trend[data-rendered="true"] canvas`)),
		chromedp.WaitVisible(css(`#chart-quadrant[data-rendered="true"] canvas`)))
	screenshot(t, ctx, dir, "satisfaction-en")
	all := insight.Score(f.Feedback)
	nps := read(t, ctx, chromedp.Text(css(`[data-score="nps"] .value`)))
	csatCI := read(t, ctx, chromedp.Text(css(`[data-score="csat"] .ci`)))
	wantNPS := strconv.FormatFloat(all.Scores["nps"].Value, 'f', 1, 64)
	if nps != wantNPS || !strings.HasPrefix(csatCI, "95% CI ") {
		t.Errorf("NPS card %q (want %q), CSAT interval %q", nps, wantNPS, csatCI)
	}
	drivers, err := insight.Drivers(f.Feedback, "nps")
	if err != nil {
		t.Fatal(err)
	}
	rows := read(t, ctx, chromedp.Evaluate[int](`document.querySelectorAll('#drivers tbody tr').length`))
	if rows != len(drivers.Drivers) {
		t.Errorf("%d driver rows, want %d", rows, len(drivers.Drivers))
	}
	touch := read(t, ctx, chromedp.Evaluate[int](`document.querySelectorAll('#by-touchpoint tbody tr').length`))
	if want := len(insight.Breakdown(f.Feedback, "touchpoint")); touch != want {
		t.Errorf("%d touchpoint rows, want %d", touch, want)
	}
	// By RFM tier: one row per named segment with answers, NPS as computed.
	tiers := insight.Breakdown(f.Feedback, "rfm")
	shown := read(t, ctx, chromedp.Evaluate[map[string]string](`Object.fromEntries([...document.querySelectorAll('#by-rfm tbody tr')]
		.map(r => [r.dataset.key, r.querySelector('[data-kind="nps"]').textContent.replace('⚠', '').trim()]))`))
	if len(tiers) < 3 || len(shown) != len(tiers) {
		t.Errorf("RFM rows %v, want %d tiers", shown, len(tiers))
	}
	for _, g := range tiers {
		want := "–"
		if s := g.Scores[insight.KindNPS]; s.Count > 0 {
			want = strconv.FormatFloat(s.Value, 'f', 1, 64)
		}
		if shown[g.Key] != want {
			t.Errorf("RFM %s: NPS shown %q, want %q", g.Key, shown[g.Key], want)
		}
	}
	act(t, ctx, "quarterly review trend", chromedp.SetValue(chromedp.ID("trend-kind"), "rating"),
		chromedp.SetValue(chromedp.ID("trend-grain"), "quarter"), chromedp.Click(chromedp.ID("trend-apply")),
		chromedp.WaitVisible(css(`#trend-table [data-period*="-Q"]`)),
		chromedp.WaitVisible(css(`#chart-trend[data-rendered="true"] canvas`)))
	quarters := read(t, ctx, chromedp.Evaluate[int](`document.querySelectorAll('#trend-table tbody tr').length`))
	if want := len(insight.Trend(f.Feedback, "rating", "quarter")); quarters != want || want < 4 {
		t.Errorf("%d quarters shown, want %d", quarters, want)
	}

	// Voice of customer.
	act(t, ctx, "voice", chromedp.Click(chromedp.ID("tab-voice")),
		chromedp.WaitVisible(css(`#chart-sentiment[data-rendered="true"] canvas`)),
		chromedp.WaitVisible(css(`#chart-aspects[data-rendered="true"] canvas`)))
	screenshot(t, ctx, dir, "voice-en")
	quotes := read(t, ctx, chromedp.Evaluate[int](`document.querySelectorAll('#quotes .quote').length`))
	if quotes == 0 {
		t.Error("no quotes on the voice page")
	}

	// Pain points, ranked as the analysis ranks them.
	points := insight.PainPoints(f, insight.NewTextAnalyzer())
	act(t, ctx, "pain points", chromedp.Click(chromedp.ID("tab-pain")), chromedp.WaitVisible(chromedp.ID("ranking-explained")))
	screenshot(t, ctx, dir, "pain-points-en")
	order := read(t, ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll('[data-aspect]')].map(e => e.dataset.aspect)`))
	if len(order) != len(points) || order[0] != points[0].Aspect {
		t.Fatalf("pain points shown %v, want %d starting with %s", order, len(points), points[0].Aspect)
	}
	mentions := read(t, ctx, chromedp.Text(css(`[data-aspect="`+points[0].Aspect+`"] [data-field="mentions"]`)))
	if mentions != strconv.Itoa(points[0].Mentions) {
		t.Errorf("mentions %q, want %d", mentions, points[0].Mentions)
	}
	topTier := ""
	for tier, n := range points[0].Tiers {
		if topTier == "" || n > points[0].Tiers[topTier] || (n == points[0].Tiers[topTier] && tier < topTier) {
			topTier = tier
		}
	}
	shownTiers := read(t, ctx, chromedp.Text(css(`[data-aspect="`+points[0].Aspect+`"] [data-field="tiers"]`)))
	if want := topTier + " " + strconv.Itoa(points[0].Tiers[topTier]); topTier == "" || !strings.HasPrefix(shownTiers, want) {
		t.Errorf("affected RFM tiers %q, want first %q", shownTiers, want)
	}

	// The first pain point becomes an action item; its change date splits the metric.
	owner, _, days := insight.Assign(points[0])
	act(t, ctx, "create action", chromedp.Click(css(`[data-create-action="`+points[0].Aspect+`"]`)),
		chromedp.WaitVisible(chromedp.ID("no-change")))
	summary := read(t, ctx, chromedp.Text(chromedp.ID("action-summary")))
	if due := now.AddDate(0, 0, days).Format("2006-01-02"); !strings.Contains(summary, due) || !strings.Contains(strings.ToLower(summary), owner) {
		t.Errorf("summary %q, want owner %s due %s", summary, owner, due)
	}
	change := now.AddDate(0, 0, -20)
	act(t, ctx, "set the change date", chromedp.SetValue(chromedp.ID("a-changed"), change.Format("2006-01-02")),
		chromedp.SetValue(chromedp.ID("a-status"), rapport.ActionInProgress),
		chromedp.Click(chromedp.ID("save-action")), chromedp.WaitVisible(chromedp.ID("before-after")))
	screenshot(t, ctx, dir, "action-en")
	items, _ := b.store.ActionItems(context.Background())
	ba, err := insight.Compare(f, &items[0], insight.NewTextAnalyzer(), 30)
	if err != nil {
		t.Fatal(err)
	}
	before := read(t, ctx, chromedp.Text(css(`[data-window="before"] .value`)))
	if want := strconv.FormatFloat(ba.Before.Value, 'f', 1, 64); before != want {
		t.Errorf("before %q, want %q", before, want)
	}

	// An overdue item is flagged in the list.
	late := &rapport.ActionItem{Title: "Slow replies", Aspect: "customer_service", Owner: "service", Rule: "manual", Metric: "csat",
		Status: rapport.ActionOpen, DueAt: now.AddDate(0, 0, -2), CreatedAt: now.AddDate(0, 0, -30)}
	if err := b.store.CreateActionItem(context.Background(), late); err != nil {
		t.Fatal(err)
	}
	act(t, ctx, "actions", chromedp.Navigate(b.server.URL+"/actions"), chromedp.WaitVisible(chromedp.ID("action-table")))
	flags := read(t, ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll('[data-action]')].map(e => e.dataset.overdue)`))
	if strings.Join(flags, ",") != "true,false" {
		t.Errorf("overdue flags %v, want the late item first and flagged", flags)
	}

	// Chinese.
	act(t, ctx, "switch to Chinese", chromedp.Click(css(`.lang-switch button[data-lang="zh"]`)),
		chromedp.WaitVisible(css(`html[lang="zh-CN"] #action-table`)))
	if s := read(t, ctx, chromedp.Text(css(`[data-overdue="true"] .overdue`))); strings.TrimSpace(s) != "已逾期" {
		t.Errorf("Chinese overdue flag %q", s)
	}
	act(t, ctx, "Chinese pain points", chromedp.Navigate(b.server.URL+"/insights/pain-points"), chromedp.WaitVisible(chromedp.ID("ranking-explained")))
	explain := read(t, ctx, chromedp.Text(chromedp.ID("ranking-explained")))
	heading := read(t, ctx, chromedp.Text(css(`[data-aspect] h2`)))
	if !strings.Contains(explain, "频率 × 严重度") || !strings.Contains(explain, "产品，14 天") || !strings.HasPrefix(heading, "1. ") {
		t.Errorf("Chinese pain points: %q / %q", explain, heading)
	}
	zhTiers := read(t, ctx, chromedp.Text(css(`[data-aspect="`+points[0].Aspect+`"] [data-field="tiers"]`)))
	if !textan.HasHan(zhTiers) || !strings.Contains(zhTiers, " "+strconv.Itoa(points[0].Tiers[topTier])) {
		t.Errorf("Chinese affected RFM tiers %q", zhTiers)
	}
	screenshot(t, ctx, dir, "pain-points-zh")
	act(t, ctx, "Chinese satisfaction", chromedp.Navigate(b.server.URL+"/insights"),
		chromedp.WaitVisible(css(`#chart-quadrant[data-rendered="true"] canvas`)))
	if h := read(t, ctx, chromedp.Evaluate[string](`[...document.querySelectorAll('h2')].map(e => e.textContent).join('|')`)); !strings.Contains(h, "按触点") || !strings.Contains(h, "按 RFM 分层") || !strings.Contains(h, "影响 NPS 的因素") {
		t.Errorf("Chinese headings %q", h)
	}
	act(t, ctx, "Chinese voice", chromedp.Navigate(b.server.URL+"/insights/voice"),
		chromedp.WaitVisible(css(`#chart-aspects[data-rendered="true"] canvas`)))
	if words := read(t, ctx, chromedp.Evaluate[int](`document.querySelectorAll('#word-lists .word').length`)); words == 0 {
		t.Error("no words in the Chinese voice page's word lists")
	}
	screenshot(t, ctx, dir, "voice-zh")
}
