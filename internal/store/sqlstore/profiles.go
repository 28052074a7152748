package sqlstore

import (
	"context"
	"fmt"

	"github.com/rapport-cx/rapport"
	"github.com/rapport-cx/rapport/internal/profile"
)

// loadLinks reads the identity links of ids; unlinked ids map to "".
func (in *ingestion) loadLinks(ctx context.Context, ids []string) error {
	for _, id := range ids {
		in.links[id] = ""
	}
	return forChunks(ids, func(part []string) error {
		query := "SELECT alias_id, customer_id FROM identities WHERE alias_id IN " + inList(len(part))
		rows, err := in.t.query(ctx, query, anys(part)...)
		if err != nil {
			return fmt.Errorf("load identities: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			var alias, id string
			if err := rows.Scan(&alias, &id); err != nil {
				return fmt.Errorf("load identities: %w", err)
			}
			in.links[alias] = id
		}
		return rows.Err()
	})
}

// loadProfiles reads the profiles of ids; absent ones map to nil.
func (in *ingestion) loadProfiles(ctx context.Context, ids []string) error {
	var todo []string
	for _, id := range ids {
		if _, ok := in.profiles[id]; ok {
			continue
		}
		if in.cache != nil {
			if c := in.cache.get(id); c != nil {
				in.profiles[id] = c
				continue
			}
		}
		in.profiles[id] = nil
		todo = append(todo, id)
	}
	return forChunks(todo, func(part []string) error {
		query := "SELECT " + customerColumns + " FROM customers WHERE id IN " + inList(len(part))
		rows, err := in.t.query(ctx, query, anys(part)...)
		if err != nil {
			return fmt.Errorf("load profiles: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			c, err := scanCustomer(rows)
			if err != nil {
				return fmt.Errorf("load profiles: %w", err)
			}
			in.profiles[c.ID] = c
		}
		return rows.Err()
	})
}

// profileFor returns the profile of a stored event, created if new.
func (in *ingestion) profileFor(ctx context.Context, e *rapport.Event) (*rapport.Customer, error) {
	id := e.CustomerID
	if _, loaded := in.profiles[id]; !loaded {
		if err := in.loadProfiles(ctx, []string{id}); err != nil {
			return nil, err
		}
	}
	c := in.profiles[id]
	if c == nil {
		at := e.ReceivedAt
		if at.IsZero() {
			at = e.Timestamp
		}
		c = profile.New(id, !isAnonymous(id), at)
		in.profiles[id] = c
	}
	in.touch(id)
	return c, nil
}

// saveLinks writes the identity links made by this call.
func (in *ingestion) saveLinks(ctx context.Context) error {
	const query = "INSERT INTO identities (alias_id, customer_id) VALUES (?, ?)" +
		" ON CONFLICT (alias_id) DO UPDATE SET customer_id = excluded.customer_id"
	for _, alias := range in.newLinks.list {
		if _, err := in.t.exec(ctx, query, alias, in.final(in.links[alias])); err != nil {
			return fmt.Errorf("link %s: %w", alias, err)
		}
	}
	return nil
}

// deleteMerged removes the profiles merged into others.
func (in *ingestion) deleteMerged(ctx context.Context) error {
	for id := range in.deleted {
		if _, err := in.t.exec(ctx, "DELETE FROM customers WHERE id = ?", id); err != nil {
			return fmt.Errorf("delete merged profile %s: %w", id, err)
		}
	}
	return nil
}

const customerColumns = `id, known, email, phone, name, basic, traits, stats, first_seen,
 last_seen, first_month, order_count, revenue, last_order_at, created_at, updated_at`

// saveProfiles upserts every touched profile once.
func (in *ingestion) saveProfiles(ctx context.Context) error {
	var list []*rapport.Customer
	for _, id := range in.touched {
		if c := in.profiles[id]; c != nil {
			list = append(list, c)
		}
	}
	return forChunks(list, func(part []*rapport.Customer) error {
		return in.upsertProfiles(ctx, part)
	})
}

func (in *ingestion) upsertProfiles(ctx context.Context, list []*rapport.Customer) error {
	query := "INSERT INTO customers (" + customerColumns + ") VALUES " + rowsOf(len(list), 16) +
		` ON CONFLICT (id) DO UPDATE SET known = excluded.known, email = excluded.email,
 phone = excluded.phone, name = excluded.name, basic = excluded.basic, traits = excluded.traits,
 stats = excluded.stats, first_seen = excluded.first_seen, last_seen = excluded.last_seen,
 first_month = excluded.first_month, order_count = excluded.order_count,
 revenue = excluded.revenue, last_order_at = excluded.last_order_at,
 created_at = excluded.created_at, updated_at = excluded.updated_at`
	args := make([]any, 0, len(list)*16)
	for _, c := range list {
		row, err := customerRow(c)
		if err != nil {
			return err
		}
		args = append(args, row...)
		if in.savedTraits != nil {
			in.savedTraits[c.ID] = row[6].(string)
		}
	}
	if _, err := in.t.exec(ctx, query, args...); err != nil {
		return fmt.Errorf("save profiles: %w", err)
	}
	return nil
}

func customerRow(c *rapport.Customer) ([]any, error) {
	basic, err := encodeValue(c.Basic)
	if err != nil {
		return nil, fmt.Errorf("profile %s: %w", c.ID, err)
	}
	traits, err := encodeJSON(c.Traits)
	if err != nil {
		return nil, fmt.Errorf("profile %s traits: %w", c.ID, err)
	}
	stats, err := encodeValue(c.Stats)
	if err != nil {
		return nil, fmt.Errorf("profile %s: %w", c.ID, err)
	}
	s := &c.Stats
	return []any{c.ID, bit(c.Known), c.Email, c.Phone, c.Name, basic, traits, stats,
		ms(s.FirstSeen), ms(s.LastSeen), month(s.FirstSeen), s.Orders, s.Revenue,
		ms(s.LastOrderAt), ms(c.CreatedAt), ms(c.UpdatedAt)}, nil
}

// scanCustomer reads one row of customerColumns.
func scanCustomer(row interface{ Scan(...any) error }) (*rapport.Customer, error) {
	var c rapport.Customer
	var known, orders int
	var basic, traits, stats, firstMonth string
	var firstSeen, lastSeen, lastOrder, created, updated int64
	var revenue float64
	err := row.Scan(&c.ID, &known, &c.Email, &c.Phone, &c.Name, &basic, &traits, &stats,
		&firstSeen, &lastSeen, &firstMonth, &orders, &revenue, &lastOrder, &created, &updated)
	if err != nil {
		return nil, err
	}
	c.Known = known != 0
	c.CreatedAt, c.UpdatedAt = fromMS(created), fromMS(updated)
	if err := decodeJSON(basic, &c.Basic); err != nil {
		return nil, fmt.Errorf("profile %s basic: %w", c.ID, err)
	}
	if err := decodeJSON(traits, &c.Traits); err != nil {
		return nil, fmt.Errorf("profile %s traits: %w", c.ID, err)
	}
	if err := decodeJSON(stats, &c.Stats); err != nil {
		return nil, fmt.Errorf("profile %s stats: %w", c.ID, err)
	}
	return &c, nil
}

// forChunks calls fn on consecutive parts of list sized by chunks.
func forChunks[T any](list []T, fn func(part []T) error) error {
	for _, n := range chunks(len(list)) {
		if err := fn(list[:n]); err != nil {
			return err
		}
		list = list[n:]
	}
	return nil
}

func anys(ids []string) []any {
	out := make([]any, len(ids))
	for i, id := range ids {
		out[i] = id
	}
	return out
}
