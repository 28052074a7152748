package web_test

import (
	"reflect"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/rapport-cx/rapport"
	"github.com/rapport-cx/rapport/internal/service"
)

// chartFigures is what an SLA chart draws, read back from ECharts.
type chartFigures struct {
	Keys       []string  `json:"keys"`
	First      []float64 `json:"first"`
	Resolution []float64 `json:"resolution"`
	PctMet     []float64 `json:"pct_met"`
	Legend     []string  `json:"legend"`
}

const readChart = `(id => {
	const o = echarts.getInstanceByDom(document.getElementById(id)).getOption();
	return {keys: o.xAxis[0].data, first: o.series[0].data, resolution: o.series[1].data, pct_met: o.series[2].data,
		legend: o.legend[0].data};
})`

func TestBrowserSLAReportChart(t *testing.T) {
	ctx := browser(t)
	b := setup(t)
	dir := artefacts(t)
	b.serviceCases(t)
	// A December case of the returns team: answered after an hour, resolved after four.
	opened := time.Date(2010, 12, 15, 2, 0, 0, 0, time.UTC)
	clock := &rapport.FixedClock{T: opened}
	svc := service.New(b.store, clock, nil)
	c, err := svc.Open(t.Context(), service.NewCase{CustomerID: "ann", Subject: "Wrong size", Type: rapport.CaseExchange, Team: "returns"})
	if err != nil {
		t.Fatal(err)
	}
	clock.T = opened.Add(time.Hour)
	if _, _, err := svc.Reply(t.Context(), rapport.CaseMessage{CaseID: c.ID, Kind: rapport.AuthorAgent, Author: "li", Body: "Sending a new one"}, ""); err != nil {
		t.Fatal(err)
	}
	clock.T = opened.Add(4 * time.Hour)
	resolved := rapport.StatusResolved
	if _, err := svc.Update(t.Context(), c.ID, service.Change{Status: &resolved}); err != nil {
		t.Fatal(err)
	}
	var api service.SLAReport
	apiGet(t, b, "/api/v1/service/report?from=2010-12-01&to=2011-02-01", &api)
	if len(api.ByMonth) != 2 || len(api.ByTeam) < 2 || len(api.ByType) < 2 {
		t.Fatalf("the fixture must span two months, teams and types: %+v", api)
	}
	want := func(rows []service.SLARow, keys bool) chartFigures {
		var f chartFigures
		for _, r := range rows {
			if keys {
				f.Keys = append(f.Keys, r.Key)
			}
			f.First = append(f.First, r.MedianFirstResponse)
			f.Resolution = append(f.Resolution, r.MedianResolution)
			f.PctMet = append(f.PctMet, r.PctMet)
		}
		return f
	}

	act(t, ctx, "open the console", chromedp.Navigate(b.server.URL+"/login"), chromedp.WaitVisible(chromedp.ID("login-submit")))
	login(t, ctx)
	for _, lang := range []struct {
		code   string
		legend []string
	}{
		{"en", []string{"Median first response", "Median resolution", "SLAs met"}},
		{"zh", []string{"首次响应中位数", "解决时长中位数", "SLA 达标率"}},
	} {
		if lang.code == "zh" {
			act(t, ctx, "switch to Chinese", chromedp.Click(css(`.lang-switch button[data-lang="zh"]`)),
				chromedp.WaitVisible(css(`html[lang="zh-CN"] #sla-charts`)))
		} else {
			act(t, ctx, "open the report", chromedp.Navigate(b.server.URL+"/service/report?from=2010-12-01&to=2011-02-01"),
				chromedp.WaitVisible(chromedp.ID("sla-charts")))
		}
		act(t, ctx, "charts drawn",
			chromedp.WaitVisible(css(`#chart-sla-month[data-rendered="true"] canvas`)),
			chromedp.WaitVisible(css(`#chart-sla-team[data-rendered="true"] canvas`)),
			chromedp.WaitVisible(css(`#chart-sla-type[data-rendered="true"] canvas`)))
		screenshot(t, ctx, dir, "service-report-chart-"+lang.code)
		for _, ch := range []struct {
			id   string
			rows []service.SLARow
			keys bool
		}{{"chart-sla-month", api.ByMonth, true}, {"chart-sla-team", api.ByTeam, true}, {"chart-sla-type", api.ByType, false}} {
			got := read(t, ctx, chromedp.Evaluate[chartFigures](readChart+`("`+ch.id+`")`))
			w := want(ch.rows, ch.keys)
			w.Legend = lang.legend
			if !ch.keys {
				if len(got.Keys) != len(ch.rows) {
					t.Errorf("%s %s: %d keys for %d rows", lang.code, ch.id, len(got.Keys), len(ch.rows))
				}
				got.Keys = nil
			}
			if !reflect.DeepEqual(got, w) {
				t.Errorf("%s %s draws\n %+v\nthe API says\n %+v", lang.code, ch.id, got, w)
			}
		}
	}
}
