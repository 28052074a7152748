package web_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/rapport-cx/rapport"
	"github.com/rapport-cx/rapport/internal/access"
	"github.com/rapport-cx/rapport/internal/httpapi"
)

// pick chooses a value in a select (or sets an input) and tells the page.
func pick(selector, value string) chromedp.Action[chromedp.Void] {
	sel, _ := json.Marshal(selector)
	val, _ := json.Marshal(value)
	return chromedp.Evaluate[chromedp.Void](`(() => { const e = document.querySelector(` + string(sel) + `); e.value = ` + string(val) +
		`; e.dispatchEvent(new Event(e.tagName === 'INPUT' ? 'input' : 'change', {bubbles: true})); })()`)
}

// apiPreview counts a rule through POST /api/v1/segments/preview.
func apiPreview(t *testing.T, b *bundle, rule string) int {
	t.Helper()
	api, _ := httpapi.New(httpapi.Config{Store: b.store, Clock: &rapport.FixedClock{T: now}, Version: "test"})
	token, _, err := access.CreateAPIToken(context.Background(), b.store, "tree-test", []string{rapport.ScopeRead}, now)
	if err != nil {
		t.Fatal(err)
	}
	req := httptest.NewRequest(http.MethodPost, "/api/v1/segments/preview", strings.NewReader(`{"rule":`+rule+`}`))
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Content-Type", "application/json")
	rec := httptest.NewRecorder()
	api.ServeHTTP(rec, req)
	var body struct{ Count int }
	if err := json.Unmarshal(rec.Body.Bytes(), &body); rec.Code != http.StatusOK || err != nil {
		t.Fatalf("API preview of %s = %d %s", rule, rec.Code, rec.Body.String())
	}
	return body.Count
}

// The nested builder builds all / any / not groups three deep with the
// form; its live count equals the API's preview of the JSON it wrote.
func TestSegmentTreeBuilderBrowser(t *testing.T) {
	ctx := browser(t)
	b := setup(t)
	b.scanSegments(t)
	act(t, ctx, "open the console", chromedp.Navigate(b.server.URL+"/"), chromedp.WaitVisible(chromedp.ID("login-submit")))
	login(t, ctx)
	act(t, ctx, "open the builder", chromedp.Navigate(b.server.URL+"/segments/create"), chromedp.WaitVisible(css(`#rule-tree[data-ready="true"]`)))
	root := `#rule-tree [data-path="g"]`
	act(t, ctx, "build a nested rule",
		chromedp.Click(css(root+` > .rule-group-head .add-condition`)),
		pick(`[data-path="g.0"] .cond-field`, "orders"), pick(`[data-path="g.0"] .cond-op`, ">="), pick(`[data-path="g.0"] .cond-value`, "1"),
		chromedp.Click(css(root+` > .rule-group-head .add-group`)),
		pick(`[data-path="g.1"] > .rule-group-head .group-op`, "any"),
		chromedp.Click(css(`[data-path="g.1"] > .rule-group-head .add-condition`)),
		pick(`[data-path="g.1.0"] .cond-field`, "revenue"), pick(`[data-path="g.1.0"] .cond-op`, ">="), pick(`[data-path="g.1.0"] .cond-value`, "100"),
		chromedp.Click(css(`[data-path="g.1"] > .rule-group-head .add-group`)),
		pick(`[data-path="g.1.1"] > .rule-group-head .group-op`, "not"),
		chromedp.Click(css(`[data-path="g.1.1"] > .rule-group-head .add-condition`)),
		pick(`[data-path="g.1.1.0"] .cond-field`, "channel"), pick(`[data-path="g.1.1.0"] .cond-op`, "="), pick(`[data-path="g.1.1.0"] .cond-value`, "web"),
	)
	want := `{"all":[{"field":"orders","op":">=","value":1},{"any":[{"field":"revenue","op":">=","value":100},{"not":{"field":"channel","op":"=","value":"web"}}]}]}`
	settle(t, ctx, "the JSON box", `JSON.stringify(JSON.parse(document.getElementById('seg-json').value)) === `+strconv.Quote(want))
	api := apiPreview(t, b, want)
	settle(t, ctx, "the live count", `(e => e !== null && e.dataset.count === "`+strconv.Itoa(api)+`")(document.getElementById('preview-count'))`)
	if api == 0 {
		t.Fatalf("the rule matches nobody: the test would not tell counts apart")
	}
	other := apiPreview(t, b, `{"all":[{"field":"orders","op":">=","value":1},{"any":[{"field":"revenue","op":">=","value":100},{"field":"channel","op":"=","value":"web"}]}]}`)
	t.Logf("nested rule: %d customers; without the not: %d", api, other)

	act(t, ctx, "save", chromedp.SendKeys(chromedp.ID("seg-id"), "nested"), chromedp.SendKeys(chromedp.ID("seg-name"), "Nested"),
		chromedp.Click(chromedp.ID("save-segment")), chromedp.WaitVisible(chromedp.ID("segment-size")))
	if size := read(t, ctx, chromedp.AttributeValue(chromedp.ID("segment-size"), "data-value")).Value; size != strconv.Itoa(api) {
		t.Errorf("saved segment size %s, want %d", size, api)
	}
	act(t, ctx, "edit: the tree shows the stored rule", chromedp.Navigate(b.server.URL+"/segments/nested/edit"),
		chromedp.WaitVisible(css(`#rule-tree[data-ready="true"]`)))
	if n := read(t, ctx, chromedp.Evaluate[int](`document.querySelectorAll('#rule-tree .rule-condition').length`)); n != 3 {
		t.Errorf("the edit page's tree has %d conditions, want 3", n)
	}

	act(t, ctx, "switch to Chinese", chromedp.Navigate(b.server.URL+"/segments"),
		chromedp.Click(css(`.lang-switch button[data-lang="zh"]`)), chromedp.WaitVisible(css(`html[lang="zh-CN"] #segments`)),
		chromedp.Navigate(b.server.URL+"/segments/create"), chromedp.WaitVisible(css(`#rule-tree[data-ready="true"]`)))
	if label := read(t, ctx, chromedp.Text(css(root+` > .rule-group-head .add-group`))); label != "+ 分组" {
		t.Errorf("Chinese add-group button %q", label)
	}
	if opt := read(t, ctx, chromedp.Evaluate[string](`document.querySelector('#rule-tree [data-path="g"] > .rule-group-head .group-op option[value="not"]').textContent`)); opt != "全部不满足" {
		t.Errorf("Chinese not-group %q", opt)
	}
}
