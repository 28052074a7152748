package service

import (
	"context"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/rapport-cx/rapport"
	"github.com/rapport-cx/rapport/internal/store"
	"github.com/rapport-cx/rapport/internal/store/pgtest"
)

// benchNow is a Wednesday, 15:00 in Shanghai: inside office hours.
var benchNow = sh(25, 15, 0)

// seedCases stores open cases created over the last day under the default
// policies (a third of them pending on the customer) and resolved cases
// whose follow-ups fall due over the last day.
func seedCases(tb testing.TB, st rapport.Store, open, followUps int) {
	tb.Helper()
	ctx := context.Background()
	svc := New(st, &rapport.FixedClock{T: benchNow}, nil)
	cfg, err := svc.config(ctx)
	if err != nil {
		tb.Fatal(err)
	}
	r := rand.New(rand.NewPCG(1, 2))
	priorities := []rapport.Priority{rapport.PriorityNormal, rapport.PriorityNormal, rapport.PriorityNormal, rapport.PriorityHigh, rapport.PriorityUrgent}
	var batch []*rapport.Case
	flush := func() {
		if err := st.ImportCases(ctx, batch); err != nil {
			tb.Fatal(err)
		}
		batch = batch[:0]
	}
	for i := range open + followUps {
		created := benchNow.Add(-time.Duration(r.Int64N(int64(24 * time.Hour))))
		c := &rapport.Case{CustomerID: fmt.Sprintf("C%06d", r.IntN(50000)), Subject: "Where is my order?",
			Type: rapport.CaseTypes[r.IntN(7)], Stage: rapport.StageInSale, Channel: rapport.Channels[r.IntN(4)],
			Priority: priorities[r.IntN(len(priorities))], Status: rapport.StatusOpen, Team: []string{"support", "returns", "logistics"}[r.IntN(3)],
			CreatedAt: created, UpdatedAt: created}
		p := cfg.selectPolicy(c, who{})
		applyPolicy(c, p, cfg.hours[p.Calendar], created)
		switch {
		case i >= open:
			c.Status = rapport.StatusResolved
			for k := range c.SLA.Clocks {
				stopClock(&c.SLA.Clocks[k], created)
			}
			c.FollowUp.DueAt = benchNow.Add(-time.Duration(r.Int64N(int64(24 * time.Hour))))
		case r.IntN(3) == 0:
			c.Status = rapport.StatusPending
			pause(c, created.Add(time.Duration(r.Int64N(int64(time.Hour)))))
		}
		batch = append(batch, c)
		if len(batch) == 5000 {
			flush()
		}
	}
	flush()
}

// benchBackends runs f as a sub-benchmark on each backend.
func benchBackends(b *testing.B, f func(b *testing.B, backend string)) {
	for _, backend := range []string{"sqlite", "postgres"} {
		b.Run(backend, func(b *testing.B) { f(b, backend) })
	}
}

// openBenchStore opens a fresh, migrated store of the backend.
func openBenchStore(tb testing.TB, backend string) rapport.Store {
	tb.Helper()
	dsn := filepath.Join(tb.TempDir(), "rapport.db")
	if backend == "postgres" {
		dsn = pgtest.FreshSchema(tb)
	}
	st, err := store.Open(context.Background(), dsn, true)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { _ = st.Close() })
	return st
}

// BenchmarkScanTimers100k fires every timer due on a store of 100,000 open
// cases opened over the last day plus 10,000 follow-ups due over the last
// day: the first scan after a day without one. Run with -benchtime=1x.
func BenchmarkScanTimers100k(b *testing.B) { benchBackends(b, benchScanTimers100k) }

func benchScanTimers100k(b *testing.B, backend string) {
	for range b.N {
		b.StopTimer()
		st := openBenchStore(b, backend)
		seedCases(b, st, 100_000, 10_000)
		svc := New(st, &rapport.FixedClock{T: benchNow}, nil)
		due, _ := st.DueCases(context.Background(), benchNow, 1_000_000)
		b.ReportMetric(float64(len(due)), "due-cases")
		b.StartTimer()
		cpu := cpuTime()
		if err := svc.ScanTimers(context.Background(), benchNow); err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		b.ReportMetric((cpuTime() - cpu).Seconds(), "cpu-s/op")
		if left, _ := st.DueCases(context.Background(), benchNow, 10); len(left) != 0 {
			b.Fatalf("%d cases still due after the scan", len(left))
		}
	}
}

// BenchmarkScanTimersSteady is the scan a minute after the previous one on
// the same 110,000 cases: what the periodic job does all day.
func BenchmarkScanTimersSteady(b *testing.B) { benchBackends(b, benchScanTimersSteady) }

func benchScanTimersSteady(b *testing.B, backend string) {
	st := openBenchStore(b, backend)
	seedCases(b, st, 100_000, 10_000)
	svc := New(st, &rapport.FixedClock{T: benchNow}, nil)
	if err := svc.ScanTimers(context.Background(), benchNow); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	cpu := cpuTime()
	defer func() { b.ReportMetric((cpuTime()-cpu).Seconds()*1000/float64(b.N), "cpu-ms/op") }()
	for i := range b.N {
		at := benchNow.Add(time.Duration(i+1) * time.Minute)
		if err := svc.ScanTimers(context.Background(), at); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkCaseQueue100k loads the first page of the open-case queue
// (breached first, then nearest due) among 100,000 open cases.
func BenchmarkCaseQueue100k(b *testing.B) { benchBackends(b, benchCaseQueue100k) }

func benchCaseQueue100k(b *testing.B, backend string) {
	st := openBenchStore(b, backend)
	seedCases(b, st, 100_000, 0)
	if err := New(st, &rapport.FixedClock{T: benchNow}, nil).ScanTimers(context.Background(), benchNow); err != nil {
		b.Fatal(err)
	}
	q := rapport.CaseQuery{Status: []rapport.CaseStatus{rapport.StatusNew, rapport.StatusOpen, rapport.StatusPending}, Limit: 50}
	b.ResetTimer()
	cpu := cpuTime()
	defer func() { b.ReportMetric((cpuTime()-cpu).Seconds()*1000/float64(b.N), "cpu-ms/op") }()
	for range b.N {
		list, total, err := st.ListCases(context.Background(), q)
		if err != nil || len(list) != 50 || total != 100_000 {
			b.Fatalf("queue: %d of %d, %v", len(list), total, err)
		}
	}
}

// cpuTime is the CPU time (user and system) this process has used: on a
// shared machine it measures the work better than the wall clock.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
