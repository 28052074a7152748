package web

import (
	"net/http"
	"strconv"
	"time"

	"github.com/rapport-cx/rapport/internal/insight"
)

// insightDays is how far back the insight pages read feedback.
const insightDays = 365

// facts loads the feedback of the last year, or of the year up to the
// latest feedback when there is none in it.
func (c *console) facts(r *http.Request) (*insight.Facts, error) {
	return c.insights.Load(r.Context(), c.clock.Now(), insightDays)
}

// breakdownRow is one group of a breakdown table.
type breakdownRow struct {
	Key   string
	Label string
	Cells []scoreCard // one per kind, in insight.Kinds order
}

// breakdownTable is one dimension's table.
type breakdownTable struct {
	Dim  string
	Rows []breakdownRow
}

// trendRow is one period of the trend table.
type trendRow struct {
	Period      string
	Display     string
	Change      string
	Significant bool
	Count       int
}

// satisfactionView is the Satisfaction dashboard.
type satisfactionView struct {
	Cards      []scoreCard
	Grain      string
	Kind       string
	Trend      []trendRow
	Breakdowns []breakdownTable
	Drivers    *insight.DriverResult
	Chart      insightChart
	Empty      bool
	Window     string
}

// insightChart feeds feedback.js.
type insightChart struct {
	Periods  []string             `json:"periods"`
	Values   []float64            `json:"values"`
	Low      []float64            `json:"low"`
	High     []float64            `json:"high"`
	Quadrant []quadrantPoint      `json:"quadrant"`
	Bars     []barPoint           `json:"bars"`
	Labels   map[string]string    `json:"labels"`
	Series   map[string][]float64 `json:"series,omitempty"`
}

type quadrantPoint struct {
	Name        string  `json:"name"`
	Importance  float64 `json:"importance"`
	Performance float64 `json:"performance"`
}

type barPoint struct {
	Name     string `json:"name"`
	Negative int    `json:"negative"`
	Other    int    `json:"other"`
}

func cardsOf(l lang, g insight.Group) []scoreCard {
	var out []scoreCard
	for _, k := range insight.Kinds {
		card := newScoreCard(l, k, l.T("kind."+k), g.Scores[k])
		if k == insight.KindRating && g.Scores[k].Count > 0 {
			card.Interval = l.Tf("satisfaction.avg_stars", formatRating(g.AvgRating)) + " · " + card.Interval
		}
		out = append(out, card)
	}
	return out
}

// satisfactionPage is the dashboard: scores with intervals, trends,
// breakdowns and the driver quadrant.
func (c *console) satisfactionPage(w http.ResponseWriter, r *http.Request) {
	s := c.shell(r, "insights", "nav.insights")
	f, err := c.facts(r)
	if err != nil {
		c.fail(w, r, err)
		return
	}
	grain := pick(r.URL.Query().Get("grain"), "month", "week", "quarter")
	kind := pick(r.URL.Query().Get("kind"), insight.KindNPS, insight.KindCSAT, insight.KindCES, insight.KindRating)
	v := satisfactionView{Grain: grain, Kind: kind, Window: windowNote(s.Lang, f), Cards: cardsOf(s.Lang, insight.Score(f.Feedback)), Empty: len(f.Feedback) == 0,
		Chart: insightChart{Labels: map[string]string{"score": s.Lang.T("kind." + kind), "importance": s.Lang.T("drivers.importance"),
			"performance": s.Lang.T("drivers.performance")}}}
	for _, p := range insight.Trend(f.Feedback, kind, grain) {
		row := trendRow{Period: p.Period, Display: newScoreCard(s.Lang, kind, "", p.Score).Display, Count: p.Score.Count, Significant: p.Significant}
		if p.Change != nil {
			row.Change = strconv.FormatFloat(*p.Change, 'f', 1, 64)
			if *p.Change > 0 {
				row.Change = "+" + row.Change
			}
		}
		v.Trend = append(v.Trend, row)
		v.Chart.Periods = append(v.Chart.Periods, p.Period)
		v.Chart.Values = append(v.Chart.Values, round1(p.Score.Value))
		v.Chart.Low = append(v.Chart.Low, round1(p.Score.Low))
		v.Chart.High = append(v.Chart.High, round1(p.Score.High))
	}
	for _, dim := range insight.Dimensions {
		t := breakdownTable{Dim: dim}
		for _, g := range insight.Breakdown(f.Feedback, dim) {
			t.Rows = append(t.Rows, breakdownRow{Key: g.Key, Label: dimLabel(s.Lang, dim, g.Key), Cells: cardsOf(s.Lang, g)})
		}
		v.Breakdowns = append(v.Breakdowns, t)
	}
	if d, err := insight.Drivers(f.Feedback, kind); err == nil {
		v.Drivers = d
		for _, dr := range d.Drivers {
			v.Chart.Quadrant = append(v.Chart.Quadrant, quadrantPoint{Name: s.Lang.T("condition." + dr.Condition),
				Importance: round3(dr.Importance), Performance: round3(dr.Performance)})
		}
	}
	c.render(w, r, http.StatusOK, satisfactionPageView(s, v))
}

// windowNote says which year the pages show when it is not the last one:
// without recent feedback they show the year up to the latest.
func windowNote(l lang, f *insight.Facts) string {
	if !f.Anchored {
		return ""
	}
	return l.Tf("insight.anchored", formatDate(f.From), formatDate(f.To.Add(-time.Millisecond)))
}

func dimLabel(l lang, dim, key string) string {
	switch dim {
	case "touchpoint":
		return l.T("touchpoint." + key)
	case "stage":
		return l.T("stage." + key)
	case "rfm":
		return l.T("rfmseg." + key)
	case "channel":
		return l.T("channel." + key)
	}
	return key
}

// pick returns v when it is one of the allowed values, else the first.
func pick(v string, allowed ...string) string {
	for _, a := range allowed {
		if v == a {
			return v
		}
	}
	return allowed[0]
}

func round1(v float64) float64 { return float64(int64(v*10+sign(v)*0.5)) / 10 }
func round3(v float64) float64 { return float64(int64(v*1000+sign(v)*0.5)) / 1000 }

func sign(v float64) float64 {
	if v < 0 {
		return -1
	}
	return 1
}

func insightPath(tab string) string {
	switch tab {
	case "voice":
		return "/insights/voice"
	case "pain":
		return "/insights/pain-points"
	}
	return "/insights"
}
