package web

import (
	"net/http"
	"strconv"

	"github.com/rapport-cx/rapport"
)

// kpi is one figure card of the Overview page.
type kpi struct {
	Key        string // the figure's key in rapport.Definitions
	Label      string
	Display    string // formatted for people
	Raw        string // exact value, for data-value
	Definition string
}

// overviewView is the Overview page's content.
type overviewView struct {
	AsOf  string
	KPIs  []kpi
	Chart chartData
	Empty bool // no month has data yet
}

// chartData feeds the trend charts; app.js reads it from the page.
type chartData struct {
	Months       []string          `json:"months"`
	Orders       []int             `json:"orders"`
	Revenue      []float64         `json:"revenue"`
	NewCustomers []int             `json:"new_customers"`
	Buyers       []int             `json:"buyers"`
	Labels       map[string]string `json:"labels"`
}

// overview shows the shop-wide KPIs and their monthly trends.
func (c *console) overview(w http.ResponseWriter, r *http.Request) {
	s := c.shell(r, "overview", "nav.overview")
	o, err := c.store.Overview(r.Context(), c.clock.Now())
	if err != nil {
		c.fail(w, r, err)
		return
	}
	c.render(w, r, http.StatusOK, overviewPage(s, newOverviewView(o, s.Lang)))
}

func newOverviewView(o *rapport.Overview, l lang) overviewView {
	card := func(key, display, raw string) kpi {
		return kpi{Key: key, Label: l.T("kpi." + key), Display: display, Raw: raw, Definition: l.T("def." + key)}
	}
	return overviewView{
		AsOf: formatTime(o.AsOf),
		KPIs: []kpi{
			card("customers", formatInt(o.Customers), strconv.Itoa(o.Customers)),
			card("active_customers_30d", formatInt(o.ActiveCustomers), strconv.Itoa(o.ActiveCustomers)),
			card("orders", formatInt(o.Orders), strconv.Itoa(o.Orders)),
			card("revenue", formatMoney(o.Revenue), rawFloat(o.Revenue)),
			card("average_order_value", formatMoney(o.AverageOrderValue), rawFloat(o.AverageOrderValue)),
			card("repurchase_rate", formatPercent(o.RepurchaseRate), rawFloat(o.RepurchaseRate)),
		},
		Chart: newChartData(o.Months, l),
		Empty: len(o.Months) == 0,
	}
}

func newChartData(months []rapport.MonthFigures, l lang) chartData {
	d := chartData{Labels: map[string]string{
		"orders": l.T("chart.orders"), "revenue": l.T("chart.revenue"),
		"new_customers": l.T("chart.new_customers"), "buyers": l.T("chart.buyers"),
	}}
	for _, m := range months {
		d.Months = append(d.Months, m.Month)
		d.Orders = append(d.Orders, m.Orders)
		d.Revenue = append(d.Revenue, m.Revenue)
		d.NewCustomers = append(d.NewCustomers, m.NewCustomers)
		d.Buyers = append(d.Buyers, m.Buyers)
	}
	return d
}
