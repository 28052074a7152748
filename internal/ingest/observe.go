package ingest

import (
	"context"
	"log/slog"
	"sync/atomic"
	"time"

	"github.com/rapport-cx/rapport"
)

// An Observer reacts to committed events: survey triggers, service tickets,
// segment memberships, recommendations. Each observer runs on a goroutine of
// its own and gets the stored events of every commit, in commit order, after
// the commit's requests have been answered. Its queue is bounded: an
// observer that falls that far behind holds the writer back (and so, in the
// end, the clients, with 429s) rather than dropping events.
type Observer struct {
	// Name identifies the observer in logs and keys its durable cursor.
	Name string
	// Events are the event names it reacts to; empty means all events.
	Events []string
	// Durable observers keep a cursor in the store: after a restart (or a
	// crash) they are first handed the stored events after their cursor,
	// so Observe must change nothing when it sees an event again. A durable
	// observer's first start begins at the newest stored event.
	Durable bool
	// Observe handles a batch of stored events. An error is retried twice,
	// then logged, and the observer goes on with the next batch.
	Observe func(ctx context.Context, events []*rapport.Event) error
}

// Cursors is what durable observers need from the store.
type Cursors interface {
	ObserverCursor(ctx context.Context, name string) (int64, error)
	SaveObserverCursor(ctx context.Context, name string, seq int64) error
	EventsAfter(ctx context.Context, afterSeq int64, names []string, limit int) ([]rapport.Event, error)
}

// Defaults of the observers' settings.
const (
	defaultObserverQueue = 256             // committed groups an observer may fall behind
	cursorSaveEvery      = 2 * time.Second // how often a durable cursor is saved while busy
	catchUpPage          = 2_000           // events read per page when catching up
)

// catchUpEvery is how often a durable observer looks for events that other
// writers stored.
var catchUpEvery = 5 * time.Second

// observation is one commit's share of events for one observer; first and
// upTo are the commit's lowest and highest sequence numbers, so the cursor
// moves past commits that held nothing the observer wants, and a gap before
// first shows events some other writer stored meanwhile.
type observation struct {
	events      []*rapport.Event
	first, upTo int64
}

// observer is a running Observer.
type observer struct {
	Observer
	wants   map[string]bool
	queue   chan observation
	done    chan struct{}
	cursors Cursors // nil unless durable
	track   bool    // the cursor was read and is kept
	log     *slog.Logger
	depth   atomic.Int64 // observations queued

	handled   int64 // every event up to this seq has been handled
	saved     int64
	lastSaved time.Time
}

func newObserver(o Observer, queue int, cursors Cursors, log *slog.Logger) *observer {
	ob := &observer{Observer: o, queue: make(chan observation, queue), done: make(chan struct{}),
		log: log.With("observer", o.Name)}
	if len(o.Events) > 0 {
		ob.wants = make(map[string]bool, len(o.Events))
		for _, n := range o.Events {
			ob.wants[n] = true
		}
	}
	if o.Durable && cursors != nil {
		// Read before the writer starts, so that no commit falls between
		// the cursor and the first live batch.
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		cur, err := cursors.ObserverCursor(ctx, o.Name)
		if err != nil {
			ob.log.Error("reading the observer's cursor failed; observing new events only", "err", err)
		} else {
			ob.cursors, ob.track = cursors, true
			ob.handled, ob.saved, ob.lastSaved = cur, cur, time.Now()
		}
	}
	return ob
}

// offer hands the observer its share of a commit, waiting while its queue
// is full.
func (o *observer) offer(events []*rapport.Event) {
	var mine []*rapport.Event
	var first, upTo int64
	for _, e := range events {
		if e.Seq == 0 { // a duplicate: observed when first stored
			continue
		}
		if first == 0 || e.Seq < first {
			first = e.Seq
		}
		upTo = max(upTo, e.Seq)
		if o.wants == nil || o.wants[e.Name] {
			mine = append(mine, e)
		}
	}
	if len(mine) == 0 && o.cursors == nil { // nothing to observe, no cursor to move
		return
	}
	o.depth.Add(1)
	o.queue <- observation{events: mine, first: first, upTo: upTo}
}

// run catches a durable observer up with the store, then observes commits
// until the queue is closed, saving the cursor as it goes and at the end.
func (o *observer) run(ctx context.Context) {
	defer close(o.done)
	if o.track && !o.catchUp(ctx, 0) {
		return
	}
	// Events stored by other writers (the segment engine's Segment
	// Entered/Exited, an import, another node) reach a durable observer
	// when a commit shows a gap before it, or at the next poll.
	var poll <-chan time.Time
	if o.track {
		t := time.NewTicker(catchUpEvery)
		defer t.Stop()
		poll = t.C
	}
	for {
		var ob observation
		var open bool
		select {
		case ob, open = <-o.queue:
		case <-poll:
			if !o.catchUp(ctx, 0) {
				return
			}
			continue
		}
		if !open {
			break
		}
		o.depth.Add(-1)
		if o.track && ob.first > o.handled+1 && !o.catchUp(ctx, ob.first) {
			return
		}
		var fresh []*rapport.Event
		for _, e := range ob.events {
			if e.Seq > o.handled || !o.track {
				fresh = append(fresh, e)
			}
		}
		if len(fresh) > 0 && !o.observe(ctx, fresh) {
			return // stopped: a durable observer sees the rest at its next start
		}
		o.handled = max(o.handled, ob.upTo)
		if o.track && time.Since(o.lastSaved) >= cursorSaveEvery {
			o.save(ctx)
		}
	}
	if o.track {
		o.save(ctx)
	}
}

// catchUp observes the stored events after the cursor and, if before is
// not 0, before that sequence number. It reports false if the observer was
// stopped meanwhile.
func (o *observer) catchUp(ctx context.Context, before int64) bool {
	caught := 0
	for {
		// A gap before a live commit is read whole, by sequence number alone
		// (its size bounds the read), and filtered here: a name filter would
		// make the store scan on past the gap for matches.
		if before > 0 && o.handled >= before-1 {
			break // the gap is done
		}
		names, limit := o.Events, catchUpPage
		if before > 0 {
			names, limit = nil, int(min(int64(catchUpPage), before-1-o.handled))
		}
		page, err := o.cursors.EventsAfter(ctx, o.handled, names, limit)
		if err != nil {
			o.log.Error("catching up with stored events failed", "after_seq", o.handled, "err", err)
			return true
		}
		full := len(page) == limit
		var batch []*rapport.Event
		last := o.handled
		for i := range page {
			if before > 0 && page[i].Seq >= before {
				full = false
				break
			}
			last = page[i].Seq
			if o.wants == nil || o.wants[page[i].Name] {
				batch = append(batch, &page[i])
			}
		}
		if len(batch) > 0 {
			if !o.observe(ctx, batch) {
				return false
			}
			caught += len(batch)
		}
		o.handled = last
		if !full {
			break
		}
	}
	if before > 0 {
		o.handled = max(o.handled, before-1)
	}
	if caught > 0 {
		o.log.Debug("caught up with stored events", "events", caught, "seq", o.handled)
		if before == 0 {
			o.save(ctx)
		}
	}
	return true
}

// observe calls Observe, retrying a failure twice. It reports false if the
// observer was stopped.
func (o *observer) observe(ctx context.Context, events []*rapport.Event) bool {
	var err error
	for attempt, wait := 0, 200*time.Millisecond; attempt < 3; attempt, wait = attempt+1, wait*5 {
		if err = o.Observe(ctx, events); err == nil {
			return true
		}
		if ctx.Err() != nil {
			return false
		}
		if attempt < 2 {
			time.Sleep(wait)
		}
	}
	o.log.Error("observing events failed", "events", len(events), "first_seq", events[0].Seq, "err", err)
	return ctx.Err() == nil
}

// save stores the cursor if it moved.
func (o *observer) save(ctx context.Context) {
	o.lastSaved = time.Now()
	if o.handled == o.saved {
		return
	}
	if err := o.cursors.SaveObserverCursor(ctx, o.Name, o.handled); err != nil {
		o.log.Warn("saving the observer's cursor failed", "seq", o.handled, "err", err)
		return
	}
	o.saved = o.handled
}
