package web_test

import (
	"context"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/rapport-cx/rapport"
	"github.com/rapport-cx/rapport/internal/segment"
	"github.com/rapport-cx/rapport/internal/web"
)

// scanSegments stores the lifecycle defaults and evaluates everyone at the
// console's now, as the periodic scan does on a serving node.
func (b *bundle) scanSegments(t *testing.T) {
	t.Helper()
	eng := segment.NewEngine(segment.Config{Store: b.store, Clock: &rapport.FixedClock{T: now}})
	if err := eng.EnsureDefaults(context.Background()); err != nil {
		t.Fatal(err)
	}
	if err := eng.Scan(context.Background(), now); err != nil {
		t.Fatal(err)
	}
}

// buyers counts the customers with at least one order, from the profiles.
func (b *bundle) buyers(t *testing.T) int {
	t.Helper()
	ctx := context.Background()
	list, _, err := b.store.SearchCustomers(ctx, rapport.CustomerQuery{Limit: 100000})
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, s := range list {
		c, err := b.store.Customer(ctx, s.ID)
		if err != nil {
			t.Fatal(err)
		}
		if c.Stats.Orders >= 1 {
			n++
		}
	}
	return n
}

func TestSegmentsBrowser(t *testing.T) {
	ctx := browser(t)
	b := setup(t)
	b.importRetail(t)
	b.scanSegments(t)
	dir := artefacts(t)
	act(t, ctx, "open the console", chromedp.Navigate(b.server.URL+"/"), chromedp.WaitVisible(chromedp.ID("login-submit")))
	login(t, ctx)

	checkSegmentList(t, ctx, b, "en", "New", "days since registration")
	screenshot(t, ctx, dir, "segments-en")
	act(t, ctx, "open the lifecycle segment new", chromedp.Click(css(`tr[data-segment="new"] a`)), chromedp.WaitVisible(chromedp.ID("segment-name")))
	if name := read(t, ctx, chromedp.Text(chromedp.ID("segment-name"))); name != "New" {
		t.Errorf("/segments/new shows %q, want the lifecycle segment New", name)
	}
	buyers := b.buyers(t)
	buildSegment(t, ctx, buyers)
	screenshot(t, ctx, dir, "segment-builder-en")
	act(t, ctx, "save", chromedp.Click(chromedp.ID("save-segment")), chromedp.WaitVisible(chromedp.ID("segment-size")))
	checkSegmentDetail(t, ctx, buyers)
	screenshot(t, ctx, dir, "segment-detail-en")
	checkRuleError(t, ctx)
	checkCustomerSegments(t, ctx, b, "ann", "en")

	act(t, ctx, "switch to Chinese", chromedp.Navigate(b.server.URL+"/segments"),
		chromedp.Click(css(`.lang-switch button[data-lang="zh"]`)), chromedp.WaitVisible(css(`html[lang="zh-CN"] #segments`)))
	checkSegmentList(t, ctx, b, "zh", "新增用户", "注册天数")
	screenshot(t, ctx, dir, "segments-zh")
	act(t, ctx, "open the detail in Chinese", chromedp.Click(css(`tr[data-segment="buyers"] a`)),
		chromedp.WaitVisible(css(`#chart-sizes[data-rendered="true"] canvas`)))
	if words := read(t, ctx, chromedp.Text(chromedp.ID("segment-words"))); words != "订单数 ≥ 1" {
		t.Errorf("Chinese definition %q", words)
	}
	screenshot(t, ctx, dir, "segment-detail-zh")
	act(t, ctx, "builder in Chinese", chromedp.Navigate(b.server.URL+"/segments/create"), chromedp.WaitVisible(css(`#preview-error`)))
	if legend := read(t, ctx, chromedp.Text(css(`#segment-form legend`))); legend != "条件" {
		t.Errorf("Chinese builder legend %q", legend)
	}
	checkCustomerSegments(t, ctx, b, "ann", "zh")
	screenshot(t, ctx, dir, "customer-segments-zh", chromedp.CaptureScreenshot())
}

// checkSegmentList compares the list with the store's sizes and words.
func checkSegmentList(t *testing.T, ctx context.Context, b *bundle, lang, newName, newWords string) {
	t.Helper()
	act(t, ctx, "open Segments", chromedp.Click(css(`[data-nav="segments"]`)), chromedp.WaitVisible(chromedp.ID("segments")))
	sizes, err := b.store.SegmentSizes(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	rows := read(t, ctx, chromedp.Evaluate[[][]string](`[...document.querySelectorAll('#segments tbody tr')].map(r =>
		[r.dataset.segment, r.querySelector('.size').textContent.trim(), r.querySelector('a').textContent.trim(), r.querySelector('.words').textContent.trim()])`))
	if len(rows) < 6 || rows[0][0] != segment.Problem || rows[5][0] != segment.New {
		t.Fatalf("%s list rows %v, want the six lifecycle segments first in precedence order", lang, rows)
	}
	for _, r := range rows {
		if r[1] != web.FormatInt(sizes[r[0]]) {
			t.Errorf("%s: %s shows %s members, store has %d", lang, r[0], r[1], sizes[r[0]])
		}
		if r[0] == segment.New && (r[2] != newName || !strings.Contains(r[3], newWords)) {
			t.Errorf("%s: new is shown as %q, %q", lang, r[2], r[3])
		}
	}
	if n := read(t, ctx, chromedp.Evaluate[int](`document.querySelectorAll('#segments svg.spark polyline').length`)); n < 6 {
		t.Errorf("%s: %d sparklines", lang, n)
	}
}

// buildSegment fills the builder row by row and waits for the live count.
func buildSegment(t *testing.T, ctx context.Context, want int) {
	t.Helper()
	act(t, ctx, "open the builder", chromedp.Click(css(`[data-nav="segments"]`)), chromedp.WaitVisible(chromedp.ID("new-segment")),
		chromedp.Click(chromedp.ID("new-segment")), chromedp.WaitVisible(chromedp.ID("segment-form")),
		chromedp.WaitVisible(css(`#preview-error[data-field="rule"]`)), // an empty rule says what is missing
		chromedp.SendKeys(chromedp.ID("seg-id"), "buyers"),
		chromedp.SendKeys(chromedp.ID("seg-name"), "Buyers"),
		chromedp.SetValue(chromedp.ID("field-0"), "orders"),
		chromedp.SetValue(chromedp.ID("op-0"), ">="),
		chromedp.SendKeys(chromedp.ID("value-0"), "1"),
		chromedp.WaitVisible(css(`#preview-count`)))
	got := read(t, ctx, chromedp.AttributeValue(css(`#preview-count`), "data-count")).Value
	if got != strconv.Itoa(want) {
		t.Errorf("live preview counts %s, want %d buyers", got, want)
	}
}

func checkSegmentDetail(t *testing.T, ctx context.Context, want int) {
	t.Helper()
	act(t, ctx, "wait for the size chart", chromedp.WaitVisible(css(`#chart-sizes[data-rendered="true"] canvas`)))
	size := read(t, ctx, chromedp.AttributeValue(chromedp.ID("segment-size"), "data-value")).Value
	rows := read(t, ctx, chromedp.Evaluate[int](`document.querySelectorAll('#members tbody tr').length`))
	if size != strconv.Itoa(want) || rows != min(want, 50) {
		t.Errorf("detail: size %s, %d member rows; want %d", size, rows, want)
	}
	tags := read(t, ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll('#distributions [data-tag]')].map(e => e.dataset.tag)`))
	if strings.Join(tags, ",") != "stage,gender,age_band,region,channel" {
		t.Errorf("tag distributions %v", tags)
	}
	csv := read(t, ctx, chromedp.Evaluate[string](`fetch(document.getElementById('export-csv').href).then(r => r.text())`, chromedp.EvalAwaitPromise))
	if lines := strings.Split(strings.TrimSpace(csv), "\n"); len(lines) != want+1 || !strings.HasPrefix(lines[0], "customer_id,") {
		t.Errorf("CSV export has %d lines, want a header and %d members", len(lines), want)
	}
}

// checkRuleError: a bad rule in the JSON box is named by its path.
func checkRuleError(t *testing.T, ctx context.Context) {
	t.Helper()
	act(t, ctx, "edit with a bad rule", chromedp.Click(chromedp.ID("edit-segment")), chromedp.WaitVisible(chromedp.ID("seg-json")),
		chromedp.SetValue(chromedp.ID("seg-json"), `{"all":[{"field":"orders","op":">=","value":1},{"event":{"name":"Product Viewed","within_days":0}}]}`),
		chromedp.SendKeys(chromedp.ID("seg-json"), " "),
		chromedp.WaitVisible(css(`#preview-error[data-field="rule.all[1].event.within_days"]`)),
		chromedp.Click(chromedp.ID("save-segment")),
		chromedp.WaitVisible(css(`#form-error[data-field="rule.all[1].event.within_days"]`)))
}

// checkCustomerSegments: the Customer 360 shows the customer's segments
// and primary stage as the store holds them.
func checkCustomerSegments(t *testing.T, ctx context.Context, b *bundle, id, lang string) {
	t.Helper()
	list, err := b.store.CustomerSegments(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, m := range list {
		ids = append(ids, m.SegmentID)
	}
	act(t, ctx, "open the Customer 360", chromedp.Navigate(b.server.URL+"/customers/"+id),
		chromedp.WaitVisible(css(`#customer-segments[data-loaded="true"]`)))
	shown := read(t, ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll('#customer-segments [data-segment]')].map(e => e.dataset.segment)`))
	if strings.Join(shown, ",") == "" && len(ids) > 0 || len(shown) != len(ids) {
		t.Errorf("%s: 360 shows segments %v, store has %v", lang, shown, ids)
	}
	primary := read(t, ctx, chromedp.Text(chromedp.ID("primary-stage")))
	want := "—"
	if p := segment.Primary(ids); p != "" {
		want = map[string]map[string]string{"en": {"seed": "Seed", "high_value": "High value", "churn_risk": "Churn risk", "problem": "Problem", "new": "New", "potential": "Potential"},
			"zh": {"seed": "种子用户", "high_value": "高价值用户", "churn_risk": "流失风险用户", "problem": "问题用户", "new": "新增用户", "potential": "潜力用户"}}[lang][p]
	}
	if primary != want {
		t.Errorf("%s: primary stage %q, want %q (segments %v)", lang, primary, want, ids)
	}
}
