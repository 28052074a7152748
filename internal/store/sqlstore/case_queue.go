package sqlstore

import (
	"context"
	"fmt"
	"strings"

	"github.com/rapport-cx/rapport"
)

// queueOrder is the queue's order: breached first, then nearest due, then
// oldest. The index cases_status_queue holds it per status.
const queueOrder = " ORDER BY breached DESC, due_sort, id"

// ListCases returns a page of the queue: breached first, then nearest due.
// A page of several statuses merges the first offset+limit cases of each
// status, each read in order from the index, so no query sorts every open
// case; a customer's or an order's cases are few and read by their own
// index.
func (s *Store) ListCases(ctx context.Context, q rapport.CaseQuery) ([]rapport.Case, int, error) {
	filter, args := caseFilter(q)
	limit, offset := q.Limit, max(q.Offset, 0)
	if limit <= 0 {
		limit = 50
	}
	statuses := q.Status
	if len(statuses) == 0 {
		statuses = rapport.CaseStatuses
	}
	total, err := s.countCases(ctx, q.Status, filter, args)
	if err != nil {
		return nil, 0, err
	}
	var query string
	var qargs []any
	switch {
	case q.CustomerID != "" || q.OrderID != "" || len(statuses) == 1:
		cond, sargs := statusCond(q.Status)
		query = "SELECT " + caseColumns + " FROM cases WHERE " + strings.Join(append(cond, filter...), " AND ") +
			queueOrder + " LIMIT ? OFFSET ?"
		qargs = append(append(append(qargs, sargs...), args...), limit, offset)
	default:
		parts := make([]string, len(statuses))
		for i, st := range statuses {
			parts[i] = fmt.Sprintf("SELECT * FROM (SELECT %s, breached, due_sort FROM cases WHERE %s%s LIMIT ?) AS s%d",
				caseColumns, strings.Join(append([]string{"status = ?"}, filter...), " AND "), queueOrder, i)
			qargs = append(append(append(qargs, string(st)), args...), offset+limit)
		}
		query = "SELECT " + caseColumns + " FROM (" + strings.Join(parts, " UNION ALL ") + ") AS q" +
			queueOrder + " LIMIT ? OFFSET ?"
		qargs = append(qargs, limit, offset)
	}
	rows, err := s.read.QueryContext(ctx, s.q(query), qargs...)
	if err != nil {
		return nil, 0, fmt.Errorf("list cases: %w", err)
	}
	list, err := scanCases(rows)
	if err != nil {
		return nil, 0, fmt.Errorf("list cases: %w", err)
	}
	return list, total, nil
}

// caseFilter is the query's conditions other than the status, never empty.
func caseFilter(q rapport.CaseQuery) ([]string, []any) {
	where := []string{"1 = 1"}
	var args []any
	for _, f := range []struct{ col, v string }{
		{"type", string(q.Type)}, {"priority", string(q.Priority)}, {"team", q.Team}, {"owner", q.Owner},
		{"customer_id", q.CustomerID}, {"order_id", q.OrderID},
	} {
		if f.v != "" {
			where = append(where, f.col+" = ?")
			args = append(args, f.v)
		}
	}
	if q.Breached {
		where = append(where, "breached = 1")
	}
	return where, args
}

// statusCond is the condition on the status, none for every status.
func statusCond(statuses []rapport.CaseStatus) ([]string, []any) {
	if len(statuses) == 0 {
		return nil, nil
	}
	args := make([]any, len(statuses))
	for i, st := range statuses {
		args[i] = string(st)
	}
	return []string{"status IN " + inList(len(statuses))}, args
}

// countCases counts the cases of the statuses (all if none) that pass the filter.
func (s *Store) countCases(ctx context.Context, statuses []rapport.CaseStatus, filter []string, args []any) (int, error) {
	cond, sargs := statusCond(statuses)
	var total int
	err := s.read.QueryRowContext(ctx, s.q("SELECT count(*) FROM cases WHERE "+strings.Join(append(cond, filter...), " AND ")),
		append(sargs, args...)...).Scan(&total)
	if err != nil {
		return 0, fmt.Errorf("list cases: %w", err)
	}
	return total, nil
}
