package ingest

import (
	"sync"
	"sync/atomic"
	"time"
)

// Reasons a request is rejected, as counted in Stats.Rejected.
const (
	RejectInvalid      = "invalid"      // 400: malformed JSON or a message failing validation
	RejectTooLarge     = "too_large"    // 413: a message or the body over its size limit
	RejectUnauthorized = "unauthorized" // 401: missing, unknown or revoked write key
	RejectOverloaded   = "overloaded"   // 429: the queue is full
	RejectUnavailable  = "unavailable"  // 503: shutting down
	RejectStoreError   = "store_error"  // 500: the store failed to write the events
)

// Stats is a snapshot of a pipeline's counters, for /metrics. Counters only
// grow; QueueEvents is the current depth.
type Stats struct {
	Accepted      int64            // events committed and acknowledged (stored or duplicate)
	Stored        int64            // events newly written
	Duplicates    int64            // events skipped because their messageId was already stored
	Failed        int64            // events whose commit failed
	Rejected      map[string]int64 // requests rejected, by Reject* reason
	QueueEvents   int64            // events accepted and not yet committed
	Commits       int64            // store transactions
	CommitSeconds float64          // total time spent in store.Ingest
	ObserverQueue map[string]int64 // commits waiting for each observer, by name
}

// counters are the live values behind Stats.
type counters struct {
	accepted, stored, duplicates, failed, depth, commits atomic.Int64
	commitNanos                                          atomic.Int64
	mu                                                   sync.Mutex
	rejected                                             map[string]int64
}

// recordCommit counts one successful store transaction.
func (c *counters) recordCommit(stored, dups int, d time.Duration) {
	c.stored.Add(int64(stored))
	c.duplicates.Add(int64(dups))
	c.commits.Add(1)
	c.commitNanos.Add(int64(d))
}

// reject counts one rejected request.
func (c *counters) reject(reason string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.rejected == nil {
		c.rejected = make(map[string]int64)
	}
	c.rejected[reason]++
}

// Stats returns a snapshot of the pipeline's counters, including the
// rejections counted by handlers that use it.
func (p *Pipeline) Stats() Stats {
	c := &p.stats
	s := Stats{
		Accepted:      c.accepted.Load(),
		Stored:        c.stored.Load(),
		Duplicates:    c.duplicates.Load(),
		Failed:        c.failed.Load(),
		QueueEvents:   c.depth.Load(),
		Commits:       c.commits.Load(),
		CommitSeconds: time.Duration(c.commitNanos.Load()).Seconds(),
		Rejected:      make(map[string]int64),
		ObserverQueue: make(map[string]int64, len(p.observers)),
	}
	for _, o := range p.observers {
		s.ObserverQueue[o.Name] = o.depth.Load()
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	for k, v := range c.rejected {
		s.Rejected[k] = v
	}
	return s
}

// Reject counts a request rejected before it reached the pipeline.
func (p *Pipeline) Reject(reason string) { p.stats.reject(reason) }
