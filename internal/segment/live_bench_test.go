package segment_test

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/rapport-cx/rapport"
	"github.com/rapport-cx/rapport/internal/ingest"
	"github.com/rapport-cx/rapport/internal/segment"
)

// BenchmarkEventToMembership is the delay from an event being accepted
// (the ingest pipeline's Submit returns: the event is committed) to the
// membership it causes being visible to a reader of the store, through
// SQLite, the ingest observer and the engine. Each event is a Ticket
// Created of a customer seen before, which puts them in problem. It reports
// the median and p99 delay.
func BenchmarkEventToMembership(b *testing.B) {
	ctx := context.Background()
	st := openStore(b)
	clock := rapport.SystemClock{}
	eng := segment.NewEngine(segment.Config{Store: st, Clock: clock})
	if err := eng.EnsureDefaults(ctx); err != nil {
		b.Fatal(err)
	}
	p := ingest.NewPipeline(ingest.PipelineConfig{Store: st, Observers: []ingest.Observer{{Name: "segments",
		Observe: func(_ context.Context, ev []*rapport.Event) error { eng.Committed(ev); return nil }}}})
	defer p.Close(ctx)
	start := time.Now()
	for i := range b.N {
		user := fmt.Sprintf("u%d", i)
		if err := p.Submit(ctx, []*rapport.Event{{MessageID: "seen-" + user, Type: rapport.TypePage, Name: "Home", UserID: user,
			Channel: rapport.ChannelWeb, Timestamp: start.Add(-40 * day), ReceivedAt: start}}); err != nil {
			b.Fatal(err)
		}
	}
	delays := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for i := range b.N {
		user := fmt.Sprintf("u%d", i)
		now := time.Now()
		ticket := &rapport.Event{MessageID: "ticket-" + user, Type: rapport.TypeTrack, Name: rapport.EventTicketCreated, UserID: user,
			Channel: rapport.ChannelWeb, Timestamp: now, ReceivedAt: now, Properties: map[string]any{"ticket_id": user}}
		if err := p.Submit(ctx, []*rapport.Event{ticket}); err != nil {
			b.Fatal(err)
		}
		accepted := time.Now()
		for {
			ms, err := st.CustomerSegments(ctx, user)
			if err != nil {
				b.Fatal(err)
			}
			if slices.ContainsFunc(ms, func(m rapport.SegmentMembership) bool { return m.SegmentID == segment.Problem }) {
				break
			}
			if time.Since(accepted) > time.Minute {
				b.Fatalf("%s never entered problem", user)
			}
			time.Sleep(100 * time.Microsecond)
		}
		delays = append(delays, time.Since(accepted))
	}
	b.StopTimer()
	slices.Sort(delays)
	b.ReportMetric(float64(delays[len(delays)/2].Microseconds())/1000, "median-ms")
	b.ReportMetric(float64(delays[len(delays)*99/100].Microseconds())/1000, "p99-ms")
}
