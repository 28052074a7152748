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
	"github.com/rapport-cx/rapport/internal/predict"
)

// TestPredictPages opens the RFM and cluster pages and the predicted card of
// Customer 360 in Chromium, in English and Chinese, before and after a model
// run on a small demo shop.
func TestPredictPages(t *testing.T) {
	ctx := browser(t)
	b := setup(t)
	dir := artefacts(t)
	act(t, ctx, "open the login page", chromedp.Navigate(b.server.URL+"/login"), chromedp.WaitVisible(chromedp.ID("login-submit")))
	login(t, ctx)

	act(t, ctx, "RFM page before any run, reached from the segments list", chromedp.Navigate(b.server.URL+"/segments"),
		chromedp.Click(chromedp.ID("rfm-link")), chromedp.WaitVisible(chromedp.ID("no-model-run")))

	end := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	if _, err := demo.LoadOptions(context.Background(), b.store, 1, end, demo.Options{Customers: 300, Visitors: -1}, nil); err != nil {
		t.Fatal(err)
	}
	run, err := predict.Refresh(context.Background(), b.store, &rapport.FixedClock{T: end}, end, predict.Options{})
	if err != nil {
		t.Fatal(err)
	}
	rep, err := predict.DecodeReport(run)
	if err != nil {
		t.Fatal(err)
	}

	checkRFMPage(t, ctx, b, rep)
	screenshot(t, ctx, dir, "rfm-en")
	checkClustersPage(t, ctx, b, rep, "en")
	screenshot(t, ctx, dir, "clusters-en")
	checkPredictedCard(t, ctx, b, "Churn probability (90 days)")

	act(t, ctx, "switch to Chinese", chromedp.Navigate(b.server.URL+"/segments/rfm"),
		chromedp.WaitVisible(chromedp.ID("rfm-segments")),
		chromedp.Click(css(`.lang-switch button[data-lang="zh"]`)),
		chromedp.WaitVisible(css(`html[lang="zh-CN"] #rfm-segments`)),
		chromedp.WaitVisible(css(`#rfm-heatmap[data-rendered="true"] canvas`)))
	title := read(t, ctx, chromedp.Text(css(`main h1`)))
	champions := read(t, ctx, chromedp.Text(css(`[data-segment="Champions"] th`)))
	quality := read(t, ctx, chromedp.Text(css(`#model-quality h2`)))
	if title != "RFM 分层" || champions != "冠军客户" || quality != "模型质量" {
		t.Errorf("Chinese RFM page: title %q, Champions row %q, quality %q", title, champions, quality)
	}
	screenshot(t, ctx, dir, "rfm-zh")
	checkClustersPage(t, ctx, b, rep, "zh")
	screenshot(t, ctx, dir, "clusters-zh")
	checkPredictedCard(t, ctx, b, "流失概率（90 天）")
}

func checkRFMPage(t *testing.T, ctx context.Context, b *bundle, rep *predict.Report) {
	t.Helper()
	act(t, ctx, "open the RFM page", chromedp.Navigate(b.server.URL+"/segments/rfm"),
		chromedp.WaitVisible(css(`#rfm-heatmap[data-rendered="true"] canvas`)))
	sizes := read(t, ctx, chromedp.Evaluate[map[string]string](`Object.fromEntries([...document.querySelectorAll('#rfm-segments [data-segment]')].map(r => [r.dataset.segment, r.querySelector('td.num').textContent.trim()]))`))
	if len(sizes) != 11 {
		t.Fatalf("%d segment rows, want 11: %v", len(sizes), sizes)
	}
	var total int
	for _, name := range predict.Segments {
		n, err := strconv.Atoi(strings.ReplaceAll(sizes[name], ",", ""))
		if err != nil || n != rep.SegmentSizes[name] {
			t.Errorf("segment %s shows %q, the run counted %d", name, sizes[name], rep.SegmentSizes[name])
		}
		total += n
	}
	if total != rep.Customers {
		t.Errorf("segment sizes add up to %d, %d customers were scored", total, rep.Customers)
	}
	rule := read(t, ctx, chromedp.Text(css(`[data-segment="Champions"] td`)))
	auc := read(t, ctx, chromedp.Text(chromedp.ID("churn-auc")))
	rows := read(t, ctx, chromedp.Evaluate[int](`document.querySelectorAll('#backtest [data-forecast]').length`))
	if rule != "R4–5 · FM4–5" || auc != strconv.FormatFloat(rep.Churn.AUC, 'f', 3, 64) || rows != 3 {
		t.Errorf("Champions rule %q, churn AUC %q (run %.3f), backtest rows %d", rule, auc, rep.Churn.AUC, rows)
	}
}

func checkClustersPage(t *testing.T, ctx context.Context, b *bundle, rep *predict.Report, lang string) {
	t.Helper()
	act(t, ctx, "open the clusters page", chromedp.Navigate(b.server.URL+"/segments/clusters"),
		chromedp.WaitVisible(css(`#cluster-scatter[data-rendered="true"] canvas`)))
	descs := read(t, ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll('#clusters .cluster-desc')].map(e => e.textContent.trim())`))
	if len(descs) != len(rep.Clustering.Clusters) {
		t.Fatalf("%d cluster rows, the run has %d", len(descs), len(rep.Clustering.Clusters))
	}
	for i, c := range rep.Clustering.Clusters {
		want := c.En
		if lang == "zh" {
			want = c.Zh
		}
		if descs[i] != want {
			t.Errorf("cluster %d described %q, want %q", c.ID, descs[i], want)
		}
	}
}

func checkPredictedCard(t *testing.T, ctx context.Context, b *bundle, churnLabel string) {
	t.Helper()
	tags, err := b.store.PredictedTags(context.Background(), "C100001")
	if err != nil {
		t.Fatal(err)
	}
	act(t, ctx, "open a tagged customer", chromedp.Navigate(b.server.URL+"/customers/C100001"),
		chromedp.WaitVisible(css(`#predicted [data-predicted="churn_probability"]`)))
	label := read(t, ctx, chromedp.Text(css(`[data-predicted="churn_probability"] dt`)))
	value := read(t, ctx, chromedp.AttributeValue(css(`[data-predicted="churn_probability"]`), "data-value"))
	method := read(t, ctx, chromedp.AttributeValue(css(`[data-predicted="churn_probability"]`), "title"))
	rfm := read(t, ctx, chromedp.Text(css(`[data-predicted="rfm"] dd`)))
	if label != churnLabel || value.Value != strconv.FormatFloat(tags.ChurnProbability, 'f', -1, 64) ||
		!strings.Contains(method.Value, "AUC") || !strings.HasPrefix(rfm, "R"+strconv.Itoa(tags.Recency)+" F") {
		t.Errorf("predicted card: label %q, value %q (want %v), method %q, rfm %q", label, value.Value, tags.ChurnProbability, method.Value, rfm)
	}
}
