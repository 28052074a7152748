package predict

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/rapport-cx/rapport"
)

// Horizon is the forecast window of the predicted tags.
const Horizon = 90 * Day

// Options tunes a Run.
type Options struct {
	// Clusters fixes k; 0 chooses it by silhouette among 2…8.
	Clusters int
	// Progress, if set, is told each step as it starts.
	Progress func(step string)
}

// Report is everything a run found, kept as JSON with the run.
type Report struct {
	AsOf         time.Time          `json:"as_of"`
	Customers    int                `json:"customers"`
	RFMGrid      [5][5]int          `json:"rfm_grid"` // [R-1][F-1]
	SegmentSizes map[string]int     `json:"segment_sizes"`
	BGNBD        *BGNBD             `json:"bgnbd,omitempty"`
	GammaGamma   *GammaGamma        `json:"gamma_gamma,omitempty"`
	Backtest     *Backtest          `json:"backtest,omitempty"`
	Churn        *Churn             `json:"churn,omitempty"`
	NextCategory *NextCategory      `json:"next_category,omitempty"`
	Clustering   *Clustering        `json:"clustering,omitempty"`
	Seconds      map[string]float64 `json:"seconds"`            // time per step
	Problems     []string           `json:"problems,omitempty"` // models that could not be fitted, and why
}

// Result is a run's report and the predicted tags of every customer scored.
type Result struct {
	Report Report
	Tags   []rapport.PredictedTags
}

// Run fits every model on the histories as of asOf and tags each customer
// with an order before asOf. A model that cannot be fitted (too little data)
// is listed in Report.Problems and its tags are left zero.
func Run(hs []rapport.CustomerHistory, asOf time.Time, opts Options) (*Result, error) {
	r := &run{hs: hs, asOf: asOf, opts: opts, rep: Report{AsOf: asOf, Seconds: map[string]float64{}}}
	r.step("summaries", func() error { r.ss = Summaries(hs, asOf); return nil })
	if len(r.ss) == 0 {
		return nil, fmt.Errorf("predict: no customer has an order before %s", asOf.Format(time.DateOnly))
	}
	r.rep.Customers = len(r.ss)
	r.tags = make([]rapport.PredictedTags, len(r.ss))
	for i := range r.ss {
		r.tags[i] = rapport.PredictedTags{CustomerID: r.ss[i].CustomerID, ComputedAt: asOf}
	}
	r.step("rfm", r.rfm)
	r.step("bgnbd", r.lifetimeValue)
	r.step("backtest", r.backtest)
	r.step("churn", r.churn)
	r.step("next_category", r.nextCategory)
	r.step("clusters", r.clusters)
	return &Result{Report: r.rep, Tags: r.tags}, nil
}

type run struct {
	hs   []rapport.CustomerHistory
	asOf time.Time
	opts Options
	ss   []Summary
	tags []rapport.PredictedTags
	rep  Report
}

func (r *run) step(name string, f func() error) {
	if r.opts.Progress != nil {
		r.opts.Progress(name)
	}
	start := time.Now()
	if err := f(); err != nil {
		r.rep.Problems = append(r.rep.Problems, fmt.Sprintf("%s: %v", name, err))
	}
	r.rep.Seconds[name] = time.Since(start).Seconds()
}

func (r *run) rfm() error {
	rs := ScoreRFM(r.ss, r.asOf)
	for i, x := range rs {
		t := &r.tags[i]
		t.Recency, t.Frequency, t.Monetary, t.RFMSegment = x.R, x.F, x.M, x.Segment
	}
	r.rep.RFMGrid, r.rep.SegmentSizes = RFMGrid(rs), SegmentSizes(rs)
	return nil
}

func (r *run) lifetimeValue() error {
	asOf := dayNumber(r.asOf)
	rfts := make([]RFT, len(r.ss))
	spends := make([]Spend, len(r.ss))
	for i := range r.ss {
		rfts[i] = RFTOf(&r.ss[i], asOf)
		n := float64(r.ss[i].Transactions())
		spends[i] = Spend{N: n, Mean: r.ss[i].Revenue / n}
	}
	bg, err := FitBGNBD(rfts)
	if err != nil {
		return err
	}
	r.rep.BGNBD = &bg
	gg, err := FitGammaGamma(spends)
	if err != nil {
		return err
	}
	r.rep.GammaGamma = &gg
	days := Horizon.Hours() / 24
	for i := range r.ss {
		t := &r.tags[i]
		t.ExpectedPurchases90 = bg.ExpectedPurchases(rfts[i], days)
		t.ProbabilityAlive = bg.ProbabilityAlive(rfts[i])
		spend := spends[i].Mean
		if gg.Q > 1 && spends[i].Mean > 0 {
			spend = gg.ExpectedSpend(spends[i])
		}
		t.ExpectedValue90 = t.ExpectedPurchases90 * spend
	}
	return nil
}

func (r *run) backtest() error {
	bt, err := RunBacktest(r.hs, r.asOf.Add(-Horizon), r.asOf)
	if err != nil {
		return err
	}
	r.rep.Backtest = &bt
	return nil
}

func (r *run) churn() error {
	c, err := FitChurn(r.hs, r.asOf)
	if err != nil {
		return err
	}
	r.rep.Churn = c
	for i := range r.ss {
		r.tags[i].ChurnProbability = c.Probability(&r.ss[i], r.asOf)
	}
	return nil
}

func (r *run) nextCategory() error {
	nc := BacktestNextCategory(r.hs, r.asOf.Add(-Horizon))
	full := FitNextCategory(r.ss)
	full.HitRate, full.BaselineHitRate, full.Tested, full.Cutoff = nc.HitRate, nc.BaselineHitRate, nc.Tested, nc.Cutoff
	r.rep.NextCategory = full
	for i := range r.ss {
		r.tags[i].NextCategory = full.Predict(&r.ss[i])
	}
	return nil
}

func (r *run) clusters() error {
	if len(r.ss) < 3 {
		return fmt.Errorf("%d customers, need 3", len(r.ss))
	}
	cl, err := ClusterCustomers(r.ss, r.asOf, r.opts.Clusters)
	if err != nil {
		return err
	}
	r.rep.Clustering = cl
	for i := range r.tags {
		r.tags[i].Cluster = cl.Assign[r.tags[i].CustomerID]
	}
	return nil
}

// ModelRun is the stored form of the result, its quality figures lifted out
// of the report.
func (res *Result) ModelRun(started, finished time.Time) (*rapport.ModelRun, error) {
	rep := &res.Report
	run := &rapport.ModelRun{StartedAt: started, FinishedAt: finished, AsOf: rep.AsOf, Customers: rep.Customers}
	if rep.Churn != nil {
		run.ChurnAUC = rep.Churn.AUC
	}
	if bt := rep.Backtest; bt != nil {
		run.BacktestMAE, run.BacktestCorrelation = bt.MAE, bt.Correlation
		run.NaiveMAE, run.NaiveCorrelation = bt.NaiveMAE, bt.NaiveCorrelation
	}
	if rep.NextCategory != nil {
		run.NextCategoryHitRate = rep.NextCategory.HitRate
	}
	b, err := json.Marshal(rep)
	if err != nil {
		return nil, fmt.Errorf("predict: report: %w", err)
	}
	run.Report = b
	return run, nil
}

// DecodeReport reads a stored run's report.
func DecodeReport(run *rapport.ModelRun) (*Report, error) {
	var rep Report
	if err := json.Unmarshal(run.Report, &rep); err != nil {
		return nil, fmt.Errorf("predict: run %d report: %w", run.ID, err)
	}
	return &rep, nil
}
