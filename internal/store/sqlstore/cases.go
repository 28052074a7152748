package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/rapport-cx/rapport"
)

const caseColumns = `id, external_id, customer_id, subject, type, stage, channel, priority, status, owner, team,
 order_id, product_ids, labels, parent_id, created_at, updated_at, sla, follow_up, version`

// caseRow is a case flattened to the columns it is stored in.
type caseRow struct {
	products, labels, sla, followUp string
	dueSort, timerAt                int64
	breached                        int
}

func flattenCase(c *rapport.Case) (caseRow, error) {
	var r caseRow
	var err error
	if r.products, err = jsonText(c.ProductIDs, len(c.ProductIDs) == 0); err != nil {
		return r, err
	}
	if r.labels, err = jsonText(c.Labels, len(c.Labels) == 0); err != nil {
		return r, err
	}
	if r.sla, err = jsonText(c.SLA, len(c.SLA.Clocks) == 0 && c.SLA.Policy == ""); err != nil {
		return r, err
	}
	if r.followUp, err = jsonText(c.FollowUp, c.FollowUp == (rapport.FollowUp{})); err != nil {
		return r, err
	}
	r.dueSort = math.MaxInt64
	if due := c.DueAt(); !due.IsZero() {
		r.dueSort = due.UnixMilli()
	}
	r.timerAt, r.breached = ms(c.NextTimer()), bit(c.Breached())
	return r, nil
}

// jsonText encodes v as JSON, "" when empty says there is nothing to keep.
func jsonText(v any, empty bool) (string, error) {
	if empty {
		return "", nil
	}
	b, err := json.Marshal(v)
	if err != nil {
		return "", fmt.Errorf("encode: %w", err)
	}
	return string(b), nil
}

func fromJSONText(s string, v any) error {
	if s == "" {
		return nil
	}
	return json.Unmarshal([]byte(s), v)
}

// insertCases is the head of an INSERT of cases; the rows follow.
const insertCases = `INSERT INTO cases (external_id, customer_id, subject, type, stage, channel, priority, status,
 owner, team, order_id, product_ids, labels, parent_id, created_at, updated_at, sla, follow_up,
 due_sort, breached, timer_at, version) VALUES `

const insertCase = insertCases + `(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)
 ON CONFLICT DO NOTHING RETURNING id`

// CreateCase stores a case and sets its ID and Version.
func (s *Store) CreateCase(ctx context.Context, c *rapport.Case) error {
	r, err := flattenCase(c)
	if err != nil {
		return fmt.Errorf("create case: %w", err)
	}
	err = s.write.QueryRowContext(ctx, s.q(insertCase), c.ExternalID, c.CustomerID, c.Subject, string(c.Type),
		string(c.Stage), string(c.Channel), string(c.Priority), string(c.Status), c.Owner, c.Team, c.OrderID,
		r.products, r.labels, c.ParentID, ms(c.CreatedAt), ms(c.UpdatedAt), r.sla, r.followUp,
		r.dueSort, r.breached, r.timerAt).Scan(&c.ID)
	if errors.Is(err, sql.ErrNoRows) {
		return rapport.Errorf(rapport.ECONFLICT, "a case with external id %s exists", c.ExternalID)
	}
	if err != nil {
		return fmt.Errorf("create case: %w", err)
	}
	c.Version = 1
	return nil
}

// ImportCases stores many cases in one transaction, many rows per
// statement. The ids come back in the order of the rows.
func (s *Store) ImportCases(ctx context.Context, cases []*rapport.Case) error {
	return s.inTx(ctx, func(t *txq) error {
		at := 0
		for _, n := range chunks(len(cases)) {
			if err := importChunk(ctx, t, cases[at:at+n]); err != nil {
				return err
			}
			at += n
		}
		for _, c := range cases {
			c.Version = 1
		}
		return nil
	})
}

// importChunk inserts a chunk of cases and sets their ids.
func importChunk(ctx context.Context, t *txq, chunk []*rapport.Case) error {
	args := make([]any, 0, 21*len(chunk))
	for _, c := range chunk {
		r, err := flattenCase(c)
		if err != nil {
			return fmt.Errorf("import case: %w", err)
		}
		args = append(args, c.ExternalID, c.CustomerID, c.Subject, string(c.Type), string(c.Stage), string(c.Channel),
			string(c.Priority), string(c.Status), c.Owner, c.Team, c.OrderID, r.products, r.labels, c.ParentID,
			ms(c.CreatedAt), ms(c.UpdatedAt), r.sla, r.followUp, r.dueSort, r.breached, r.timerAt, 1)
	}
	rows, err := t.query(ctx, insertCases+rowsOf(len(chunk), 22)+" ON CONFLICT DO NOTHING RETURNING id", args...)
	if err != nil {
		return fmt.Errorf("import cases: %w", err)
	}
	var ids []int64
	for rows.Next() {
		var id int64
		if err = rows.Scan(&id); err != nil {
			break
		}
		ids = append(ids, id)
	}
	if cerr := rows.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("import cases: %w", err)
	}
	if len(ids) != len(chunk) {
		return rapport.Errorf(rapport.ECONFLICT, "%d of %d cases have an external id that exists", len(chunk)-len(ids), len(chunk))
	}
	for i, c := range chunk {
		c.ID = ids[i]
	}
	return nil
}

// Case returns one case.
func (s *Store) Case(ctx context.Context, id int64) (*rapport.Case, error) {
	return s.oneCase(ctx, "id = ?", id)
}

// CaseByExternalID returns the case with a source's ticket id.
func (s *Store) CaseByExternalID(ctx context.Context, externalID string) (*rapport.Case, error) {
	if externalID == "" {
		return nil, rapport.Errorf(rapport.ENOTFOUND, "case with no external id")
	}
	return s.oneCase(ctx, "external_id = ?", externalID)
}

func (s *Store) oneCase(ctx context.Context, where string, arg any) (*rapport.Case, error) {
	rows, err := s.read.QueryContext(ctx, s.q("SELECT "+caseColumns+" FROM cases WHERE "+where), arg)
	if err != nil {
		return nil, fmt.Errorf("case %v: %w", arg, err)
	}
	list, err := scanCases(rows)
	if err != nil {
		return nil, fmt.Errorf("case %v: %w", arg, err)
	}
	if len(list) == 0 {
		return nil, rapport.Errorf(rapport.ENOTFOUND, "case %v not found", arg)
	}
	return &list[0], nil
}

func scanCases(rows *sql.Rows) ([]rapport.Case, error) {
	defer rows.Close()
	out := []rapport.Case{}
	for rows.Next() {
		var c rapport.Case
		var typ, stage, channel, priority, status, products, labels, sla, followUp string
		var created, updated int64
		if err := rows.Scan(&c.ID, &c.ExternalID, &c.CustomerID, &c.Subject, &typ, &stage, &channel, &priority,
			&status, &c.Owner, &c.Team, &c.OrderID, &products, &labels, &c.ParentID, &created, &updated,
			&sla, &followUp, &c.Version); err != nil {
			return nil, err
		}
		c.Type, c.Stage, c.Channel = rapport.CaseType(typ), rapport.CaseStage(stage), rapport.Channel(channel)
		c.Priority, c.Status = rapport.Priority(priority), rapport.CaseStatus(status)
		c.CreatedAt, c.UpdatedAt = fromMS(created), fromMS(updated)
		for _, f := range []struct {
			text string
			v    any
		}{{products, &c.ProductIDs}, {labels, &c.Labels}, {sla, &c.SLA}, {followUp, &c.FollowUp}} {
			if err := fromJSONText(f.text, f.v); err != nil {
				return nil, fmt.Errorf("case %d: %w", c.ID, err)
			}
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// updateCase writes one case still at the version read.
const updateCase = `UPDATE cases SET subject = ?, type = ?, stage = ?, channel = ?, priority = ?,
 status = ?, owner = ?, team = ?, order_id = ?, product_ids = ?, labels = ?, parent_id = ?, updated_at = ?,
 sla = ?, follow_up = ?, due_sort = ?, breached = ?, timer_at = ?, version = version + 1
 WHERE id = ? AND version = ?`

// updateCases writes a chunk of cases: the first two values of a row are
// the id and the version read, the others the columns to set. CAST gives
// PostgreSQL the parameters' types; the unary plus keeps SQLite from
// scanning every case to probe an index it would build on the values.
const updateCases = `UPDATE cases SET subject = v.column3, type = v.column4,
 stage = v.column5, channel = v.column6, priority = v.column7, status = v.column8, owner = v.column9,
 team = v.column10, order_id = v.column11, product_ids = v.column12, labels = v.column13, parent_id = v.column14,
 updated_at = v.column15, sla = v.column16, follow_up = v.column17, due_sort = v.column18, breached = v.column19,
 timer_at = v.column20, version = cases.version + 1
 FROM (VALUES %s) AS v WHERE cases.id = +v.column1 AND cases.version = +v.column2 RETURNING cases.id`

// updateRow is one row of updateCases's VALUES.
const updateRow = `(CAST(? AS BIGINT), CAST(? AS BIGINT), ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, CAST(? AS BIGINT),
 CAST(? AS BIGINT), ?, ?, CAST(? AS BIGINT), CAST(? AS BIGINT), CAST(? AS BIGINT))`

// UpdateCases writes the cases still at the version read, in one
// transaction: row by row where a statement costs no round trip (SQLite),
// else many rows per statement. The customer is never rewritten: it does
// not change, and setting it would rewrite the cases_customer index entry.
func (s *Store) UpdateCases(ctx context.Context, cases []*rapport.Case) ([]bool, error) {
	applied := make([]bool, len(cases))
	err := s.inTx(ctx, func(t *txq) error {
		clear(applied)
		if s.dialect.UpdateRowByRow {
			return updateRowByRow(ctx, t, cases, applied)
		}
		at := 0
		for _, n := range chunks(len(cases)) {
			if err := updateChunk(ctx, t, cases[at:at+n], applied[at:at+n]); err != nil {
				return err
			}
			at += n
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	for i, c := range cases {
		if applied[i] {
			c.Version++
		}
	}
	return applied, nil
}

// caseValues are a case's values for updateCase, without the customer, the
// id and the version.
func caseValues(c *rapport.Case) ([]any, error) {
	r, err := flattenCase(c)
	if err != nil {
		return nil, fmt.Errorf("update case %d: %w", c.ID, err)
	}
	return []any{c.Subject, string(c.Type), string(c.Stage), string(c.Channel), string(c.Priority),
		string(c.Status), c.Owner, c.Team, c.OrderID, r.products, r.labels, c.ParentID, ms(c.UpdatedAt), r.sla,
		r.followUp, r.dueSort, r.breached, r.timerAt}, nil
}

func updateRowByRow(ctx context.Context, t *txq, cases []*rapport.Case, applied []bool) error {
	for i, c := range cases {
		args, err := caseValues(c)
		if err != nil {
			return err
		}
		res, err := t.exec(ctx, updateCase, append(args, c.ID, c.Version)...)
		if err != nil {
			return fmt.Errorf("update case %d: %w", c.ID, err)
		}
		n, err := res.RowsAffected()
		if err != nil {
			return fmt.Errorf("update case %d: %w", c.ID, err)
		}
		applied[i] = n == 1
	}
	return nil
}

func updateChunk(ctx context.Context, t *txq, chunk []*rapport.Case, applied []bool) error {
	args := make([]any, 0, 20*len(chunk))
	for _, c := range chunk {
		vals, err := caseValues(c)
		if err != nil {
			return err
		}
		args = append(append(args, c.ID, c.Version), vals...)
	}
	query := fmt.Sprintf(updateCases, strings.TrimSuffix(strings.Repeat(updateRow+",", len(chunk)), ","))
	rows, err := t.query(ctx, query, args...)
	if err != nil {
		return fmt.Errorf("update cases: %w", err)
	}
	written := map[int64]bool{}
	for rows.Next() {
		var id int64
		if err = rows.Scan(&id); err != nil {
			break
		}
		written[id] = true
	}
	if cerr := rows.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("update cases: %w", err)
	}
	for i, c := range chunk {
		applied[i] = written[c.ID]
	}
	return nil
}

// DueCases lists cases with a timer due at or before t, earliest first.
func (s *Store) DueCases(ctx context.Context, t time.Time, limit int) ([]rapport.Case, error) {
	rows, err := s.read.QueryContext(ctx, s.q("SELECT "+caseColumns+
		" FROM cases WHERE timer_at > 0 AND timer_at <= ? ORDER BY timer_at, id LIMIT ?"), ms(t), limit)
	if err != nil {
		return nil, fmt.Errorf("due cases: %w", err)
	}
	list, err := scanCases(rows)
	if err != nil {
		return nil, fmt.Errorf("due cases: %w", err)
	}
	return list, nil
}

// CasesBetween lists the cases created in [from, to).
func (s *Store) CasesBetween(ctx context.Context, from, to time.Time) ([]rapport.Case, error) {
	rows, err := s.read.QueryContext(ctx, s.q("SELECT "+caseColumns+
		" FROM cases WHERE created_at >= ? AND created_at < ? ORDER BY created_at, id"), ms(from), ms(to))
	if err != nil {
		return nil, fmt.Errorf("cases between: %w", err)
	}
	list, err := scanCases(rows)
	if err != nil {
		return nil, fmt.Errorf("cases between: %w", err)
	}
	return list, nil
}

// AddCaseMessage appends to a case's conversation.
func (s *Store) AddCaseMessage(ctx context.Context, m *rapport.CaseMessage) error {
	const query = `INSERT INTO case_messages (case_id, kind, author, body, created_at)
 SELECT id, ?, ?, ?, ? FROM cases WHERE id = ? RETURNING id`
	err := s.write.QueryRowContext(ctx, s.q(query), m.Kind, m.Author, m.Body, ms(m.CreatedAt), m.CaseID).Scan(&m.ID)
	if errors.Is(err, sql.ErrNoRows) {
		return rapport.Errorf(rapport.ENOTFOUND, "case %d not found", m.CaseID)
	}
	if err != nil {
		return fmt.Errorf("add message to case %d: %w", m.CaseID, err)
	}
	return nil
}

// CaseMessages returns a case's conversation in order.
func (s *Store) CaseMessages(ctx context.Context, caseID int64) ([]rapport.CaseMessage, error) {
	rows, err := s.read.QueryContext(ctx, s.q(`SELECT id, case_id, kind, author, body, created_at
 FROM case_messages WHERE case_id = ? ORDER BY id`), caseID)
	if err != nil {
		return nil, fmt.Errorf("messages of case %d: %w", caseID, err)
	}
	defer rows.Close()
	out := []rapport.CaseMessage{}
	for rows.Next() {
		var m rapport.CaseMessage
		var created int64
		if err := rows.Scan(&m.ID, &m.CaseID, &m.Kind, &m.Author, &m.Body, &created); err != nil {
			return nil, fmt.Errorf("messages of case %d: %w", caseID, err)
		}
		m.CreatedAt = fromMS(created)
		out = append(out, m)
	}
	return out, rows.Err()
}

// ServiceSetting returns a configuration document, nil if unset.
func (s *Store) ServiceSetting(ctx context.Context, key string) ([]byte, error) {
	var doc string
	err := s.read.QueryRowContext(ctx, s.q("SELECT doc FROM service_settings WHERE key = ?"), key).Scan(&doc)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("service setting %s: %w", key, err)
	}
	return []byte(doc), nil
}

// PutServiceSetting stores a configuration document.
func (s *Store) PutServiceSetting(ctx context.Context, key string, doc []byte, at time.Time) error {
	const query = `INSERT INTO service_settings (key, doc, updated_at) VALUES (?, ?, ?)
 ON CONFLICT (key) DO UPDATE SET doc = excluded.doc, updated_at = excluded.updated_at`
	if _, err := s.write.ExecContext(ctx, s.q(query), key, string(doc), ms(at)); err != nil {
		return fmt.Errorf("put service setting %s: %w", key, err)
	}
	return nil
}
