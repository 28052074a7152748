package segment

import (
	"fmt"
	"math/rand/v2"
	"runtime"
	"slices"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/rapport-cx/rapport"
)

// customRules are 20 custom segments of the kinds shops build: profile
// fields, traits and tags, and event counts with windows and filters.
var customRules = []string{
	`{"field":"orders","op":">=","value":3}`,
	`{"field":"revenue","op":">","value":5000}`,
	`{"all":[{"field":"aov","op":">=","value":300},{"field":"days_since_last_order","op":"<","value":60}]}`,
	`{"field":"average_rating","op":"<=","value":2.5}`,
	`{"all":[{"field":"gender","op":"=","value":"female"},{"field":"age_band","op":"in","value":["25-34","35-44"]}]}`,
	`{"field":"city","op":"in","value":["Shanghai","Hangzhou","Beijing"]}`,
	`{"field":"tags","op":"contains","value":"vip"}`,
	`{"field":"traits.plan","op":"=","value":"gold"}`,
	`{"not":{"field":"days_since_last_seen","op":"<","value":30}}`,
	`{"field":"sessions","op":"between","value":[5,50]}`,
	`{"event":{"name":"Product Viewed","within_days":14,"where":[{"property":"category","op":"=","value":"shoes"}]},"op":">=","value":3}`,
	`{"event":{"name":"Product Added","within_days":7}}`,
	`{"all":[{"event":{"name":"Product Added","within_days":7}},{"not":{"event":{"name":"Order Completed","within_days":7}}}]}`,
	`{"event":{"name":"Order Completed","within_days":90,"aggregate":"sum","property":"total"},"op":">=","value":2000}`,
	`{"event":{"name":"Products Searched","within_days":30},"op":">=","value":5}`,
	`{"event":{"name":"Ticket Created","within_days":60}}`,
	`{"event":{"name":"Survey Responded","within_days":90,"where":[{"property":"nps","op":"<=","value":6}]}}`,
	`{"any":[{"field":"nps","op":">=","value":9},{"field":"referrals","op":">=","value":2}]}`,
	`{"all":[{"field":"channel","op":"=","value":"mini_program"},{"field":"orders","op":"=","value":0},{"field":"days_since_registered","op":"<","value":60}]}`,
	`{"all":[{"field":"returns","op":">=","value":2},{"field":"refunds","op":">=","value":1}]}`,
}

// benchSet is the six lifecycle segments and the 20 custom ones.
func benchSet(tb testing.TB) *Set {
	segs := Builtins(DefaultSettings())
	for i, r := range customRules {
		segs = append(segs, rapport.Segment{ID: fmt.Sprintf("custom-%d", i), Rule: []byte(r)})
	}
	set, errs := NewSet(segs)
	if len(errs) > 0 {
		tb.Fatal(errs)
	}
	return set
}

var (
	benchCats    = []string{"shoes", "bags", "home", "beauty", "kids", "food"}
	benchCities  = []string{"Shanghai", "Hangzhou", "Beijing", "Chengdu", "Wuhan"}
	benchGenders = []string{"female", "male", ""}
	benchBands   = []string{"18-24", "25-34", "35-44", "45-54"}
	benchEvents  = []string{rapport.EventProductViewed, rapport.EventProductViewed, rapport.EventProductAdded,
		rapport.EventOrderCompleted, rapport.EventProductsSearched, rapport.EventTicketCreated, rapport.EventSurveyResponded}
)

// generate fills subjects with random but plausible customers: a profile
// and up to 12 recent events.
func generate(r *rand.Rand, out []Subject, now time.Time) {
	for i := range out {
		nps := r.IntN(11)
		orders := r.IntN(12)
		c := &rapport.Customer{ID: fmt.Sprintf("c%d", r.Uint64()), Known: r.IntN(10) > 0,
			Basic: rapport.Basic{Gender: benchGenders[r.IntN(3)], AgeBand: benchBands[r.IntN(4)], City: benchCities[r.IntN(5)],
				Channel: rapport.Channels[r.IntN(3)], RegisteredAt: now.Add(-time.Duration(r.IntN(400*24)) * time.Hour)},
			Traits: map[string]any{"plan": []string{"gold", "silver", "free"}[r.IntN(3)]},
			Stats: rapport.Stats{Orders: orders, Revenue: float64(orders) * (50 + r.Float64()*1500),
				LastOrderAt: now.Add(-time.Duration(r.IntN(200*24)) * time.Hour), LastSeen: now.Add(-time.Duration(r.IntN(90*24)) * time.Hour),
				Reviews: r.IntN(4), RatingSum: float64(r.IntN(16)), LastRating: float64(1 + r.IntN(5)),
				Tickets: r.IntN(3), LastTicketAt: now.Add(-time.Duration(r.IntN(100*24)) * time.Hour), LastNPS: &nps,
				Referrals: r.IntN(3), Returns: r.IntN(3), Refunds: r.IntN(2),
				Channels: map[rapport.Channel]*rapport.ChannelStats{rapport.ChannelApp: {Sessions: r.IntN(40), Views: r.IntN(100)}}},
		}
		if r.IntN(10) == 0 {
			c.Traits["tags"] = []any{"vip"}
		}
		events := make([]rapport.Event, r.IntN(13))
		for j := range events {
			name := benchEvents[r.IntN(len(benchEvents))]
			props := map[string]any{"category": benchCats[r.IntN(len(benchCats))]}
			if name == rapport.EventOrderCompleted {
				props["total"] = 100 + r.Float64()*2000
			}
			if name == rapport.EventSurveyResponded {
				props["nps"] = float64(r.IntN(11))
			}
			events[j] = rapport.Event{Type: rapport.TypeTrack, Name: name, Properties: props,
				Timestamp: now.Add(-time.Duration(r.IntN(95*24)) * time.Hour)}
		}
		out[i] = Subject{Customer: c, Events: events, Now: now}
	}
}

// BenchmarkFullEvaluation re-evaluates 1,000,000 generated customers
// against the lifecycle and 20 custom segments, on every core. Generating
// each chunk of customers is not timed.
func BenchmarkFullEvaluation(b *testing.B) {
	const total, chunk = 1_000_000, 50_000
	set := benchSet(b)
	now := time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)
	r := rand.New(rand.NewPCG(1, 2))
	subjects := make([]Subject, chunk)
	workers := runtime.GOMAXPROCS(0)
	var members int
	b.ResetTimer()
	for range b.N {
		var evalTime, cpuTime time.Duration
		members = 0
		for done := 0; done < total; done += chunk {
			b.StopTimer()
			generate(r, subjects, now)
			b.StartTimer()
			start, cpu0 := time.Now(), processCPU()
			counts := make([]int, workers)
			var wg sync.WaitGroup
			for w := range workers {
				wg.Add(1)
				go func() {
					defer wg.Done()
					var in []string
					for i := w; i < chunk; i += workers {
						in = set.Evaluate(&subjects[i], in[:0])
						counts[w] += len(in)
					}
				}()
			}
			wg.Wait()
			evalTime += time.Since(start)
			cpuTime += processCPU() - cpu0
			for _, n := range counts {
				members += n
			}
		}
		b.ReportMetric(evalTime.Seconds(), "s/1M-customers")
		b.ReportMetric(cpuTime.Seconds(), "cpu-s/1M-customers")
	}
	b.ReportMetric(float64(len(set.IDs)), "segments")
	b.ReportMetric(float64(members), "memberships")
}

// BenchmarkIncrementalUpdate is the engine's work for one event: evaluate
// the customer against every segment and diff with their memberships. It
// reports the median of single updates.
func BenchmarkIncrementalUpdate(b *testing.B) {
	set := benchSet(b)
	now := time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)
	r := rand.New(rand.NewPCG(3, 4))
	subjects := make([]Subject, 1000)
	generate(r, subjects, now)
	was := make([][]string, len(subjects))
	for i := range subjects {
		was[i] = set.Evaluate(&subjects[i], nil)
		was[i] = was[i][:len(was[i])/2] // half the segments changed since
	}
	times := make([]time.Duration, 0, b.N)
	var in []string
	var changes []rapport.SegmentChange
	b.ResetTimer()
	for i := range b.N {
		k := i % len(subjects)
		start := time.Now()
		in = set.Evaluate(&subjects[k], in[:0])
		changes = set.Diff(subjects[k].Customer.ID, in, was[k], now, changes[:0])
		times = append(times, time.Since(start))
	}
	b.StopTimer()
	slices.Sort(times)
	b.ReportMetric(float64(times[len(times)/2].Nanoseconds()), "median-ns")
	b.ReportMetric(float64(times[len(times)*99/100].Nanoseconds()), "p99-ns")
}

// processCPU is the CPU time the process has used, user and system: on a
// shared machine it tells the work apart from the wait.
func processCPU() time.Duration {
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
