package segment

import (
	"context"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/rapport-cx/rapport"
	"github.com/rapport-cx/rapport/internal/store/sqlite"
	"github.com/rapport-cx/rapport/internal/store/sqlstore"
)

// storeBenchCustomers is how many customers the store benchmarks seed.
const storeBenchCustomers = 5000

// BenchmarkStoreUpdate is the live membership update through SQLite: a
// batch of accepted events goes to Committed and the engine loads the
// customers, evaluates the lifecycle and 20 custom segments, and writes the
// changes, their history and their events in one transaction. Ingesting
// the events themselves is not timed. It reports the amortized cost of one
// event (median and p99 over the batches) and the CPU time per event.
func BenchmarkStoreUpdate(b *testing.B) {
	for _, batch := range []int{1, 100} {
		b.Run(fmt.Sprintf("batch=%d", batch), func(b *testing.B) { benchStoreUpdate(b, batch) })
	}
}

func benchStoreUpdate(b *testing.B, batch int) {
	ctx := context.Background()
	now := time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)
	st, eng := seededEngine(b, now)
	r := rand.New(rand.NewPCG(5, 6))
	perEvent := make([]time.Duration, 0, b.N)
	var cpu time.Duration
	seq := 0
	b.ResetTimer()
	for range b.N {
		b.StopTimer()
		events := make([]*rapport.Event, batch)
		for i := range events {
			seq++
			events[i] = benchEvent(r, fmt.Sprintf("live-%d", seq), fmt.Sprintf("u%d", r.IntN(storeBenchCustomers)), now)
		}
		if _, err := st.Ingest(ctx, events); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		start, cpu0 := time.Now(), processCPU()
		eng.Committed(events)
		eng.Wait()
		perEvent = append(perEvent, time.Since(start)/time.Duration(batch))
		cpu += processCPU() - cpu0
	}
	b.StopTimer()
	slices.Sort(perEvent)
	b.ReportMetric(float64(perEvent[len(perEvent)/2].Microseconds()), "median-µs/event")
	b.ReportMetric(float64(perEvent[len(perEvent)*99/100].Microseconds()), "p99-µs/event")
	b.ReportMetric(float64(cpu.Microseconds())/float64(b.N*batch), "cpu-µs/event")
}

// seededEngine opens a SQLite store with storeBenchCustomers customers and
// their recent events, stores the lifecycle and 20 custom segments, and
// evaluates everyone once.
func seededEngine(b *testing.B, now time.Time) (*sqlstore.Store, *Engine) {
	ctx := context.Background()
	st, err := sqlite.Open(ctx, filepath.Join(b.TempDir(), "rapport.db"))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { _ = st.Close() })
	if _, err := sqlite.Migrate(ctx, st.DB()); err != nil {
		b.Fatal(err)
	}
	r := rand.New(rand.NewPCG(7, 8))
	var events []*rapport.Event
	for i := range storeBenchCustomers {
		user := fmt.Sprintf("u%d", i)
		reg := now.Add(-time.Duration(r.IntN(400*24)) * time.Hour)
		events = append(events, &rapport.Event{MessageID: "seed-" + user, Type: rapport.TypeIdentify, UserID: user,
			Channel: rapport.ChannelApp, Timestamp: reg, ReceivedAt: reg,
			Traits: map[string]any{"plan": []string{"gold", "silver", "free"}[r.IntN(3)], "city": benchCities[r.IntN(5)]}})
		for j := range r.IntN(8) {
			events = append(events, benchEvent(r, fmt.Sprintf("seed-%s-%d", user, j), user, now))
		}
		if len(events) >= 2000 || i == storeBenchCustomers-1 {
			if _, err := st.Ingest(ctx, events); err != nil {
				b.Fatal(err)
			}
			events = events[:0]
		}
	}
	for i, rule := range customRules {
		sg := rapport.Segment{ID: fmt.Sprintf("custom-%d", i), Name: fmt.Sprintf("Custom %d", i), Rule: []byte(rule), CreatedAt: now, UpdatedAt: now}
		if err := st.CreateSegment(ctx, &sg); err != nil {
			b.Fatal(err)
		}
	}
	eng := NewEngine(Config{Store: st, Clock: &rapport.FixedClock{T: now}})
	if err := eng.EnsureDefaults(ctx); err != nil {
		b.Fatal(err)
	}
	if err := eng.Scan(ctx, now); err != nil {
		b.Fatal(err)
	}
	return st, eng
}

// benchEvent is one plausible recent event of user.
func benchEvent(r *rand.Rand, msg, user string, now time.Time) *rapport.Event {
	name := benchEvents[r.IntN(len(benchEvents))]
	props := map[string]any{"category": benchCats[r.IntN(len(benchCats))]}
	switch name {
	case rapport.EventOrderCompleted:
		props["order_id"], props["total"] = msg, 100+r.Float64()*2000
	case rapport.EventSurveyResponded:
		props["nps"] = float64(r.IntN(11))
	}
	ts := now.Add(-time.Duration(r.IntN(60*24)) * time.Hour)
	return &rapport.Event{MessageID: msg, Type: rapport.TypeTrack, Name: name, UserID: user,
		Channel: rapport.ChannelApp, Timestamp: ts, ReceivedAt: now, Properties: props}
}
