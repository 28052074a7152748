package web_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/rapport-cx/rapport"
	"github.com/rapport-cx/rapport/internal/datasets"
	"github.com/rapport-cx/rapport/internal/textan"
)

// chineseClothingReviews turns the first n clothing (衣服) reviews of the
// online_shopping_10_cats set into Product Reviewed events: positive ones
// five stars, negative ones one star, a minute apart from at.
func chineseClothingReviews(t *testing.T, n int, at time.Time) ([]*rapport.Event, []string) {
	t.Helper()
	path, err := datasets.Locate("chinese-sentiment/online_shopping_10_cats.csv.gz")
	if err != nil {
		t.Fatal(err)
	}
	all, err := textan.LoadChineseSentiment(path)
	if err != nil {
		t.Fatal(err)
	}
	var events []*rapport.Event
	var texts []string
	for _, l := range all {
		if l.Group != "衣服" || len(events) == n {
			continue
		}
		rating := 5.0
		if l.Label == "negative" {
			rating = 1
		}
		i := len(events)
		ts := at.Add(time.Duration(i) * time.Minute)
		events = append(events, &rapport.Event{MessageID: fmt.Sprintf("zh-review-%d", i), Type: rapport.TypeTrack,
			Name: rapport.EventProductReviewed, UserID: fmt.Sprintf("zh-%d", i), Channel: rapport.ChannelMiniProgram,
			Timestamp: ts, ReceivedAt: ts, Properties: map[string]any{"rating": rating, "product_id": "zh-dress", "review_body": l.Text}})
		texts = append(texts, l.Text)
	}
	return events, texts
}

// TestBrowserVoiceOnImportedReviews imports 1,500 Women's Clothing reviews
// with the dataset importer and 600 Chinese clothing reviews into a shop
// whose clock is years later, and reads the voice of customer in English
// and Chinese: the page says it shows the year up to the latest review, and
// every aspect's word list holds words of real reviews — English ones such
// as "small" for size and fit, and Chinese ones cut by the segmenter.
func TestBrowserVoiceOnImportedReviews(t *testing.T) {
	ctx := browser(t)
	zh, zhTexts := chineseClothingReviews(t, 600, time.Date(2018, 2, 10, 0, 0, 0, 0, time.UTC))
	b := setupAt(t, time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC), zh)
	path, err := datasets.Locate(datasets.WomensClothingFile)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := datasets.Reviews(context.Background(), b.store, path, datasets.FormatWomensClothing, datasets.Options{Limit: 1500}); err != nil {
		t.Fatal(err)
	}
	enTexts := womensTexts(t, 1500)
	dir := artefacts(t)
	act(t, ctx, "open the console", chromedp.Navigate(b.server.URL+"/login"), chromedp.WaitVisible(chromedp.ID("login-submit")))
	login(t, ctx)
	act(t, ctx, "voice", chromedp.Navigate(b.server.URL+"/insights/voice"),
		chromedp.WaitVisible(css(`#chart-aspects[data-rendered="true"] canvas`)))
	screenshot(t, ctx, dir, "voice-imported-en")
	if note := read(t, ctx, chromedp.Text(chromedp.ID("window-anchored"))); note != "No feedback in the last 12 months: showing 2017-02-11 to 2018-02-10, the year up to the latest feedback." {
		t.Errorf("window note %q", note)
	}
	lists := read(t, ctx, chromedp.Evaluate[map[string][]string](`Object.fromEntries([...document.querySelectorAll('#word-lists [data-aspect]')]
		.map(e => [e.dataset.aspect, [...e.querySelectorAll('.word')].map(w => w.textContent.trim())]))`))
	t.Logf("word lists: %v", lists)
	if !contains(lists["size_fit"], "small") {
		t.Errorf("size and fit words %v: want small", lists["size_fit"])
	}
	han := 0
	for aspect, words := range lists {
		for _, w := range words {
			texts, first := enTexts, strings.Fields(w)[0]
			if textan.HasHan(w) {
				// A Chinese pair joins two words that may stand apart across
				// punctuation: look for its first two characters.
				texts, han, first = zhTexts, han+1, string([]rune(w)[:min(2, len([]rune(w)))])
			}
			if !anyContains(texts, first) {
				t.Errorf("%s: word %q is in no review", aspect, w)
			}
		}
	}
	if han == 0 {
		t.Error("no Chinese words in the word lists")
	}

	act(t, ctx, "switch to Chinese", chromedp.Click(css(`.lang-switch button[data-lang="zh"]`)),
		chromedp.WaitVisible(css(`html[lang="zh-CN"] #chart-aspects[data-rendered="true"] canvas`)))
	screenshot(t, ctx, dir, "voice-imported-zh")
	if note := read(t, ctx, chromedp.Text(chromedp.ID("window-anchored"))); !strings.HasPrefix(note, "最近 12 个月没有反馈：显示 2017-02-11 至 2018-02-10") {
		t.Errorf("Chinese window note %q", note)
	}
	label := read(t, ctx, chromedp.Text(css(`#word-lists [data-aspect="size_fit"] .kpi-label`)))
	words := read(t, ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll('#word-lists [data-aspect="size_fit"] .word')].map(w => w.textContent.trim())`))
	if label != "尺码合身" || strings.Join(words, ",") != strings.Join(lists["size_fit"], ",") {
		t.Errorf("Chinese size list %q %v, want the English page's words %v", label, words, lists["size_fit"])
	}
}

// womensTexts reads the titles and texts of the first n Women's Clothing reviews.
func womensTexts(t *testing.T, n int) []string {
	t.Helper()
	path, err := datasets.Locate(datasets.WomensClothingFile)
	if err != nil {
		t.Fatal(err)
	}
	all, err := textan.LoadWomensClothing(path)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, l := range all[:min(n*2, len(all))] {
		out = append(out, l.Text)
	}
	return out
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func anyContains(texts []string, s string) bool {
	s = strings.ToLower(s)
	for _, t := range texts {
		if strings.Contains(strings.ToLower(t), s) {
			return true
		}
	}
	return false
}
