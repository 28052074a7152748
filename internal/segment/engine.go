package segment

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"time"

	"github.com/rapport-cx/rapport"
)

// Store is what the engine reads and writes: the store ingests the
// Segment Entered / Exited events with the changes they announce.
type Store interface {
	rapport.SegmentStore
}

// Engine keeps memberships true: Update re-evaluates customers after their
// events, Scan re-evaluates everyone as time passes.
type Engine struct {
	store   Store
	clock   rapport.Clock
	tags    TagSource
	log     *slog.Logger
	mu      sync.RWMutex
	set     *Set
	qmu     sync.Mutex
	queued  map[string]bool
	working bool
	idle    sync.WaitGroup
}

// Config sets up an Engine. Store and Clock are required.
type Config struct {
	Store  Store
	Clock  rapport.Clock
	Tags   TagSource // optional: predicted tags, RFM, clusters
	Logger *slog.Logger
}

// ScanBatch is how many customers Scan evaluates per store round trip.
const ScanBatch = 1000

// NewEngine returns an engine; call Reload before using it.
func NewEngine(cfg Config) *Engine {
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	return &Engine{store: cfg.Store, clock: cfg.Clock, tags: cfg.Tags, log: cfg.Logger,
		set: &Set{Names: map[string]string{}}, queued: map[string]bool{}}
}

// EnsureDefaults stores the lifecycle segments that are missing, with the
// saved settings (edited ones are kept as they are), and reloads.
func (e *Engine) EnsureDefaults(ctx context.Context) error {
	s, err := LoadSettings(ctx, e.store)
	if err != nil {
		return err
	}
	now := e.clock.Now()
	for _, sg := range Builtins(s) {
		sg.CreatedAt, sg.UpdatedAt = now, now
		err := e.store.CreateSegment(ctx, &sg)
		if err != nil && rapport.ErrorCode(err) != rapport.ECONFLICT {
			return fmt.Errorf("lifecycle segment %s: %w", sg.ID, err)
		}
	}
	return e.Reload(ctx)
}

// LoadSettings returns the saved lifecycle settings, the defaults when none
// were saved (and for any setting a saved document lacks).
func LoadSettings(ctx context.Context, st rapport.SegmentStore) (Settings, error) {
	s := DefaultSettings()
	doc, err := st.SegmentSettings(ctx)
	if rapport.ErrorCode(err) == rapport.ENOTFOUND {
		return s, nil
	}
	if err != nil {
		return s, err
	}
	if err := json.Unmarshal(doc, &s); err != nil {
		return s, fmt.Errorf("segment settings: %w", err)
	}
	return s, nil
}

// SaveSettings validates and stores the lifecycle settings, rewrites the
// six lifecycle rules from them (an edit of those rules is replaced) and
// re-evaluates everyone for those segments. A rejected change stores
// nothing.
func (e *Engine) SaveSettings(ctx context.Context, s Settings) error {
	if err := s.Validate(); err != nil {
		return err
	}
	if err := e.EnsureDefaults(ctx); err != nil {
		return err
	}
	doc, err := json.Marshal(s)
	if err != nil {
		return err
	}
	now := e.clock.Now()
	if err := e.store.SaveSegmentSettings(ctx, doc, now, Builtins(s)); err != nil {
		return err
	}
	return e.Rescan(ctx, now, Precedence...)
}

// Reload compiles the stored segments again, after any change to them.
func (e *Engine) Reload(ctx context.Context) error {
	list, err := e.store.Segments(ctx)
	if err != nil {
		return err
	}
	set, errs := NewSet(list)
	for _, err := range errs {
		e.log.Warn("segment rule does not compile; skipped", "err", err)
	}
	e.mu.Lock()
	e.set = set
	e.mu.Unlock()
	return nil
}

// Set returns the compiled segments in use.
func (e *Engine) Set() *Set {
	e.mu.RLock()
	defer e.mu.RUnlock()
	return e.set
}

// subject builds the rules' view of one loaded customer; computed tags
// are read only when some rule uses them.
func (e *Engine) subject(in *rapport.SegmentInput, needs Needs, now time.Time) Subject {
	s := Subject{Customer: in.Customer, Events: in.Events, Now: now}
	if e.tags != nil && needs.Tags {
		s.Tags = e.tags.Tags(in.Customer.ID)
	}
	return s
}

// refreshTags lets the tag source see a newer model run before a batch of
// evaluations that reads tags.
func (e *Engine) refreshTags(ctx context.Context, needs Needs) {
	if e.tags != nil && needs.Tags {
		e.tags.Refresh(ctx)
	}
}

// Update re-evaluates the given customers now and records and announces
// every change, in one transaction. Unknown ids are skipped.
func (e *Engine) Update(ctx context.Context, ids []string) error {
	set, now := e.Set(), e.clock.Now()
	var changes []rapport.SegmentChange
	for len(ids) > 0 {
		n := min(len(ids), ScanBatch)
		var err error
		if changes, err = e.changes(ctx, set, ids[:n], nil, now, changes); err != nil {
			return err
		}
		ids = ids[n:]
	}
	return e.apply(ctx, changes)
}

// changes re-evaluates loaded customers (or loads ids) against set at now
// and appends what changed, each change with its event, to out.
func (e *Engine) changes(ctx context.Context, set *Set, ids []string, inputs []rapport.SegmentInput, now time.Time, out []rapport.SegmentChange) ([]rapport.SegmentChange, error) {
	if inputs == nil {
		var err error
		if inputs, err = e.store.SegmentInputs(ctx, ids, set.Needs.EventWindow(now)); err != nil {
			return out, err
		}
	}
	if len(inputs) == 0 {
		return out, nil
	}
	e.refreshTags(ctx, set.Needs)
	cids := make([]string, len(inputs))
	for i := range inputs {
		cids[i] = inputs[i].Customer.ID
	}
	was, err := e.store.Memberships(ctx, cids)
	if err != nil {
		return out, err
	}
	var in []string
	for i := range inputs {
		sub := e.subject(&inputs[i], set.Needs, now)
		in = set.Evaluate(&sub, in[:0])
		from := len(out)
		out = set.Diff(cids[i], in, was[cids[i]], now, out)
		for j := from; j < len(out); j++ {
			out[j].Event = changeEvent(out[j], set.Names[out[j].SegmentID])
		}
	}
	return out, nil
}

// apply records changes and ingests their events in one transaction.
func (e *Engine) apply(ctx context.Context, changes []rapport.SegmentChange) error {
	if len(changes) == 0 {
		return nil
	}
	if _, err := e.store.ApplySegmentChanges(ctx, changes); err != nil {
		return fmt.Errorf("segment changes: %w", err)
	}
	return nil
}

// changeEvent is the Segment Entered / Exited event of a change.
func changeEvent(c rapport.SegmentChange, name string) *rapport.Event {
	kind, evName := "exited", rapport.EventSegmentExited
	if c.Entered {
		kind, evName = "entered", rapport.EventSegmentEntered
	}
	ev := &rapport.Event{
		MessageID: fmt.Sprintf("segment-%s-%s-%s-%d", kind, c.SegmentID, c.CustomerID, c.At.UnixMilli()),
		Type:      rapport.TypeTrack, Name: evName, Channel: rapport.ChannelOther, Source: "rapport",
		Timestamp: c.At, ReceivedAt: c.At,
		Properties: map[string]any{"segment_id": c.SegmentID, "segment_name": name},
	}
	if anon, ok := strings.CutPrefix(c.CustomerID, rapport.AnonymousPrefix); ok {
		ev.AnonymousID = anon
	} else {
		ev.UserID = c.CustomerID
	}
	return ev
}

// Scan reloads the rules, re-evaluates every customer at now, and records
// the changes and the day's sizes. It is idempotent: a second run at the
// same time changes nothing. It is the periodic job that moves people by
// time alone.
func (e *Engine) Scan(ctx context.Context, now time.Time) error {
	if err := e.Reload(ctx); err != nil {
		return err
	}
	if err := e.scan(ctx, e.Set(), now); err != nil {
		return err
	}
	return e.RecordSizes(ctx, now)
}

// Rescan reloads the rules and re-evaluates everyone for the given
// segments only, after they were created or edited, and records the
// day's sizes.
func (e *Engine) Rescan(ctx context.Context, now time.Time, ids ...string) error {
	if err := e.Reload(ctx); err != nil {
		return err
	}
	if err := e.scan(ctx, e.Set().Only(ids...), now); err != nil {
		return err
	}
	return e.RecordSizes(ctx, now)
}

// scan re-evaluates every customer against set.
func (e *Engine) scan(ctx context.Context, set *Set, now time.Time) error {
	w := set.Needs.EventWindow(now)
	after := ""
	for {
		batch, err := e.store.ScanSegmentInputs(ctx, after, ScanBatch, w)
		if err != nil {
			return err
		}
		if len(batch) == 0 {
			break
		}
		changes, err := e.changes(ctx, set, nil, batch, now, nil)
		if err != nil {
			return err
		}
		if err := e.apply(ctx, changes); err != nil {
			return err
		}
		after = batch[len(batch)-1].Customer.ID
		if err := ctx.Err(); err != nil {
			return err
		}
	}
	return nil
}

// RecordSizes stores today's size of every segment.
func (e *Engine) RecordSizes(ctx context.Context, now time.Time) error {
	sizes, err := e.store.SegmentSizes(ctx)
	if err != nil {
		return err
	}
	for _, id := range e.Set().IDs {
		if _, ok := sizes[id]; !ok {
			sizes[id] = 0
		}
	}
	return e.store.RecordSegmentSizes(ctx, now.UTC().Format(time.DateOnly), sizes)
}

// Committed is an ingest hook: it queues the customers of committed events
// and returns at once; a worker goroutine, started when there is work and
// gone when there is none, re-evaluates them.
func (e *Engine) Committed(events []*rapport.Event) {
	e.qmu.Lock()
	defer e.qmu.Unlock()
	n := 0
	for _, ev := range events {
		if ev.Seq == 0 || ev.CustomerID == "" || rapport.IsSystemEvent(ev) {
			continue
		}
		e.queued[ev.CustomerID] = true
		n++
	}
	if n > 0 && !e.working {
		e.working = true
		e.idle.Add(1)
		go e.work()
	}
}

// work drains the queue until it stays empty.
func (e *Engine) work() {
	defer e.idle.Done()
	for {
		e.qmu.Lock()
		if len(e.queued) == 0 {
			e.working = false
			e.qmu.Unlock()
			return
		}
		e.qmu.Unlock()
		if err := e.Drain(context.Background()); err != nil {
			e.log.Error("segment update", "err", err)
		}
	}
}

// Wait returns once the queue's worker is idle.
func (e *Engine) Wait() { e.idle.Wait() }

// Drain reloads the rules and re-evaluates every customer queued so far;
// their changes and events are written in one transaction.
func (e *Engine) Drain(ctx context.Context) error {
	e.qmu.Lock()
	ids := make([]string, 0, len(e.queued))
	for id := range e.queued {
		ids = append(ids, id)
	}
	clear(e.queued)
	e.qmu.Unlock()
	if len(ids) == 0 {
		return nil
	}
	if err := e.Reload(ctx); err != nil {
		return err
	}
	return e.Update(ctx, ids)
}

// Preview evaluates an unsaved rule against every customer now and returns
// how many match and the ids of up to sample of them. Nothing is stored.
func (e *Engine) Preview(ctx context.Context, rule []byte, sample int) (int, []string, error) {
	c, err := CompileJSON(rule)
	if err != nil {
		return 0, nil, err
	}
	now := e.clock.Now()
	w := c.Window.EventWindow(now)
	count, ids, after := 0, []string{}, ""
	for {
		batch, err := e.store.ScanSegmentInputs(ctx, after, ScanBatch, w)
		if err != nil || len(batch) == 0 {
			return count, ids, err
		}
		e.refreshTags(ctx, c.Window)
		for i := range batch {
			sub := e.subject(&batch[i], c.Window, now)
			if c.Match(&sub) {
				count++
				if len(ids) < sample {
					ids = append(ids, batch[i].Customer.ID)
				}
			}
		}
		after = batch[len(batch)-1].Customer.ID
	}
}
