package web_test

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/rapport-cx/rapport"
	"github.com/rapport-cx/rapport/internal/datasets"
	"github.com/rapport-cx/rapport/internal/web"
)

// chromiumPath is where Debian installs Chromium; CI installs it there too.
const chromiumPath = "/usr/bin/chromium"

// browser starts a headless Chromium for the test, failing on CI and
// skipping elsewhere when it is not installed.
func browser(t *testing.T) context.Context {
	t.Helper()
	if _, err := exec.LookPath(chromiumPath); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("chromium is required on CI: %v", err)
		}
		t.Skipf("!!! SKIPPED: no %s (%v); install chromium to run the browser test !!!", chromiumPath, err)
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromiumPath),
		chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun,
		chromedp.Flag("disable-background-networking", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1366, 900),
	)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	t.Cleanup(cancel)
	alloc, cancelAlloc := chromedp.NewExecAllocator(ctx, opts...)
	t.Cleanup(cancelAlloc)
	bctx, cancelBrowser := chromedp.NewContext(alloc, chromedp.WithLogf(t.Logf))
	t.Cleanup(cancelBrowser)
	return bctx
}

// artefacts is the folder screenshots go to: $RAPPORT_ARTIFACTS or a temp dir.
func artefacts(t *testing.T) string {
	dir := os.Getenv("RAPPORT_ARTIFACTS")
	if dir == "" {
		return t.TempDir()
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

// importRetail adds the first invoices of UCI Online Retail to the shop.
func (b *bundle) importRetail(t *testing.T) {
	t.Helper()
	path, err := datasets.Locate(datasets.OnlineRetailFile)
	if err != nil {
		t.Logf("!!! UCI Online Retail not available (%v): the browser test runs on the hand-built customers only !!!", err)
		return
	}
	res, err := datasets.OnlineRetail(context.Background(), b.store, path, datasets.Options{Limit: 400, ReceivedAt: now})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("imported %d rows of UCI Online Retail as %d events", res.Rows, res.Stored)
}

// act runs browser steps, failing the test on error.
func act(t *testing.T, ctx context.Context, what string, steps ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	if err := chromedp.Do(ctx, steps...); err != nil {
		t.Fatalf("%s: %v", what, err)
	}
}

// read runs one browser action that returns a value.
func read[T any](t *testing.T, ctx context.Context, a chromedp.Action[T]) T {
	t.Helper()
	v, err := chromedp.Run(ctx, a)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// settle waits until the page the browser shows makes the JavaScript
// predicate true, tolerating the navigation in between (a check made while
// the old page is still shown would pass or fail on the wrong page).
func settle(t *testing.T, ctx context.Context, what, predicate string) {
	t.Helper()
	for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		if ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](predicate)); err == nil && ok {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s: the page never showed %s", what, predicate)
		}
	}
}

// screenshot saves a PNG into the artefacts folder: the whole page, or what
// the given capture takes.
func screenshot(t *testing.T, ctx context.Context, dir, name string, capture ...chromedp.Action[[]byte]) {
	t.Helper()
	capture = append(capture, chromedp.FullScreenshot(100))
	png := read(t, ctx, capture[0])
	if err := os.WriteFile(filepath.Join(dir, name+".png"), png, 0o644); err != nil {
		t.Fatal(err)
	}
}

// css is a CSS selector.
type css = chromedp.CSS

func TestBrowser(t *testing.T) {
	ctx := browser(t)
	b := setup(t)
	b.importRetail(t)
	dir := artefacts(t)
	t.Logf("screenshots in %s", dir)

	checkLoginWall(t, ctx, b)
	checkWrongPassword(t, ctx)
	screenshot(t, ctx, dir, "login-failed")
	login(t, ctx)
	checkOverview(t, ctx, b)
	screenshot(t, ctx, dir, "overview-en")
	checkChinese(t, ctx)
	screenshot(t, ctx, dir, "overview-zh")
	searchCustomer(t, ctx)
	screenshot(t, ctx, dir, "customers-zh")
	act(t, ctx, "switch back to English", chromedp.Click(css(`.lang-switch button[data-lang="en"]`)),
		chromedp.WaitVisible(css(`html[lang="en"] #results`)))
	checkCustomer360(t, ctx, b)
	screenshot(t, ctx, dir, "customer-360-top", chromedp.CaptureScreenshot())
	act(t, ctx, "scroll to the orders", chromedp.ScrollIntoView(chromedp.ID("orders")))
	screenshot(t, ctx, dir, "customer-360-orders", chromedp.CaptureScreenshot())
	checkTimeline(t, ctx, b)
	screenshot(t, ctx, dir, "customer-360-full", chromedp.FullScreenshot(100))
	checkPostWithoutCSRF(t, ctx)
	act(t, ctx, "log out", chromedp.Click(chromedp.ID("logout")), chromedp.WaitVisible(chromedp.ID("login-submit")))
	checkLoginWall(t, ctx, b)
}

// checkLoginWall: without a session the console sends the browser to /login.
func checkLoginWall(t *testing.T, ctx context.Context, b *bundle) {
	t.Helper()
	act(t, ctx, "open / without a session", chromedp.Navigate(b.server.URL+"/"), chromedp.WaitVisible(chromedp.ID("login-submit")))
	if loc := read(t, ctx, chromedp.Location()); loc != b.server.URL+"/login" {
		t.Errorf("unauthenticated GET / ended at %s, want /login", loc)
	}
}

func checkWrongPassword(t *testing.T, ctx context.Context) {
	t.Helper()
	act(t, ctx, "wrong password",
		chromedp.SendKeys(chromedp.ID("email"), testEmail),
		chromedp.SendKeys(chromedp.ID("password"), "wrong password!"),
		chromedp.Click(chromedp.ID("login-submit")),
		chromedp.WaitVisible(chromedp.ID("login-error")))
	if msg := read(t, ctx, chromedp.Text(chromedp.ID("login-error"))); msg != "The email or password is not correct." {
		t.Errorf("login error %q", msg)
	}
}

func login(t *testing.T, ctx context.Context) {
	t.Helper()
	act(t, ctx, "log in",
		chromedp.Clear(chromedp.ID("email")),
		chromedp.SendKeys(chromedp.ID("email"), testEmail),
		chromedp.SendKeys(chromedp.ID("password"), testPassword),
		chromedp.Click(chromedp.ID("login-submit")),
		chromedp.WaitVisible(css(`[data-kpi="orders"]`)))
}

// shownKPI is one figure as the browser shows it.
type shownKPI struct {
	Value string `json:"value"`
	Text  string `json:"text"`
	Title string `json:"title"`
}

const readKPIs = `Object.fromEntries([...document.querySelectorAll('[data-kpi]')].map(e =>
	[e.dataset.kpi, {value: e.dataset.value, text: e.querySelector('.kpi-value').textContent.trim(), title: e.title}]))`

func checkOverview(t *testing.T, ctx context.Context, b *bundle) {
	t.Helper()
	o, err := b.store.Overview(context.Background(), now)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		"customers": web.FormatInt(o.Customers), "active_customers_30d": web.FormatInt(o.ActiveCustomers),
		"orders": web.FormatInt(o.Orders), "revenue": web.FormatMoney(o.Revenue),
		"average_order_value": web.FormatMoney(o.AverageOrderValue), "repurchase_rate": web.FormatPercent(o.RepurchaseRate),
	}
	act(t, ctx, "wait for the charts",
		chromedp.WaitVisible(css(`#chart-orders[data-rendered="true"] canvas`)),
		chromedp.WaitVisible(css(`#chart-customers[data-rendered="true"] canvas`)))
	shown := read(t, ctx, chromedp.Evaluate[map[string]shownKPI](readKPIs))
	canvases := read(t, ctx, chromedp.Evaluate[int](`document.querySelectorAll('.chart canvas').length`))
	for k, w := range want {
		if shown[k].Text != w {
			t.Errorf("KPI %s shows %q, want %q", k, shown[k].Text, w)
		}
		if shown[k].Title != rapport.Definitions[k] {
			t.Errorf("KPI %s definition %q", k, shown[k].Title)
		}
	}
	checkKPIsEqualAPI(t, shown, apiOverview(t, b))
	if len(shown) != len(want) || canvases < 2 {
		t.Errorf("%d KPIs and %d chart canvases shown", len(shown), canvases)
	}
	t.Logf("overview: %v, %d months", want, len(o.Months))
}

func checkChinese(t *testing.T, ctx context.Context) {
	t.Helper()
	act(t, ctx, "switch to Chinese",
		chromedp.Click(css(`.lang-switch button[data-lang="zh"]`)),
		chromedp.WaitVisible(css(`html[lang="zh-CN"] [data-kpi="orders"]`)),
		chromedp.WaitVisible(css(`#chart-orders[data-rendered="true"] canvas`)))
	nav := read(t, ctx, chromedp.Text(css(`[data-nav="overview"]`)))
	label := read(t, ctx, chromedp.Text(css(`[data-kpi="average_order_value"] .kpi-label`)))
	def := read(t, ctx, chromedp.AttributeValue(css(`[data-kpi="repurchase_rate"]`), "title"))
	if nav != "总览" || label != "客单价 i" || def.Value != "至少下过一单的客户中，下过两单及以上的客户所占比例。" {
		t.Errorf("Chinese page: nav %q, label %q, definition %q", nav, label, def.Value)
	}
}

// searchCustomer types into the live search and waits for htmx to swap in
// the single match, without submitting the form.
func searchCustomer(t *testing.T, ctx context.Context) {
	t.Helper()
	act(t, ctx, "live search by email",
		chromedp.Click(css(`[data-nav="customers"]`)),
		chromedp.WaitVisible(chromedp.ID("q")),
		chromedp.SendKeys(chromedp.ID("q"), "ann.lee@"),
		chromedp.WaitVisible(css(`#results[data-total="1"] tr[data-customer="ann"]`)))
	if rows := read(t, ctx, chromedp.Evaluate[int](`document.querySelectorAll('#results tbody tr').length`)); rows != 1 {
		t.Errorf("search shows %d rows, want 1", rows)
	}
	if loc := read(t, ctx, chromedp.Location()); strings.Contains(loc, "q=") {
		t.Errorf("the search reloaded the page (%s) instead of swapping the results", loc)
	}
}

func checkCustomer360(t *testing.T, ctx context.Context, b *bundle) {
	t.Helper()
	cust, err := b.store.Customer(context.Background(), "ann")
	if err != nil {
		t.Fatal(err)
	}
	act(t, ctx, "open the Customer 360", chromedp.Click(css(`tr[data-customer="ann"] a`)), chromedp.WaitVisible(css(`[data-stat="orders"]`)))
	orders := read(t, ctx, chromedp.AttributeValue(css(`[data-stat="orders"]`), "data-value")).Value
	revenue := read(t, ctx, chromedp.AttributeValue(css(`[data-stat="revenue"]`), "data-value")).Value
	ordersText := read(t, ctx, chromedp.Text(css(`[data-stat="orders"]`)))
	revenueText := read(t, ctx, chromedp.Text(css(`[data-stat="revenue"]`)))
	if orders != strconv.Itoa(cust.Stats.Orders) || ordersText != web.FormatInt(cust.Stats.Orders) ||
		revenueText != web.FormatMoney(cust.Stats.Revenue) || revenue != strconv.FormatFloat(cust.Stats.Revenue, 'f', -1, 64) {
		t.Errorf("360 shows orders %s (%s), revenue %s (%s); store has %d, %v",
			orders, ordersText, revenue, revenueText, cust.Stats.Orders, cust.Stats.Revenue)
	}
	// The behaviour tags are those the API returns for the same profile.
	beh := cust.Stats.Behaviour()
	if len(beh.Categories) == 0 || beh.PriceBand == "" {
		t.Fatalf("the test customer has too little behaviour to check: %+v", beh)
	}
	shown := read(t, ctx, chromedp.Evaluate[map[string]string](
		`Object.fromEntries([...document.querySelectorAll('#behaviour [data-stat]')].map(d => [d.dataset.stat, d.dataset.value]))`))
	if shown["categories"] != strings.Join(beh.Categories, ",") || shown["price_band"] != beh.PriceBand ||
		shown["preferred_channel"] != string(beh.PreferredChannel) {
		t.Errorf("behaviour tags shown %v; profile's are %+v", shown, beh)
	}
}

// checkTimeline loads the whole timeline and compares it with the store's.
func checkTimeline(t *testing.T, ctx context.Context, b *bundle) {
	t.Helper()
	events, err := b.store.Timeline(context.Background(), rapport.TimelineQuery{CustomerID: "ann", Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	if n := read(t, ctx, chromedp.Evaluate[int](`document.querySelectorAll('#timeline li.event').length`)); n != min(50, len(events)) {
		t.Errorf("first timeline page has %d events", n)
	}
	act(t, ctx, "load the rest of the timeline",
		chromedp.Click(css("#timeline-more button")),
		chromedp.WaitNotPresent(chromedp.ID("timeline-more")))
	shown := read(t, ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll('#timeline li.event')].map(e => e.dataset.event)`))
	if len(shown) != len(events) {
		t.Fatalf("timeline shows %d events, store has %d", len(shown), len(events))
	}
	for i, e := range events {
		want := e.Name
		if e.Type != rapport.TypeTrack {
			want = e.Type
		}
		if shown[i] != want {
			t.Errorf("timeline entry %d is %q, store has %q", i, shown[i], want)
		}
	}
}

// checkPostWithoutCSRF: a same-origin POST without the token is refused.
func checkPostWithoutCSRF(t *testing.T, ctx context.Context) {
	t.Helper()
	const post = `fetch('/locale', {method: 'POST', body: new URLSearchParams({lang: 'zh'}), redirect: 'manual'}).then(r => r.status)`
	if status := read(t, ctx, chromedp.Evaluate[int](post, chromedp.EvalAwaitPromise)); status != 403 {
		t.Errorf("POST /locale without CSRF: %d, want 403", status)
	}
}
