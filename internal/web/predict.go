package web

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/rapport-cx/rapport"
	"github.com/rapport-cx/rapport/internal/predict"
)

// runView is the latest model run as the predictive pages show it; nil
// Report means no run yet.
type runView struct {
	Run      *rapport.ModelRun
	Report   *predict.Report
	Summary  string
	Problems []string
}

// latestRun reads the newest run and its report; ENOTFOUND gives a nil Report.
func (c *console) latestRun(ctx context.Context, l lang) (runView, error) {
	run, err := c.store.LatestModelRun(ctx)
	if rapport.ErrorCode(err) == rapport.ENOTFOUND {
		return runView{}, nil
	}
	if err != nil {
		return runView{}, err
	}
	rep, err := predict.DecodeReport(run)
	if err != nil {
		return runView{}, err
	}
	v := runView{Run: run, Report: rep,
		Summary: l.Tf("predict.run", run.ID, formatDate(run.AsOf), formatInt(run.Customers), formatTime(run.FinishedAt))}
	for _, p := range rep.Problems {
		v.Problems = append(v.Problems, l.Tf("predict.problem", p))
	}
	return v, nil
}

// segmentRow is one named RFM segment in the table.
type segmentRow struct {
	Key   string // the English name
	Name  string
	Rule  string
	Size  int
	Share string
}

// heatmapData feeds the R×F heat map in predict.js.
type heatmapData struct {
	Cells  [][3]int          `json:"cells"` // [F-1, R-1, count]
	Max    int               `json:"max"`
	Labels map[string]string `json:"labels"`
}

// rfmView is the RFM page's content.
type rfmView struct {
	Run      runView
	Grid     heatmapData
	Segments []segmentRow
	Quality  qualityView
}

func (c *console) rfmPage(w http.ResponseWriter, r *http.Request) {
	s := c.shell(r, "segments", "predict.rfm.title")
	run, err := c.latestRun(r.Context(), s.Lang)
	if err != nil {
		c.fail(w, r, err)
		return
	}
	v := rfmView{Run: run}
	if run.Report != nil {
		v.Grid = newHeatmap(run.Report, s.Lang)
		v.Segments = segmentRows(run.Report, s.Lang)
		v.Quality = newQualityView(run.Report, s.Lang)
	}
	c.render(w, r, http.StatusOK, rfmPage(s, v))
}

func newHeatmap(rep *predict.Report, l lang) heatmapData {
	d := heatmapData{Labels: map[string]string{"r": l.T("predict.grid.r"), "f": l.T("predict.grid.f"), "count": l.T("predict.grid.count")}}
	for ri, row := range rep.RFMGrid {
		for fi, n := range row {
			d.Cells = append(d.Cells, [3]int{fi, ri, n})
			d.Max = max(d.Max, n)
		}
	}
	return d
}

func segmentRows(rep *predict.Report, l lang) []segmentRow {
	rows := make([]segmentRow, 0, len(predict.Segments))
	for _, name := range predict.Segments {
		n := rep.SegmentSizes[name]
		share := 0.0
		if rep.Customers > 0 {
			share = float64(n) / float64(rep.Customers)
		}
		rows = append(rows, segmentRow{Key: name, Name: l.T("rfmseg." + name), Rule: segmentRule(name),
			Size: n, Share: formatPercent(share)})
	}
	return rows
}

// segmentRule writes the cells of the R × FM grid a segment holds, merging
// neighbouring R scores with the same FM range: "R4–5 · FM3; R3 · FM4–5".
func segmentRule(name string) string {
	type span struct{ rlo, rhi, lo, hi int }
	var spans []span
	for r := 5; r >= 1; r-- {
		lo, hi := 0, 0
		for fm := 1; fm <= 5; fm++ {
			if predict.SegmentOf(r, fm, fm) == name {
				if lo == 0 {
					lo = fm
				}
				hi = fm
			}
		}
		if lo == 0 {
			continue
		}
		if n := len(spans); n > 0 && spans[n-1].lo == lo && spans[n-1].hi == hi && spans[n-1].rlo == r+1 {
			spans[n-1].rlo = r
			continue
		}
		spans = append(spans, span{r, r, lo, hi})
	}
	parts := make([]string, len(spans))
	for i, s := range spans {
		parts[i] = "R" + scoreRange(s.rlo, s.rhi) + " · FM" + scoreRange(s.lo, s.hi)
	}
	return strings.Join(parts, "; ")
}

func scoreRange(lo, hi int) string {
	if lo == hi {
		return strconv.Itoa(lo)
	}
	return fmt.Sprintf("%d–%d", lo, hi)
}

// qualityRow is one forecast of the backtest table.
type qualityRow struct {
	Key, Label, MAE, Corr string
}

// qualityView is the model-quality section.
type qualityView struct {
	ChurnAUC    string
	ChurnNote   string
	Backtest    string
	Rows        []qualityRow
	NextHit     string
	NextNote    string
	Params      []fact
	HasChurn    bool
	HasBacktest bool
	HasNext     bool
	MethodChurn string
	MethodBG    string
	MethodNext  string
}

func newQualityView(rep *predict.Report, l lang) qualityView {
	q := qualityView{MethodChurn: l.T("predict.method.churn"), MethodBG: l.T("predict.method.purchases"), MethodNext: l.T("predict.method.next")}
	if c := rep.Churn; c != nil {
		q.HasChurn, q.ChurnAUC = true, fmt3(c.AUC)
		q.ChurnNote = l.Tf("predict.quality.churn_note", formatInt(c.Train), formatInt(c.Holdout), formatPercent(c.BaseRate))
	}
	if bt := rep.Backtest; bt != nil {
		q.HasBacktest = true
		q.Backtest = l.Tf("predict.quality.backtest", formatDate(bt.Cutoff), formatDate(bt.End), formatInt(bt.Customers))
		q.Rows = []qualityRow{
			{"bgnbd", l.T("predict.quality.bgnbd"), fmt3(bt.MAE), fmt3(bt.Correlation)},
			{"naive", l.T("predict.quality.naive"), fmt3(bt.NaiveMAE), fmt3(bt.NaiveCorrelation)},
			{"own", l.T("predict.quality.own"), fmt3(bt.OwnRateMAE), fmt3(bt.OwnRateCorrelation)},
		}
	}
	if n := rep.NextCategory; n != nil {
		q.HasNext, q.NextHit = true, formatPercent(n.HitRate)
		q.NextNote = l.Tf("predict.quality.next_note", formatPercent(n.BaselineHitRate), formatInt(n.Tested))
	}
	if m := rep.BGNBD; m != nil {
		q.Params = append(q.Params, fact{Key: "bgnbd", Label: "BG/NBD",
			Value: fmt.Sprintf("r = %.4g, α = %.4g, a = %.4g, b = %.4g", m.R, m.Alpha, m.A, m.B)})
	}
	if g := rep.GammaGamma; g != nil {
		q.Params = append(q.Params, fact{Key: "gamma_gamma", Label: "Gamma-Gamma",
			Value: fmt.Sprintf("p = %.4g, q = %.4g, γ = %.4g", g.P, g.Q, g.Gamma)})
	}
	return q
}

func fmt3(v float64) string { return strconv.FormatFloat(v, 'f', 3, 64) }

// scatterData feeds the cluster chart in predict.js.
type scatterData struct {
	Series []scatterSeries   `json:"series"`
	Labels map[string]string `json:"labels"`
}

type scatterSeries struct {
	Name   string       `json:"name"`
	Points [][2]float64 `json:"points"`
}

// clusterRow is one cluster of the table.
type clusterRow struct {
	ID          int
	Name        string
	Description string
	Size        string
	Recency     string
	Orders      string
	Revenue     string
}

// clustersView is the clusters page's content.
type clustersView struct {
	Run     runView
	Summary string
	Chart   scatterData
	Rows    []clusterRow
}

func (c *console) clustersPage(w http.ResponseWriter, r *http.Request) {
	s := c.shell(r, "segments", "predict.clusters.title")
	run, err := c.latestRun(r.Context(), s.Lang)
	if err != nil {
		c.fail(w, r, err)
		return
	}
	v := clustersView{Run: run}
	if run.Report != nil && run.Report.Clustering != nil {
		v = newClustersView(run, s.Lang)
	}
	c.render(w, r, http.StatusOK, clustersPage(s, v))
}

func newClustersView(run runView, l lang) clustersView {
	cl := run.Report.Clustering
	how := l.T("predict.clusters.k_fixed")
	if len(cl.KMeans.Silhouettes) > 0 {
		how = l.T("predict.clusters.k_auto")
	}
	v := clustersView{Run: run, Summary: l.Tf("predict.clusters.k", cl.KMeans.K, how, fmt3(cl.KMeans.Silhouette))}
	v.Chart.Labels = map[string]string{"x": l.Tf("predict.clusters.pc", 1, "–"), "y": l.Tf("predict.clusters.pc", 2, "–")}
	if len(cl.Variance) == 2 {
		v.Chart.Labels["x"] = l.Tf("predict.clusters.pc", 1, formatPercent(cl.Variance[0]))
		v.Chart.Labels["y"] = l.Tf("predict.clusters.pc", 2, formatPercent(cl.Variance[1]))
	}
	byCluster := make(map[int][][2]float64)
	for _, p := range cl.Points {
		byCluster[p.Cluster] = append(byCluster[p.Cluster], [2]float64{p.X, p.Y})
	}
	for _, k := range cl.Clusters {
		name := l.Tf("predict.clusters.cluster", k.ID)
		v.Chart.Series = append(v.Chart.Series, scatterSeries{Name: name, Points: byCluster[k.ID]})
		desc := k.En
		if l == langZH {
			desc = k.Zh
		}
		v.Rows = append(v.Rows, clusterRow{ID: k.ID, Name: name, Description: desc, Size: formatInt(k.Size),
			Recency: strconv.FormatFloat(k.RecencyDays, 'f', 0, 64), Orders: strconv.FormatFloat(k.Orders, 'f', 1, 64),
			Revenue: formatMoney(k.Revenue)})
	}
	return v
}

// predictedView is the Predicted card of Customer 360; nil when the
// customer has no predicted tags.
type predictedView struct {
	AsOf  string
	Facts []predictedFact
}

// predictedFact is one predicted tag with how it is made and how good it is.
type predictedFact struct {
	Key, Label, Value, Raw, Method, Quality string
}

// predictedTags builds the card; errors other than "none yet" are returned.
func (c *console) predictedTags(ctx context.Context, customerID string, l lang) (*predictedView, error) {
	tags, err := c.store.PredictedTags(ctx, customerID)
	if rapport.ErrorCode(err) == rapport.ENOTFOUND {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	run, err := c.latestRun(ctx, l)
	if err != nil || run.Report == nil {
		return nil, err
	}
	return newPredictedView(tags, run, l), nil
}

func newPredictedView(t *rapport.PredictedTags, run runView, l lang) *predictedView {
	rep := run.Report
	v := &predictedView{AsOf: l.Tf("predict.card.asof", t.RunID, formatDate(run.Run.AsOf))}
	var churnQ, bgQ, nextQ string
	if rep.Churn != nil {
		churnQ = l.Tf("predict.good.churn", fmt3(rep.Churn.AUC))
	}
	if bt := rep.Backtest; bt != nil {
		bgQ = l.Tf("predict.good.purchases", fmt3(bt.MAE), fmt3(bt.NaiveMAE))
	}
	if rep.NextCategory != nil {
		nextQ = l.Tf("predict.good.next", formatPercent(rep.NextCategory.HitRate))
	}
	cluster := "–"
	if cl := rep.Clustering; cl != nil && t.Cluster > 0 && t.Cluster <= len(cl.Clusters) {
		k := cl.Clusters[t.Cluster-1]
		desc := k.En
		if l == langZH {
			desc = k.Zh
		}
		cluster = l.Tf("predict.clusters.cluster", t.Cluster) + ": " + desc
	}
	v.Facts = []predictedFact{
		{"churn_probability", l.T("predict.tag.churn"), formatPercent(t.ChurnProbability), rawFloat(t.ChurnProbability), l.T("predict.method.churn"), churnQ},
		{"expected_purchases_90d", l.T("predict.tag.purchases"), strconv.FormatFloat(t.ExpectedPurchases90, 'f', 2, 64), rawFloat(t.ExpectedPurchases90), l.T("predict.method.purchases"), bgQ},
		{"expected_value_90d", l.T("predict.tag.value"), formatMoney(t.ExpectedValue90), rawFloat(t.ExpectedValue90), l.T("predict.method.value"), bgQ},
		{"probability_alive", l.T("predict.tag.alive"), formatPercent(t.ProbabilityAlive), rawFloat(t.ProbabilityAlive), l.T("predict.method.alive"), ""},
		{"next_category", l.T("predict.tag.next"), orDash(t.NextCategory), t.NextCategory, l.T("predict.method.next"), nextQ},
		{"rfm", l.T("predict.tag.rfm"), fmt.Sprintf("R%d F%d M%d · %s", t.Recency, t.Frequency, t.Monetary, l.T("rfmseg."+t.RFMSegment)), t.RFMSegment, l.T("predict.method.rfm"), ""},
		{"cluster", l.T("predict.tag.cluster"), cluster, strconv.Itoa(t.Cluster), l.T("predict.method.cluster"), ""},
	}
	return v
}
