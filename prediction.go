package rapport

import (
	"context"
	"time"
)

// CustomerHistory is what the predictive models read of one known customer:
// their completed orders and the days they were active on any channel.
type CustomerHistory struct {
	CustomerID string
	Orders     []HistoryOrder // oldest first
	ActiveDays []time.Time    // UTC midnights of days with any event, oldest first
}

// HistoryOrder is one completed order as the models see it.
type HistoryOrder struct {
	At         time.Time
	Total      float64
	Channel    Channel
	Categories []string // categories of its lines, in line order, "" dropped
}

// PredictedTags is the third tag layer of a profile: what the models expect
// of the customer, from the model run RunID.
type PredictedTags struct {
	CustomerID string `json:"customer_id"`
	RunID      int64  `json:"run_id"`
	// ChurnProbability is the chance of no purchase in the next 90 days.
	ChurnProbability float64 `json:"churn_probability"`
	// ExpectedPurchases90 and ExpectedValue90 come from BG/NBD and Gamma-Gamma.
	ExpectedPurchases90 float64   `json:"expected_purchases_90d"`
	ExpectedValue90     float64   `json:"expected_value_90d"`
	ProbabilityAlive    float64   `json:"probability_alive"`
	NextCategory        string    `json:"next_category,omitempty"`
	Recency             int       `json:"rfm_r"` // RFM scores 1–5, 0 without orders
	Frequency           int       `json:"rfm_f"`
	Monetary            int       `json:"rfm_m"`
	RFMSegment          string    `json:"rfm_segment,omitempty"`
	Cluster             int       `json:"cluster"` // 1-based, 0 when not clustered
	ComputedAt          time.Time `json:"computed_at"`
}

// ModelRun is one fit of the predictive models with its quality figures.
type ModelRun struct {
	ID                  int64     `json:"id"`
	StartedAt           time.Time `json:"started_at"`
	FinishedAt          time.Time `json:"finished_at"`
	AsOf                time.Time `json:"as_of"` // the data's "now"
	Customers           int       `json:"customers"`
	ChurnAUC            float64   `json:"churn_auc"`    // holdout AUC, 0 when not trained
	BacktestMAE         float64   `json:"backtest_mae"` // BG/NBD purchases per customer
	BacktestCorrelation float64   `json:"backtest_correlation"`
	NaiveMAE            float64   `json:"naive_mae"`
	NaiveCorrelation    float64   `json:"naive_correlation"`
	NextCategoryHitRate float64   `json:"next_category_hit_rate"`
	// Report holds the fitted parameters, the RFM grid, the clusters and
	// everything else the console shows, as JSON written by internal/predict.
	Report []byte `json:"report,omitempty"`
}

// PredictionStore keeps model runs and the predicted tags they produce.
type PredictionStore interface {
	// CustomerHistories calls fn with each known customer that has at
	// least one order that was not cancelled, one customer at a time in no
	// promised order. fn's history is only valid
	// during the call.
	CustomerHistories(ctx context.Context, fn func(h *CustomerHistory) error) error
	// SaveModelRun stores a run and replaces every customer's predicted tags
	// with tags, in one transaction. It sets run.ID and each tag's RunID.
	SaveModelRun(ctx context.Context, run *ModelRun, tags []PredictedTags) error
	// LatestModelRun returns ENOTFOUND when no run is stored.
	LatestModelRun(ctx context.Context) (*ModelRun, error)
	// ModelRuns lists runs, newest first, without their reports.
	ModelRuns(ctx context.Context, limit int) ([]ModelRun, error)
	// PredictedTags returns ENOTFOUND when the customer has none.
	PredictedTags(ctx context.Context, customerID string) (*PredictedTags, error)
}
