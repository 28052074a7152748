package sqlstore

import (
	"context"
	"fmt"
	"sort"
	"time"

	"github.com/rapport-cx/rapport"
)

// ActiveWindow is how far back a known customer's last event may be for the
// customer to count as active.
const ActiveWindow = 30 * 24 * time.Hour

// Overview computes the overview KPIs as defined in rapport.Definitions.
func (s *Store) Overview(ctx context.Context, asOf time.Time) (*rapport.Overview, error) {
	o := &rapport.Overview{AsOf: asOf}
	steps := []func(context.Context, *rapport.Overview) error{s.customerFigures, s.orderFigures, s.buyerFigures, s.monthFigures}
	for _, step := range steps {
		if err := step(ctx, o); err != nil {
			return nil, fmt.Errorf("overview: %w", err)
		}
	}
	if o.Orders > 0 {
		o.AverageOrderValue = o.Revenue / float64(o.Orders)
	}
	if o.Buyers > 0 {
		o.RepurchaseRate = float64(o.RepeatBuyers) / float64(o.Buyers)
	}
	return o, nil
}

func (s *Store) customerFigures(ctx context.Context, o *rapport.Overview) error {
	const query = `SELECT count(*), COALESCE(sum(CASE WHEN last_seen > ? AND last_seen <= ? THEN 1 ELSE 0 END), 0)
 FROM customers WHERE known = 1`
	return s.read.QueryRowContext(ctx, s.q(query), ms(o.AsOf.Add(-ActiveWindow)), ms(o.AsOf)).
		Scan(&o.Customers, &o.ActiveCustomers)
}

func (s *Store) orderFigures(ctx context.Context, o *rapport.Overview) error {
	const query = `SELECT count(*), COALESCE(sum(total - refunded), 0) FROM orders WHERE status <> ?`
	return s.read.QueryRowContext(ctx, s.q(query), rapport.OrderCancelled).Scan(&o.Orders, &o.Revenue)
}

func (s *Store) buyerFigures(ctx context.Context, o *rapport.Overview) error {
	const query = `SELECT count(*), COALESCE(sum(CASE WHEN n >= 2 THEN 1 ELSE 0 END), 0) FROM
 (SELECT customer_id, count(*) AS n FROM orders WHERE status <> ? GROUP BY customer_id) buyers`
	return s.read.QueryRowContext(ctx, s.q(query), rapport.OrderCancelled).Scan(&o.Buyers, &o.RepeatBuyers)
}

// monthFigures fills the months, within the twelve calendar months up to
// asOf's, that have orders or new customers.
func (s *Store) monthFigures(ctx context.Context, o *rapport.Overview) error {
	last := o.AsOf.UTC()
	first := time.Date(last.Year(), last.Month()-11, 1, 0, 0, 0, 0, time.UTC)
	from, to := month(first), month(last)
	months := map[string]*rapport.MonthFigures{}
	at := func(m string) *rapport.MonthFigures {
		if months[m] == nil {
			months[m] = &rapport.MonthFigures{Month: m}
		}
		return months[m]
	}
	if err := s.monthOrders(ctx, from, to, at); err != nil {
		return err
	}
	if err := s.monthCustomers(ctx, from, to, at); err != nil {
		return err
	}
	o.Months = make([]rapport.MonthFigures, 0, len(months))
	for _, m := range months {
		o.Months = append(o.Months, *m)
	}
	sort.Slice(o.Months, func(i, j int) bool { return o.Months[i].Month < o.Months[j].Month })
	return nil
}

func (s *Store) monthOrders(ctx context.Context, from, to string, at func(string) *rapport.MonthFigures) error {
	const query = `SELECT placed_month, count(*), COALESCE(sum(total - refunded), 0), count(DISTINCT customer_id)
 FROM orders WHERE status <> ? AND placed_month >= ? AND placed_month <= ? GROUP BY placed_month`
	rows, err := s.read.QueryContext(ctx, s.q(query), rapport.OrderCancelled, from, to)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var m string
		var orders, buyers int
		var revenue float64
		if err := rows.Scan(&m, &orders, &revenue, &buyers); err != nil {
			return err
		}
		f := at(m)
		f.Orders, f.Revenue, f.Buyers = orders, revenue, buyers
	}
	return rows.Err()
}

func (s *Store) monthCustomers(ctx context.Context, from, to string, at func(string) *rapport.MonthFigures) error {
	const query = `SELECT first_month, count(*) FROM customers
 WHERE known = 1 AND first_month >= ? AND first_month <= ? GROUP BY first_month`
	rows, err := s.read.QueryContext(ctx, s.q(query), from, to)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var m string
		var n int
		if err := rows.Scan(&m, &n); err != nil {
			return err
		}
		at(m).NewCustomers = n
	}
	return rows.Err()
}

// Counts returns the sizes of the main tables.
func (s *Store) Counts(ctx context.Context) (rapport.Counts, error) {
	var c rapport.Counts
	const query = `SELECT
 (SELECT count(*) FROM events),
 (SELECT count(*) FROM customers WHERE known = 1),
 (SELECT count(*) FROM customers WHERE known = 0),
 (SELECT count(*) FROM orders),
 (SELECT count(*) FROM order_items),
 (SELECT count(*) FROM products),
 (SELECT count(*) FROM reviews)`
	err := s.read.QueryRowContext(ctx, query).Scan(&c.Events, &c.Customers, &c.Anonymous,
		&c.Orders, &c.Items, &c.Products, &c.Reviews)
	if err != nil {
		return c, fmt.Errorf("counts: %w", err)
	}
	return c, nil
}
