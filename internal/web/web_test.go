package web_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/rapport-cx/rapport"
)

func TestPagesNeedASession(t *testing.T) {
	t.Parallel()
	b := setup(t)
	c := b.client(t)
	for path, want := range map[string]string{
		"/":                "/login",
		"/customers?q=ann": "/login?next=%2Fcustomers%3Fq%3Dann",
		"/customers/ann":   "/login?next=%2Fcustomers%2Fann",
		"/segments":        "/login?next=%2Fsegments",
	} {
		resp, _ := b.get(t, c, path)
		if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != want {
			t.Errorf("GET %s: %d %q, want 303 %q", path, resp.StatusCode, resp.Header.Get("Location"), want)
		}
	}
	resp, _ := b.get(t, c, "/customers?q=a", "HX-Request", "true")
	if resp.StatusCode != http.StatusUnauthorized || resp.Header.Get("HX-Redirect") == "" {
		t.Errorf("htmx GET without session: %d, HX-Redirect %q", resp.StatusCode, resp.Header.Get("HX-Redirect"))
	}
	if resp, _ := b.get(t, c, "/static/app.css"); resp.StatusCode != http.StatusOK {
		t.Errorf("static file without session: %d", resp.StatusCode)
	}
}

func TestLogin(t *testing.T) {
	t.Parallel()
	b := setup(t)
	tests := []struct {
		name, email, password string
		csrf                  bool
		status                int
		contains              string
	}{
		{"wrong password", testEmail, "not the password", true, http.StatusUnauthorized, "The email or password is not correct."},
		{"unknown email", "nobody@example.com", testPassword, true, http.StatusUnauthorized, "The email or password is not correct."},
		{"no csrf", testEmail, testPassword, false, http.StatusForbidden, "expired"},
		{"right", strings.ToUpper(testEmail), testPassword, true, http.StatusSeeOther, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := b.client(t)
			_, page := b.get(t, c, "/login?next=/customers")
			form := url.Values{"email": {tt.email}, "password": {tt.password}, "next": {"/customers"}}
			if tt.csrf {
				form.Set("csrf", csrfOf(t, page))
			}
			resp, body := b.post(t, c, "/login", form)
			if resp.StatusCode != tt.status || !strings.Contains(body, tt.contains) {
				t.Fatalf("status %d, want %d; body contains %q: %v", resp.StatusCode, tt.status, tt.contains, strings.Contains(body, tt.contains))
			}
			if tt.status == http.StatusSeeOther {
				checkSessionCookie(t, resp)
				if loc := resp.Header.Get("Location"); loc != "/customers" {
					t.Errorf("redirect to %q, want /customers", loc)
				}
			}
		})
	}
}

func checkSessionCookie(t *testing.T, resp *http.Response) {
	t.Helper()
	for _, ck := range resp.Cookies() {
		if ck.Name == "rapport_session" {
			if !ck.HttpOnly || ck.SameSite != http.SameSiteLaxMode || ck.MaxAge != 12*3600 || !strings.HasPrefix(ck.Value, "rps_") {
				t.Errorf("session cookie %+v", ck)
			}
			return
		}
	}
	t.Error("no session cookie")
}

func TestLoginRejectsForeignRedirect(t *testing.T) {
	t.Parallel()
	b := setup(t)
	c := b.client(t)
	_, page := b.get(t, c, "/login")
	resp, _ := b.post(t, c, "/login", url.Values{"csrf": {csrfOf(t, page)}, "email": {testEmail},
		"password": {testPassword}, "next": {"//evil.example/"}})
	if loc := resp.Header.Get("Location"); loc != "/" {
		t.Errorf("redirect to %q, want /", loc)
	}
}

func TestPostsNeedTheCSRFToken(t *testing.T) {
	t.Parallel()
	b := setup(t)
	c := b.login(t)
	_, page := b.get(t, c, "/")
	token := csrfOf(t, page)
	for _, tt := range []struct {
		name   string
		form   url.Values
		header []string
		status int
	}{
		{"none", url.Values{"lang": {"zh"}}, nil, http.StatusForbidden},
		{"wrong", url.Values{"lang": {"zh"}, "csrf": {"rps_forged"}}, nil, http.StatusForbidden},
		{"field", url.Values{"lang": {"zh"}, "csrf": {token}, "next": {"/customers"}}, nil, http.StatusSeeOther},
		{"header", url.Values{"lang": {"en"}}, []string{"X-CSRF-Token", token}, http.StatusSeeOther},
	} {
		resp, _ := b.post(t, c, "/locale", tt.form, tt.header...)
		if resp.StatusCode != tt.status {
			t.Errorf("%s: status %d, want %d", tt.name, resp.StatusCode, tt.status)
		}
	}
	if resp, _ := b.post(t, c, "/logout", url.Values{}); resp.StatusCode != http.StatusForbidden {
		t.Errorf("logout without token: %d, want 403", resp.StatusCode)
	}
}

func TestLanguageIsRememberedPerUser(t *testing.T) {
	t.Parallel()
	b := setup(t)
	c := b.login(t)
	_, page := b.get(t, c, "/")
	resp, _ := b.post(t, c, "/locale", url.Values{"lang": {"zh"}, "csrf": {csrfOf(t, page)}, "next": {"/customers"}})
	if loc := resp.Header.Get("Location"); loc != "/customers" {
		t.Fatalf("after switch: redirect to %q", loc)
	}
	u, err := b.store.UserByID(context.Background(), b.user.ID)
	if err != nil || u.Locale != "zh" {
		t.Fatalf("stored locale %q, %v", u.Locale, err)
	}
	other := b.login(t) // a second browser of the same user
	_, page = b.get(t, other, "/")
	for _, want := range []string{`lang="zh-CN"`, "客单价", "复购率", "总览"} {
		if !strings.Contains(page, want) {
			t.Errorf("Chinese overview lacks %q", want)
		}
	}
}

func TestLoginPageFollowsAcceptLanguage(t *testing.T) {
	t.Parallel()
	b := setup(t)
	c := b.client(t)
	_, page := b.get(t, c, "/login", "Accept-Language", "zh-CN,zh;q=0.9,en;q=0.8")
	if !strings.Contains(page, "登录 Rapport") {
		t.Error("login page is not in Chinese")
	}
	_, page = b.get(t, c, "/login?lang=en", "Accept-Language", "zh-CN")
	if !strings.Contains(page, "Sign in to Rapport") {
		t.Error("?lang=en is not English")
	}
}

func TestLogout(t *testing.T) {
	t.Parallel()
	b := setup(t)
	c := b.login(t)
	_, page := b.get(t, c, "/")
	resp, _ := b.post(t, c, "/logout", url.Values{"csrf": {csrfOf(t, page)}})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("logout: %d", resp.StatusCode)
	}
	if resp, _ := b.get(t, c, "/"); resp.StatusCode != http.StatusSeeOther {
		t.Errorf("after logout GET /: %d, want 303", resp.StatusCode)
	}
}

var kpiAttr = regexp.MustCompile(`data-kpi="([a-z_0-9]+)" data-value="([^"]*)"`)

func TestOverviewShowsTheStoreFigures(t *testing.T) {
	t.Parallel()
	b := setup(t)
	c := b.login(t)
	_, page := b.get(t, c, "/")
	o, err := b.store.Overview(context.Background(), now)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]float64{
		"customers": float64(o.Customers), "active_customers_30d": float64(o.ActiveCustomers),
		"orders": float64(o.Orders), "revenue": o.Revenue,
		"average_order_value": o.AverageOrderValue, "repurchase_rate": o.RepurchaseRate,
	}
	got := map[string]float64{}
	for _, m := range kpiAttr.FindAllStringSubmatch(page, -1) {
		v, err := strconv.ParseFloat(m[2], 64)
		if err != nil {
			t.Fatal(err)
		}
		got[m[1]] = v
	}
	for k, v := range want {
		if g, ok := got[k]; !ok || g != v {
			t.Errorf("%s = %v (shown: %v), want %v", k, g, ok, v)
		}
	}
	for _, s := range []string{`id="overview-data"`, `data-chart="orders"`, "Orders and revenue per month", rapport.Definitions["revenue"]} {
		if !strings.Contains(page, s) {
			t.Errorf("overview lacks %q", s)
		}
	}
}

func TestCustomerSearch(t *testing.T) {
	t.Parallel()
	b := setup(t)
	c := b.login(t)
	_, page := b.get(t, c, "/customers?q=ann.lee")
	if !strings.Contains(page, `data-customer="ann"`) || strings.Contains(page, `data-customer="bob"`) {
		t.Errorf("search for ann.lee:\n%s", page)
	}
	resp, frag := b.get(t, c, "/customers?q=13800000001", "HX-Request", "true")
	if resp.StatusCode != http.StatusOK || strings.Contains(frag, "<html") || !strings.Contains(frag, `data-customer="ann"`) {
		t.Errorf("htmx search by phone: %d\n%s", resp.StatusCode, frag)
	}
	_, page = b.get(t, c, "/customers")
	if !strings.Contains(page, `data-total="3"`) {
		t.Errorf("listing everyone: want 3 customers")
	}
}

var statAttr = regexp.MustCompile(`data-stat="([a-z_]+)" data-value="([^"]*)"`)

func TestCustomer360(t *testing.T) {
	t.Parallel()
	b := setup(t)
	c := b.login(t)
	resp, page := b.get(t, c, "/customers/ann")
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("status %d", resp.StatusCode)
	}
	cust, err := b.store.Customer(context.Background(), "ann")
	if err != nil {
		t.Fatal(err)
	}
	stats := map[string]string{}
	for _, m := range statAttr.FindAllStringSubmatch(page, -1) {
		stats[m[1]] = m[2]
	}
	want := map[string]string{"orders": strconv.Itoa(cust.Stats.Orders), "revenue": strconv.FormatFloat(cust.Stats.Revenue, 'f', -1, 64),
		"events": strconv.Itoa(cust.Stats.Events), "reviews": "1", "average_rating": "4", "returns": "1", "last_nps": "9"}
	for k, v := range want {
		if stats[k] != v {
			t.Errorf("%s = %q, want %q", k, stats[k], v)
		}
	}
	for _, s := range []string{"Ann Lee", "ann.lee@example.com", "13800000001", "hand warmer", "damaged", "A-1001", "A-1002",
		"WHITE HANGING HEART T-LIGHT HOLDER", "Warm and cheerful", `id="timeline-more"`, "Zhejiang · Hangzhou", "teacher"} {
		if !strings.Contains(page, s) {
			t.Errorf("Customer 360 lacks %q", s)
		}
	}
	if n := strings.Count(page, `class="event `); n != 50 {
		t.Errorf("first timeline page has %d events, want 50", n)
	}
}

func TestTimelineLoadsTheRest(t *testing.T) {
	t.Parallel()
	b := setup(t)
	c := b.login(t)
	events, err := b.store.Timeline(context.Background(), rapport.TimelineQuery{CustomerID: "ann", Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	_, frag := b.get(t, c, "/customers/ann/timeline?offset=50", "HX-Request", "true")
	if n := strings.Count(frag, `class="event `); n != len(events)-50 {
		t.Errorf("second page has %d events, want %d", n, len(events)-50)
	}
	if strings.Contains(frag, "timeline-more") {
		t.Error("last page offers more")
	}
}

func TestMergedAnonymousIDGoesToTheKnownCustomer(t *testing.T) {
	t.Parallel()
	b := setup(t)
	c := b.login(t)
	resp, _ := b.get(t, c, "/customers/"+url.PathEscape(rapport.AnonymousPrefix+"dev-1"))
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/customers/bob" {
		t.Errorf("merged id: %d → %q", resp.StatusCode, resp.Header.Get("Location"))
	}
	if resp, _ := b.get(t, c, "/customers/nobody"); resp.StatusCode != http.StatusNotFound {
		t.Errorf("unknown customer: %d, want 404", resp.StatusCode)
	}
}

func TestLaterSectionsSayItHonestly(t *testing.T) {
	t.Parallel()
	b := setup(t)
	c := b.login(t)
	for _, p := range []string{"/experiments"} {
		resp, page := b.get(t, c, p)
		if resp.StatusCode != http.StatusOK || !strings.Contains(page, "Coming in a later release") {
			t.Errorf("%s: %d", p, resp.StatusCode)
		}
	}
	if resp, _ := b.get(t, c, "/no-such-page"); resp.StatusCode != http.StatusNotFound {
		t.Errorf("unknown page: %d", resp.StatusCode)
	}
}
