package ingest

import (
	"context"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/rapport-cx/rapport"
)

// Errors Submit returns instead of taking events.
var (
	// ErrQueueFull means the queue holds MaxQueue events; retry later.
	ErrQueueFull = rapport.Errorf(rapport.EOVERLOADED, "ingest queue is full, retry later")
	// ErrClosed means the pipeline is shutting down.
	ErrClosed = rapport.Errorf(codeUnavailable, "ingest is shutting down, retry later")
)

// codeUnavailable is the error code of a pipeline that no longer accepts events.
const codeUnavailable = "unavailable"

// Ingester is the part of the store the pipeline writes to.
type Ingester interface {
	Ingest(ctx context.Context, events []*rapport.Event) (rapport.IngestResult, error)
}

// Preparer is implemented by stores that can do part of Ingest's work
// ahead of it, on the goroutine that submits the events, leaving less for
// the single writer.
type Preparer interface {
	PrepareEvents(events []*rapport.Event) error
}

// PipelineConfig sets up a Pipeline. Only Store is required.
type PipelineConfig struct {
	Store         Ingester
	MaxQueue      int           // events accepted but not yet committed; default 50,000
	MaxGroup      int           // events per store transaction; default 2,000
	Linger        time.Duration // wait this long for more events before a commit; default 0
	CommitTimeout time.Duration // bound on one Ingest call; default 30 s
	Logger        *slog.Logger
	// OnCommit, if set, is called after every successful store.Ingest with
	// the number of events written in that transaction and how long it took.
	OnCommit func(events int, d time.Duration)
	// Observers get the stored events of every commit (see Observer).
	Observers []Observer
	// ObserverQueue is how many commits an observer may fall behind before
	// the writer waits for it; default 256.
	ObserverQueue int
	// Cursors keeps durable observers' cursors; default Store, if it can.
	Cursors Cursors
}

// Pipeline is a group commit: concurrent requests hand it their events, one
// writer goroutine stores whatever is queued in one transaction and then
// answers every request of the group. To stop without losing an accepted
// event, shut the HTTP server down first, then Close the pipeline.
type Pipeline struct {
	cfg    PipelineConfig
	wake   chan struct{}
	done   chan struct{}
	mu     sync.Mutex
	queue  []*pending
	queued int // events in queue
	closed bool
	stats  counters

	observers []*observer
	stopObs   context.CancelFunc // ends the observers' context
}

// pending is one request's events waiting for the writer.
type pending struct {
	events []*rapport.Event
	result chan error // buffered, receives exactly once
}

// NewPipeline starts a pipeline's writer. Call Close to stop it.
func NewPipeline(cfg PipelineConfig) *Pipeline {
	if cfg.MaxQueue <= 0 {
		cfg.MaxQueue = 50_000
	}
	if cfg.MaxGroup <= 0 {
		cfg.MaxGroup = 2_000
	}
	if cfg.CommitTimeout <= 0 {
		cfg.CommitTimeout = 30 * time.Second
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	if cfg.ObserverQueue <= 0 {
		cfg.ObserverQueue = defaultObserverQueue
	}
	if cur, ok := cfg.Store.(Cursors); ok && cfg.Cursors == nil {
		cfg.Cursors = cur
	}
	p := &Pipeline{cfg: cfg, wake: make(chan struct{}, 1), done: make(chan struct{})}
	var ctx context.Context
	ctx, p.stopObs = context.WithCancel(context.Background())
	for _, o := range cfg.Observers {
		ob := newObserver(o, cfg.ObserverQueue, cfg.Cursors, cfg.Logger)
		p.observers = append(p.observers, ob)
		go ob.run(ctx)
	}
	go p.run()
	return p
}

// Submit queues events and waits until they are committed. It returns
// ErrQueueFull when the queue has no room for them, ErrClosed once Close has
// been called, the store's error if they could not be stored, or ctx's error
// if the caller stopped waiting (the events are then still stored).
func (p *Pipeline) Submit(ctx context.Context, events []*rapport.Event) error {
	if len(events) == 0 {
		return nil
	}
	if pr, ok := p.cfg.Store.(Preparer); ok {
		if err := pr.PrepareEvents(events); err != nil {
			return fmt.Errorf("ingest: preparing %d events: %w", len(events), err)
		}
	}
	req, err := p.enqueue(events)
	if err != nil {
		return err
	}
	select {
	case err := <-req.result:
		return err
	case <-ctx.Done():
		return ctx.Err()
	}
}

// enqueue adds a request to the queue if there is room.
func (p *Pipeline) enqueue(events []*rapport.Event) (*pending, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	switch {
	case p.closed:
		return nil, ErrClosed
	case p.stats.depth.Load() > 0 && int(p.stats.depth.Load())+len(events) > p.cfg.MaxQueue:
		return nil, ErrQueueFull
	}
	req := &pending{events: events, result: make(chan error, 1)}
	p.queue = append(p.queue, req)
	p.queued += len(events)
	p.stats.depth.Add(int64(len(events)))
	select {
	case p.wake <- struct{}{}:
	default:
	}
	return req, nil
}

// Close stops taking events (Submit returns ErrClosed), waits until every
// event already accepted is committed and observed, and stops the writer
// and the observers. It returns ctx's error if ctx ends first; the writer
// then still drains, and the observers are told to stop (durable ones see
// what they missed at the next start).
func (p *Pipeline) Close(ctx context.Context) error {
	p.mu.Lock()
	first := !p.closed
	if first {
		p.closed = true
		close(p.wake)
	}
	p.mu.Unlock()
	select {
	case <-p.done:
	case <-ctx.Done():
		p.stopObs()
		return ctx.Err()
	}
	if first {
		for _, o := range p.observers {
			close(o.queue)
		}
	}
	for _, o := range p.observers {
		select {
		case <-o.done:
		case <-ctx.Done():
			p.stopObs()
			return ctx.Err()
		}
	}
	p.stopObs()
	return nil
}

// run is the writer: it commits groups until closed and drained.
func (p *Pipeline) run() {
	defer close(p.done)
	for {
		group := p.take()
		if group == nil {
			if _, open := <-p.wake; !open && p.empty() {
				return
			}
			continue
		}
		p.commit(group)
	}
}

// empty reports whether nothing is queued.
func (p *Pipeline) empty() bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	return len(p.queue) == 0
}

// take removes the next group from the queue: whole requests, in order, up
// to MaxGroup events (at least one request), after lingering if configured.
func (p *Pipeline) take() []*pending {
	if p.cfg.Linger > 0 && p.queuedEvents() > 0 && p.queuedEvents() < p.cfg.MaxGroup {
		time.Sleep(p.cfg.Linger)
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	n, events := 0, 0
	for n < len(p.queue) && (n == 0 || events+len(p.queue[n].events) <= p.cfg.MaxGroup) {
		events += len(p.queue[n].events)
		n++
	}
	if n == 0 {
		return nil
	}
	group := make([]*pending, n)
	copy(group, p.queue)
	p.queue = append(p.queue[:0], p.queue[n:]...)
	p.queued -= events
	return group
}

// queuedEvents is the number of events waiting for the writer.
func (p *Pipeline) queuedEvents() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.queued
}

// commit stores a group in one transaction; if that fails, it stores each
// request on its own so one bad request cannot sink the others.
func (p *Pipeline) commit(group []*pending) {
	events, dups := groupEvents(group)
	err := p.ingest(events, dups)
	if err != nil && len(group) > 1 {
		p.cfg.Logger.Warn("group commit failed, retrying requests one by one", "requests", len(group), "events", len(events), "err", err)
		for _, req := range group {
			evs, d := groupEvents([]*pending{req})
			err := p.ingest(evs, d)
			p.answer(req, err)
			if err == nil {
				p.observe(evs)
			}
		}
		return
	}
	for _, req := range group {
		p.answer(req, err)
	}
	if err == nil {
		p.observe(events)
	}
}

// answer releases one request and updates the counters.
func (p *Pipeline) answer(req *pending, err error) {
	n := int64(len(req.events))
	p.stats.depth.Add(-n)
	if err != nil {
		p.stats.failed.Add(n)
		p.cfg.Logger.Error("storing events failed", "events", n, "err", err)
	} else {
		p.stats.accepted.Add(n)
	}
	req.result <- err
}

// ingest calls the store once and records what it did. dups counts events
// dropped before the call as repeats of a messageId earlier in the group.
func (p *Pipeline) ingest(events []*rapport.Event, dups int) error {
	ctx, cancel := context.WithTimeout(context.Background(), p.cfg.CommitTimeout)
	defer cancel()
	start := time.Now()
	res, err := p.cfg.Store.Ingest(ctx, events)
	d := time.Since(start)
	if err != nil {
		return fmt.Errorf("ingest: storing %d events: %w", len(events), err)
	}
	p.stats.recordCommit(res.Stored, res.Duplicates+dups, d)
	if p.cfg.OnCommit != nil {
		p.cfg.OnCommit(len(events), d)
	}
	return nil
}

// observe hands committed events to every observer.
func (p *Pipeline) observe(events []*rapport.Event) {
	for _, o := range p.observers {
		o.offer(events)
	}
}

// groupEvents concatenates the events of a group, dropping any whose
// messageId already occurred earlier in the group, and counts those drops.
func groupEvents(group []*pending) ([]*rapport.Event, int) {
	total := 0
	for _, req := range group {
		total += len(req.events)
	}
	seen := make(map[string]struct{}, total)
	out := make([]*rapport.Event, 0, total)
	for _, req := range group {
		for _, e := range req.events {
			if _, dup := seen[e.MessageID]; dup {
				continue
			}
			seen[e.MessageID] = struct{}{}
			out = append(out, e)
		}
	}
	return out, total - len(out)
}
