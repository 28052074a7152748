package web_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/rapport-cx/rapport"
	"github.com/rapport-cx/rapport/internal/access"
	"github.com/rapport-cx/rapport/internal/httpapi"
	"github.com/rapport-cx/rapport/internal/service"
)

// apiGet fetches a path of the JSON API over the same store, as an API
// client would, into v.
func apiGet(t *testing.T, b *bundle, path string, v any) {
	t.Helper()
	api, _ := httpapi.New(httpapi.Config{Store: b.store, Clock: &rapport.FixedClock{T: now}, Version: "test"})
	token, _, err := access.CreateAPIToken(context.Background(), b.store, "browser-test-"+path, []string{rapport.ScopeRead}, now)
	if err != nil {
		t.Fatal(err)
	}
	req := httptest.NewRequest(http.MethodGet, path, nil)
	req.Header.Set("Authorization", "Bearer "+token)
	rec := httptest.NewRecorder()
	api.ServeHTTP(rec, req)
	if err := json.Unmarshal(rec.Body.Bytes(), v); rec.Code != http.StatusOK || err != nil {
		t.Fatalf("GET %s = %d %s", path, rec.Code, rec.Body.String())
	}
}

// shown360 is what the case view's customer 360 shows, read from the page.
type shown360 struct {
	Customer string   `json:"customer"`
	Orders   string   `json:"orders"`
	Revenue  string   `json:"revenue"`
	Segments []string `json:"segments"`
	OrderIDs []string `json:"order_ids"`
	Cases    []string `json:"cases"`
	Surveys  []string `json:"surveys"` // id:score
	Reviews  []string `json:"reviews"` // id:rating
	Headings []string `json:"headings"`
}

const read360 = `(() => {
	const all = (sel, f) => [...document.querySelectorAll(sel)].map(f);
	return {
		customer: document.querySelector('#customer-link').dataset.customer,
		orders: document.querySelector('#c360-orders').dataset.value,
		revenue: document.querySelector('#c360-revenue').dataset.value,
		segments: all('#c360-segments li', e => e.dataset.segment),
		order_ids: all('#c360-order-list li', e => e.dataset.order),
		cases: all('#c360-cases li', e => e.dataset.case),
		surveys: all('#c360-surveys li', e => e.dataset.survey + ':' + e.dataset.score),
		reviews: all('#c360-reviews li', e => e.dataset.review + ':' + e.dataset.rating),
		headings: all('#customer-360 h2, #customer-360 h3', e => e.textContent),
	};
})()`

// want360 is what the page must show for the API's customer 360.
func want360(c *service.Customer360) shown360 {
	w := shown360{Customer: c.Customer.ID, Orders: strconv.Itoa(c.Customer.Stats.Orders),
		Revenue: strconv.FormatFloat(c.Customer.Stats.Revenue, 'f', 2, 64)}
	for _, m := range c.Segments {
		w.Segments = append(w.Segments, m.SegmentID)
	}
	for _, o := range c.Orders {
		w.OrderIDs = append(w.OrderIDs, o.ID)
	}
	for _, e := range c.Cases {
		w.Cases = append(w.Cases, itoa(e.ID))
	}
	for _, a := range c.Surveys {
		w.Surveys = append(w.Surveys, itoa(a.ID)+":"+strconv.Itoa(a.Score))
	}
	for _, r := range c.Reviews {
		w.Reviews = append(w.Reviews, r.ID+":"+strconv.FormatFloat(r.Rating, 'f', -1, 64))
	}
	return w
}

func TestBrowserCaseCustomer360(t *testing.T) {
	ctx := browser(t)
	b := setup(t)
	dir := artefacts(t)
	late, _ := b.serviceCases(t)
	// Ann is a high-value customer and answered a CSAT survey unhappily.
	bg := context.Background()
	if _, err := b.store.ApplySegmentChanges(bg, []rapport.SegmentChange{
		{SegmentID: "high_value", CustomerID: "ann", Entered: true, At: t0}}); err != nil {
		t.Fatal(err)
	}
	sv := &rapport.Survey{Key: "after-service", Name: "After service", Kind: rapport.SurveyCSAT, QuestionEN: "How satisfied?",
		QuestionZH: "您满意吗？", TriggerEvent: rapport.EventTicketResolved, LinkDays: 3, Active: true, CreatedAt: t0}
	if err := b.store.CreateSurvey(bg, sv); err != nil {
		t.Fatal(err)
	}
	if err := b.store.RecordResponse(bg, &rapport.SurveyResponse{Ref: "ann-1", SurveyID: sv.ID, CustomerID: "ann",
		Kind: sv.Kind, Score: 2, Reason: "The heater took a week", Source: "api", At: t0}); err != nil {
		t.Fatal(err)
	}
	var api service.Customer360
	apiGet(t, b, "/api/v1/cases/"+itoa(late.ID)+"/customer", &api)
	want := want360(&api)
	// The fixture must hold something in every list, or the comparison proves little.
	if len(want.Segments) != 1 || len(want.OrderIDs) != 2 || len(want.Cases) != 1 || len(want.Surveys) != 1 || len(want.Reviews) == 0 {
		t.Fatalf("the API's customer 360 of case %d is thinner than the fixture: %+v", late.ID, want)
	}

	act(t, ctx, "open the console", chromedp.Navigate(b.server.URL+"/login"), chromedp.WaitVisible(chromedp.ID("login-submit")))
	login(t, ctx)
	for _, lang := range []struct {
		code     string
		headings []string
	}{
		{"en", []string{"Customer 360", "Segments", "Recent orders", "Other cases", "Survey answers", "Reviews"}},
		{"zh", []string{"客户 360", "所属分群", "最近订单", "其他工单", "问卷回答", "评价"}},
	} {
		if lang.code == "zh" {
			act(t, ctx, "switch to Chinese", chromedp.Click(css(`.lang-switch button[data-lang="zh"]`)),
				chromedp.WaitVisible(css(`html[lang="zh-CN"] #customer-360`)))
		} else {
			act(t, ctx, "open the case", chromedp.Navigate(b.server.URL+"/service/cases/"+itoa(late.ID)),
				chromedp.WaitVisible(chromedp.ID("customer-360")))
		}
		screenshot(t, ctx, dir, "service-case-360-"+lang.code)
		got := read(t, ctx, chromedp.Evaluate[shown360](read360))
		w := want
		w.Headings = lang.headings
		if !reflect.DeepEqual(got, w) {
			t.Errorf("%s: the page shows\n %+v\nthe API says\n %+v", lang.code, got, w)
		}
		segment := read(t, ctx, chromedp.Text(css(`#c360-segments li`)))
		survey := read(t, ctx, chromedp.Text(css(`#c360-surveys li`)))
		wantSegment, wantSurvey := "High value", "CSAT score 2"
		if lang.code == "zh" {
			wantSegment, wantSurvey = "高价值用户", "CSAT 评分 2"
		}
		if !strings.HasPrefix(segment, wantSegment) || !strings.HasPrefix(survey, wantSurvey) {
			t.Errorf("%s: segment %q, survey answer %q", lang.code, segment, survey)
		}
	}
}
