package live

import (
	"context"
	"fmt"
	"math/rand"
	"time"

	"github.com/rapport-cx/rapport"
	"github.com/rapport-cx/rapport/internal/recommend"
)

// SyntheticStats reports how a synthetic Service was built.
type SyntheticStats struct {
	Users, Items, Interactions int
	FitIALS                    time.Duration // the full iALS fit on all interactions
}

// Synthetic returns a Service whose histories and live iALS model come from
// generated data (Zipf-distributed item popularity, purchases only), for
// benchmarks: users × items with about n interactions, cfg.Factors factors.
// It does not call Start; with a store, served lists are logged to it
// until ctx ends, as on a serving node.
func Synthetic(ctx context.Context, cfg Config, users, items, n int, seed int64) (*Service, SyntheticStats, error) {
	s := New(cfg)
	rng := rand.New(rand.NewSource(seed))
	zipf := rand.NewZipf(rng, 1.1, 10, uint64(items-1))
	catalogue := make([]rapport.Product, items)
	for i := range catalogue {
		catalogue[i] = rapport.Product{ID: fmt.Sprintf("p%06d", i), Name: fmt.Sprintf("Item %d", i),
			Category: fmt.Sprintf("c%03d", i%100), Price: float64(5 + rng.Intn(200))}
	}
	at := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for k := 0; k < n; k++ {
		c := s.hist.state(fmt.Sprintf("u%06d", rng.Intn(users)))
		s.hist.add(c, catalogue[zipf.Uint64()].ID, recommend.KindPurchase, at.Add(time.Duration(k)*time.Second))
	}
	d := s.hist.collect(catalogue, s.settings().weights, s.cfg.HalfLife, at.Add(time.Duration(n)*time.Second))
	stats := SyntheticStats{Users: d.all.Users, Items: d.all.Items, Interactions: d.all.NNZ()}
	main := &recommend.IALS{Factors: s.cfg.Factors, Lambda: 30, Alpha: 3, Iterations: 10, CGSteps: 3, Seed: 1}
	start := time.Now()
	if err := main.Fit(ctx, d.all); err != nil {
		return nil, stats, err
	}
	stats.FitIALS = time.Since(start)
	snap := &snapshot{main: main, items: d.items, regions: d.regions,
		similar:  &recommend.ItemKNN{Neighbors: 100, Shrinkage: 10},
		together: &recommend.ItemKNN{Neighbors: 50, Shrinkage: 2, Binary: true},
		pop:      &recommend.Popularity{Groups: d.groupOf}}
	for _, f := range []struct {
		m recommend.Model
		x *recommend.Matrix
	}{{snap.similar, d.all}, {snap.together, d.purchases}, {snap.pop, d.decayed}} {
		if err := f.m.Fit(ctx, f.x); err != nil {
			return nil, stats, err
		}
	}
	snap.meta = rapport.RecommendModel{Kind: main.Name(), TrainedAt: at, Users: d.all.Users, Items: d.all.Items, Interactions: d.all.NNZ()}
	snap.fillCatalogue(catalogue, d.firstSeen, d.revenue)
	s.snap.Store(snap)
	if cfg.Store != nil {
		s.wg.Add(1)
		go s.logLoop(ctx)
	}
	return s, stats, nil
}
