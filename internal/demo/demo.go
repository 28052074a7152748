package demo

import (
	"context"
	"fmt"
	"iter"
	"time"

	"github.com/rapport-cx/rapport"
)

// Defaults of Options.
const (
	DefaultCustomers = 6000 // registered customers
	DefaultVisitors  = 1500 // anonymous visitors who never register
	batchSize        = 2000 // events per Ingest call
)

// Options size the demo shop. The zero value is the standard demo.
type Options struct {
	Customers int // registered customers; 0 means DefaultCustomers
	Visitors  int // anonymous-only visitors; 0 means DefaultVisitors, negative means none
}

func (o Options) sizes() (customers, visitors int) {
	customers, visitors = o.Customers, o.Visitors
	if customers <= 0 {
		customers = DefaultCustomers
	}
	if visitors == 0 {
		visitors = DefaultVisitors
	}
	return customers, max(visitors, 0)
}

// Generate returns the demo shop's events: twelve months of history ending
// at now, customer after customer (registered customers "C100001"…, then
// anonymous-only visitors), each customer's events in time order. The same
// seed and now give the same events. Message ids are "demo-<seed>-<customer>-<n>",
// n counting the customer's events, so they do not depend on now: loading the
// demo again, even on a later day, stores nothing new. One store should hold
// one demo: customer and order ids are the same for every seed.
func Generate(seed int64, now time.Time, opts Options) iter.Seq[*rapport.Event] {
	return func(yield func(*rapport.Event) bool) {
		customers, visitors := opts.sizes()
		s := newShop(seed)
		for _, p := range plans(seed, now, customers, visitors) {
			for _, e := range customerEvents(s, p, now) {
				if !yield(e) {
					return
				}
			}
		}
	}
}

// Result counts what Load did.
type Result struct {
	Customers  int // customers simulated, visitors included
	Events     int // events generated
	Stored     int // events the store wrote
	Duplicates int // events already stored
}

// Load generates the standard demo shop and ingests it in batches, calling
// progress (if not nil) after each batch with customers done and in total.
func Load(ctx context.Context, store rapport.EventStore, seed int64, now time.Time, progress func(done, total int64)) (Result, error) {
	return LoadOptions(ctx, store, seed, now, Options{}, progress)
}

// LoadOptions is Load for a demo shop of another size.
func LoadOptions(ctx context.Context, store rapport.EventStore, seed int64, now time.Time, opts Options, progress func(done, total int64)) (Result, error) {
	var res Result
	customers, visitors := opts.sizes()
	s := newShop(seed)
	all := plans(seed, now, customers, visitors)
	batch := make([]*rapport.Event, 0, batchSize+200)
	for i, p := range all {
		batch = append(batch, customerEvents(s, p, now)...)
		res.Customers++
		if len(batch) < batchSize && i < len(all)-1 {
			continue
		}
		if err := ingest(ctx, store, batch, &res); err != nil {
			return res, err
		}
		batch = batch[:0]
		if progress != nil {
			progress(int64(i+1), int64(len(all)))
		}
	}
	return res, nil
}

func ingest(ctx context.Context, store rapport.EventStore, batch []*rapport.Event, res *Result) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	r, err := store.Ingest(ctx, batch)
	if err != nil {
		return fmt.Errorf("demo: ingest %d events: %w", len(batch), err)
	}
	res.Events += len(batch)
	res.Stored += r.Stored
	res.Duplicates += r.Duplicates
	return nil
}
