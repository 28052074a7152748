package main

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"github.com/rapport-cx/rapport"
	"github.com/rapport-cx/rapport/internal/jobs"
	"github.com/rapport-cx/rapport/internal/recommend/live"
)

// recommendScanEvery is how often a node checks whether the recommendation
// model is due for retraining (it retrains daily or on 10% data growth).
const recommendScanEvery = 10 * time.Minute

// recommenders holds one recommendation service per store, shared by the
// ingest hook, the API, the console and the retrain scan of a process.
var recommenders sync.Map

// recommender returns the store's recommendation service, starting it in
// the background the first time: it serves once its model is loaded or
// trained, and answers 429 "not ready" before.
func recommender(st rapport.Store, clock rapport.Clock, log *slog.Logger) *live.Service {
	if v, ok := recommenders.Load(st); ok {
		return v.(*live.Service)
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	svc := live.New(live.Config{Store: st, Clock: clock, Logger: log})
	v, loaded := recommenders.LoadOrStore(st, svc)
	if !loaded {
		go func() {
			if err := svc.Start(context.Background()); err != nil {
				log.Error("recommendations did not start", "err", err)
			}
		}()
	}
	return v.(*live.Service)
}

// recommendScan is the scheduled retrain.
func recommendScan(st rapport.Store, clock rapport.Clock) jobs.Periodic {
	return jobs.Periodic{Name: "recommend-retrain", Every: recommendScanEvery, Run: func(ctx context.Context, now time.Time) error {
		return recommender(st, clock, nil).Scan(ctx, now)
	}}
}
