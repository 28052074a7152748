package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/rapport-cx/rapport"
)

// CustomerHistories streams each known customer's orders (all but
// cancelled ones, with their lines' categories) and active days.
func (s *Store) CustomerHistories(ctx context.Context, fn func(h *rapport.CustomerHistory) error) error {
	days, err := s.activeDays(ctx)
	if err != nil {
		return err
	}
	const query = `SELECT o.customer_id, o.id, o.placed_at, o.total, o.channel, COALESCE(i.category, '')
 FROM orders o JOIN customers c ON c.id = o.customer_id
 LEFT JOIN order_items i ON i.order_id = o.id
 WHERE c.known = 1 AND o.status <> ?
 ORDER BY o.customer_id, o.placed_at, o.id, i.line`
	rows, err := s.read.QueryContext(ctx, s.q(query), rapport.OrderCancelled)
	if err != nil {
		return fmt.Errorf("customer histories: %w", err)
	}
	defer rows.Close()
	var h rapport.CustomerHistory
	var lastOrder string
	flush := func() error {
		if h.CustomerID == "" {
			return nil
		}
		h.ActiveDays = days[h.CustomerID]
		return fn(&h)
	}
	for rows.Next() {
		var cust, id, channel, category string
		var placed int64
		var total float64
		if err := rows.Scan(&cust, &id, &placed, &total, &channel, &category); err != nil {
			return fmt.Errorf("customer histories: %w", err)
		}
		if cust != h.CustomerID {
			if err := flush(); err != nil {
				return err
			}
			h = rapport.CustomerHistory{CustomerID: cust}
			lastOrder = ""
		}
		if id != lastOrder {
			h.Orders = append(h.Orders, rapport.HistoryOrder{At: fromMS(placed), Total: total, Channel: rapport.Channel(channel)})
			lastOrder = id
		}
		if category != "" {
			o := &h.Orders[len(h.Orders)-1]
			o.Categories = append(o.Categories, category)
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("customer histories: %w", err)
	}
	return flush()
}

// activeDays lists, per known customer, the UTC days with any event.
func (s *Store) activeDays(ctx context.Context) (map[string][]time.Time, error) {
	const query = `SELECT e.customer_id, e.ts / 86400000 AS d FROM events e
 JOIN customers c ON c.id = e.customer_id WHERE c.known = 1
 GROUP BY e.customer_id, e.ts / 86400000 ORDER BY e.customer_id, d`
	rows, err := s.read.QueryContext(ctx, s.q(query))
	if err != nil {
		return nil, fmt.Errorf("active days: %w", err)
	}
	defer rows.Close()
	out := make(map[string][]time.Time)
	for rows.Next() {
		var cust string
		var day int64
		if err := rows.Scan(&cust, &day); err != nil {
			return nil, fmt.Errorf("active days: %w", err)
		}
		out[cust] = append(out[cust], time.UnixMilli(day*86400000).UTC())
	}
	return out, rows.Err()
}

const tagColumns = `customer_id, run_id, churn_probability, expected_purchases, expected_value,
 probability_alive, next_category, rfm_r, rfm_f, rfm_m, rfm_segment, cluster, computed_at`

// SaveModelRun stores the run and replaces all predicted tags in one transaction.
func (s *Store) SaveModelRun(ctx context.Context, run *rapport.ModelRun, tags []rapport.PredictedTags) error {
	return s.inTx(ctx, func(t *txq) error {
		const insertRun = `INSERT INTO model_runs (started_at, finished_at, as_of, customers, churn_auc,
 backtest_mae, backtest_correlation, naive_mae, naive_correlation, next_category_hit_rate, report)
 VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`
		err := t.tx.QueryRowContext(ctx, s.q(insertRun), ms(run.StartedAt), ms(run.FinishedAt), ms(run.AsOf),
			run.Customers, run.ChurnAUC, run.BacktestMAE, run.BacktestCorrelation, run.NaiveMAE,
			run.NaiveCorrelation, run.NextCategoryHitRate, string(run.Report)).Scan(&run.ID)
		if err != nil {
			return fmt.Errorf("save model run: %w", err)
		}
		if _, err := t.tx.ExecContext(ctx, "DELETE FROM predicted_tags"); err != nil {
			return fmt.Errorf("save model run: clear tags: %w", err)
		}
		st, err := t.tx.PrepareContext(ctx, s.q(`INSERT INTO predicted_tags (`+tagColumns+`)
 VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`))
		if err != nil {
			return fmt.Errorf("save model run: %w", err)
		}
		defer st.Close()
		for i := range tags {
			g := &tags[i]
			g.RunID = run.ID
			if _, err := st.ExecContext(ctx, g.CustomerID, g.RunID, g.ChurnProbability, g.ExpectedPurchases90,
				g.ExpectedValue90, g.ProbabilityAlive, g.NextCategory, g.Recency, g.Frequency, g.Monetary,
				g.RFMSegment, g.Cluster, ms(g.ComputedAt)); err != nil {
				return fmt.Errorf("save predicted tags of %s: %w", g.CustomerID, err)
			}
		}
		return nil
	})
}

const runColumns = `id, started_at, finished_at, as_of, customers, churn_auc, backtest_mae,
 backtest_correlation, naive_mae, naive_correlation, next_category_hit_rate`

// LatestModelRun returns the newest run with its report.
func (s *Store) LatestModelRun(ctx context.Context) (*rapport.ModelRun, error) {
	row := s.read.QueryRowContext(ctx, s.q(`SELECT `+runColumns+`, report FROM model_runs ORDER BY id DESC LIMIT 1`))
	var run rapport.ModelRun
	var report string
	err := scanRun(row.Scan, &run, &report)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, rapport.Errorf(rapport.ENOTFOUND, "no model run yet")
	}
	if err != nil {
		return nil, fmt.Errorf("latest model run: %w", err)
	}
	run.Report = []byte(report)
	return &run, nil
}

// ModelRuns lists runs newest first without reports.
func (s *Store) ModelRuns(ctx context.Context, limit int) ([]rapport.ModelRun, error) {
	if limit <= 0 {
		limit = 20
	}
	rows, err := s.read.QueryContext(ctx, s.q(`SELECT `+runColumns+` FROM model_runs ORDER BY id DESC LIMIT ?`), limit)
	if err != nil {
		return nil, fmt.Errorf("model runs: %w", err)
	}
	defer rows.Close()
	out := []rapport.ModelRun{}
	for rows.Next() {
		var run rapport.ModelRun
		if err := scanRun(rows.Scan, &run, nil); err != nil {
			return nil, fmt.Errorf("model runs: %w", err)
		}
		out = append(out, run)
	}
	return out, rows.Err()
}

func scanRun(scan func(...any) error, run *rapport.ModelRun, report *string) error {
	var started, finished, asOf int64
	dest := []any{&run.ID, &started, &finished, &asOf, &run.Customers, &run.ChurnAUC, &run.BacktestMAE,
		&run.BacktestCorrelation, &run.NaiveMAE, &run.NaiveCorrelation, &run.NextCategoryHitRate}
	if report != nil {
		dest = append(dest, report)
	}
	if err := scan(dest...); err != nil {
		return err
	}
	run.StartedAt, run.FinishedAt, run.AsOf = fromMS(started), fromMS(finished), fromMS(asOf)
	return nil
}

// PredictedTags returns one customer's tags, following merged ids.
func (s *Store) PredictedTags(ctx context.Context, customerID string) (*rapport.PredictedTags, error) {
	if id, err := s.customerID(ctx, customerID); err == nil {
		customerID = id
	}
	row := s.read.QueryRowContext(ctx, s.q(`SELECT `+tagColumns+` FROM predicted_tags WHERE customer_id = ?`), customerID)
	var g rapport.PredictedTags
	var computed int64
	err := row.Scan(&g.CustomerID, &g.RunID, &g.ChurnProbability, &g.ExpectedPurchases90, &g.ExpectedValue90,
		&g.ProbabilityAlive, &g.NextCategory, &g.Recency, &g.Frequency, &g.Monetary, &g.RFMSegment, &g.Cluster, &computed)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, rapport.Errorf(rapport.ENOTFOUND, "no predicted tags for customer %s", customerID)
	}
	if err != nil {
		return nil, fmt.Errorf("predicted tags of %s: %w", customerID, err)
	}
	g.ComputedAt = fromMS(computed)
	return &g, nil
}
