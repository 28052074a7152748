package insight

import (
	"context"
	"sync"
	"time"

	"github.com/rapport-cx/rapport"
)

// readings remembers what the analyzer read in each text, so that every
// analysis of the same facts reads a text once.
type readings struct {
	mu sync.Mutex
	m  map[string]Reading

	voiceOnce sync.Once
	voice     *Voice
}

func newReadings() *readings { return &readings{m: map[string]Reading{}} }

// Read is the analyzer's reading of a feedback text, read once per facts.
func (f *Facts) Read(a Analyzer, text string) Reading {
	if f.memo == nil {
		return a.Analyze(text)
	}
	f.memo.mu.Lock()
	r, ok := f.memo.m[text]
	f.memo.mu.Unlock()
	if ok {
		return r
	}
	r = a.Analyze(text)
	f.memo.mu.Lock()
	f.memo.m[text] = r
	f.memo.mu.Unlock()
	return r
}

// MaxAge is how long Loader reuses loaded facts while the data is
// unchanged: only the clock moves them, through lifecycle stages and the
// last-30-days splits.
const MaxAge = 10 * time.Minute

// Loader loads the facts of the insight pages once per version of the data
// (rapport.FeedbackMark) and window, and reuses them, with every text
// reading made on them, until the data changes or MaxAge passes.
type Loader struct {
	store Store
	mu    sync.Mutex
	cache map[int]*loaded
}

type loaded struct {
	mark  rapport.FeedbackMark
	now   time.Time
	facts *Facts
}

// NewLoader returns a loader over a store.
func NewLoader(st Store) *Loader { return &Loader{store: st, cache: map[int]*loaded{}} }

// Load returns the facts of the days up to now (included). When no feedback falls in
// that window but older feedback exists — reviews imported from a data
// set, say — the window ends at the end of the day of the latest feedback
// instead, and the facts say Anchored.
func (l *Loader) Load(ctx context.Context, now time.Time, days int) (*Facts, error) {
	mark, err := l.store.FeedbackMark(ctx)
	if err != nil {
		return nil, err
	}
	l.mu.Lock()
	c := l.cache[days]
	l.mu.Unlock()
	if c != nil && c.mark == mark && !now.Before(c.now) && now.Sub(c.now) < MaxAge {
		return c.facts, nil
	}
	span := time.Duration(days) * 24 * time.Hour
	to, anchored := now.Add(time.Millisecond), false // up to and including now
	if !mark.Feedback.IsZero() && mark.Feedback.Before(now.Add(-span)) {
		to, anchored = mark.Feedback.UTC().Truncate(24*time.Hour).Add(24*time.Hour), true
	}
	f, err := Load(ctx, l.store, to.Add(-span), to)
	if err != nil {
		return nil, err
	}
	f.Anchored = anchored
	l.mu.Lock()
	if len(l.cache) > 8 {
		clear(l.cache)
	}
	l.cache[days] = &loaded{mark: mark, now: now, facts: f}
	l.mu.Unlock()
	return f, nil
}
