package sqlstore

import (
	"context"
	"fmt"

	"github.com/rapport-cx/rapport"
	"github.com/rapport-cx/rapport/internal/profile"
)

// Ingest stores events in one transaction: identity resolution and merges,
// the events themselves, profile updates and projections.
func (s *Store) Ingest(ctx context.Context, events []*rapport.Event) (rapport.IngestResult, error) {
	var res rapport.IngestResult
	if err := validate(events); err != nil {
		return res, err
	}
	unique, dups := dedupe(events)
	if len(unique) == 0 {
		return res, nil
	}
	stored, err := s.ingestWith(ctx, func(*txq) ([]*rapport.Event, error) { return unique, nil })
	if err != nil {
		for _, e := range events {
			e.Seq, e.CustomerID = 0, ""
		}
		return rapport.IngestResult{}, err
	}
	res.Stored = stored
	res.Duplicates = dups + len(unique) - res.Stored
	return res, nil
}

// ingestWith runs one ingesting write transaction: first fn, which may
// write rows of its own and returns the events to ingest after them (valid
// and without repeated message ids), then the ingestion of those events.
// It returns how many events were new.
func (s *Store) ingestWith(ctx context.Context, fn func(t *txq) ([]*rapport.Event, error)) (int, error) {
	if s.cache != nil {
		s.cache.mu.Lock()
		defer s.cache.mu.Unlock()
	}
	var in *ingestion
	stored := 0
	err := s.inTx(ctx, func(t *txq) error {
		if s.dialect.WriteLock != "" {
			if _, err := t.tx.ExecContext(ctx, s.dialect.WriteLock); err != nil {
				return fmt.Errorf("%s: lock: %w", s.dialect.Name, err)
			}
		}
		in = newIngestion(t, s.cache)
		if s.cache != nil {
			if err := s.cache.check(ctx, t, s.dialect.ChangeCounter); err != nil {
				return err
			}
		}
		events, err := fn(t)
		if err != nil || len(events) == 0 {
			return err
		}
		stored, err = in.run(ctx, events)
		return err
	})
	if in != nil {
		in.settle(err == nil)
	}
	return stored, err
}

// validate rejects events that name no customer.
func validate(events []*rapport.Event) error {
	for i, e := range events {
		if e == nil || (e.UserID == "" && e.AnonymousID == "") {
			return rapport.FieldErrorf(fmt.Sprintf("events[%d].userId", i),
				"an event needs a userId or an anonymousId")
		}
		if e.MessageID == "" {
			return rapport.FieldErrorf(fmt.Sprintf("events[%d].messageId", i), "an event needs a messageId")
		}
	}
	return nil
}

// dedupe keeps the first event of each MessageID and counts the others.
func dedupe(events []*rapport.Event) ([]*rapport.Event, int) {
	seen := make(map[string]bool, len(events))
	unique := make([]*rapport.Event, 0, len(events))
	for _, e := range events {
		if seen[e.MessageID] {
			continue
		}
		seen[e.MessageID] = true
		unique = append(unique, e)
	}
	return unique, len(events) - len(unique)
}

// run resolves, stores and applies the batch; it returns how many events
// were new.
func (in *ingestion) run(ctx context.Context, events []*rapport.Event) (int, error) {
	if err := in.preload(ctx, events); err != nil {
		return 0, err
	}
	for _, e := range events {
		in.at = e.ReceivedAt
		id, err := in.resolve(ctx, e)
		if err != nil {
			return 0, err
		}
		e.CustomerID = id
	}
	for _, e := range events {
		e.CustomerID = in.final(e.CustomerID)
	}
	stored, err := in.insertEvents(ctx, events)
	if err != nil {
		return 0, err
	}
	for _, e := range stored {
		if err := in.apply(ctx, e); err != nil {
			return 0, err
		}
	}
	return len(stored), in.flush(ctx)
}

// apply folds a stored event into its profile and writes its projection.
func (in *ingestion) apply(ctx context.Context, e *rapport.Event) error {
	c, err := in.profileFor(ctx, e)
	if err != nil {
		return err
	}
	profile.Apply(c, e)
	return in.project(ctx, profile.Project(e))
}

// flush writes what the batch changed: products, links, removed and
// touched profiles.
func (in *ingestion) flush(ctx context.Context) error {
	if err := in.saveProducts(ctx); err != nil {
		return err
	}
	if err := in.saveLinks(ctx); err != nil {
		return err
	}
	if err := in.deleteMerged(ctx); err != nil {
		return err
	}
	return in.saveProfiles(ctx)
}

const eventColumns = `message_id, customer_id, type, name, channel, source, user_id,
 anonymous_id, previous_id, group_id, ts, received_at, properties, traits, context`

// insertEvents writes the events, skipping stored message ids, and returns
// the new ones with their Seq set, in order.
func (in *ingestion) insertEvents(ctx context.Context, events []*rapport.Event) ([]*rapport.Event, error) {
	seqs := make(map[string]int64, len(events))
	rest := events
	for _, n := range chunks(len(events)) {
		if err := in.insertChunk(ctx, rest[:n], seqs); err != nil {
			return nil, err
		}
		rest = rest[n:]
	}
	stored := make([]*rapport.Event, 0, len(seqs))
	for _, e := range events {
		if seq, ok := seqs[e.MessageID]; ok {
			e.Seq = seq
			stored = append(stored, e)
		}
	}
	return stored, nil
}

func (in *ingestion) insertChunk(ctx context.Context, events []*rapport.Event, seqs map[string]int64) error {
	query := "INSERT INTO events (" + eventColumns + ") VALUES " + rowsOf(len(events), 15) +
		" ON CONFLICT (message_id) DO NOTHING RETURNING message_id, seq"
	if in.t.s.dialect.InsertIgnore {
		query = "INSERT OR IGNORE INTO events (" + eventColumns + ") VALUES " + rowsOf(len(events), 15) +
			" RETURNING message_id, seq"
	}
	args := make([]any, 0, len(events)*15)
	for _, e := range events {
		row, err := eventRow(e)
		if err != nil {
			return err
		}
		args = append(args, row...)
	}
	rows, err := in.t.query(ctx, query, args...)
	if err != nil {
		return fmt.Errorf("insert events: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id string
		var seq int64
		if err := rows.Scan(&id, &seq); err != nil {
			return fmt.Errorf("insert events: %w", err)
		}
		seqs[id] = seq
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("insert events: %w", err)
	}
	return nil
}

func eventRow(e *rapport.Event) ([]any, error) {
	j := e.JSON
	if j == nil {
		var err error
		if j, err = encodeEvent(e); err != nil {
			return nil, err
		}
	}
	return []any{e.MessageID, e.CustomerID, e.Type, e.Name, string(e.Channel), e.Source,
		e.UserID, e.AnonymousID, e.PreviousID, e.GroupID, ms(e.Timestamp), ms(e.ReceivedAt),
		j.Properties, j.Traits, j.Context}, nil
}

// PrepareEvents encodes the maps of events into their JSON field ahead of
// Ingest. Call it on the goroutine that received the events: Ingest runs on
// the single writer, which then only binds the text.
func (s *Store) PrepareEvents(events []*rapport.Event) error {
	for _, e := range events {
		if e == nil || e.JSON != nil {
			continue
		}
		j, err := encodeEvent(e)
		if err != nil {
			return err
		}
		e.JSON = j
	}
	return nil
}

func encodeEvent(e *rapport.Event) (*rapport.EventJSON, error) {
	var j rapport.EventJSON
	var err error
	if j.Properties, err = encodeJSON(e.Properties); err != nil {
		return nil, fmt.Errorf("event %s properties: %w", e.MessageID, err)
	}
	if j.Traits, err = encodeJSON(e.Traits); err != nil {
		return nil, fmt.Errorf("event %s traits: %w", e.MessageID, err)
	}
	if j.Context, err = encodeJSON(e.Context); err != nil {
		return nil, fmt.Errorf("event %s context: %w", e.MessageID, err)
	}
	return &j, nil
}
