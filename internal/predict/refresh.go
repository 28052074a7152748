package predict

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/rapport-cx/rapport"
)

// RefitEvery is how old the latest run may be before the scan refits.
const RefitEvery = 24 * time.Hour

// AsOfFor is the "now" of a run at time now: the start of the day after the
// latest order, but never later than now. For a live shop that is now; for
// a historical import it is the day after its last order, so the models see
// the data as it was when it ended.
func AsOfFor(hs []rapport.CustomerHistory, now time.Time) time.Time {
	var last time.Time
	for i := range hs {
		if n := len(hs[i].Orders); n > 0 && hs[i].Orders[n-1].At.After(last) {
			last = hs[i].Orders[n-1].At
		}
	}
	if last.IsZero() {
		return now
	}
	if next := last.UTC().Truncate(Day).Add(Day); next.Before(now) {
		return next
	}
	return now
}

// LoadHistories reads every customer history from the store.
func LoadHistories(ctx context.Context, st rapport.PredictionStore) ([]rapport.CustomerHistory, error) {
	var hs []rapport.CustomerHistory
	err := st.CustomerHistories(ctx, func(h *rapport.CustomerHistory) error {
		c := *h
		c.Orders = append([]rapport.HistoryOrder(nil), h.Orders...)
		c.ActiveDays = append([]time.Time(nil), h.ActiveDays...)
		hs = append(hs, c)
		return nil
	})
	return hs, err
}

// ErrNoOrders is returned by Refresh when the shop has no orders yet.
var ErrNoOrders = errors.New("predict: no customer has an order yet")

// Refresh fits every model on the store's data as of now, stores the run
// and replaces the predicted tags. The run starts at now; clock times it.
func Refresh(ctx context.Context, st rapport.PredictionStore, clock rapport.Clock, now time.Time, opts Options) (*rapport.ModelRun, error) {
	tick := clock.Now()
	if opts.Progress != nil {
		opts.Progress("load")
	}
	hs, err := LoadHistories(ctx, st)
	if err != nil {
		return nil, err
	}
	if len(hs) == 0 {
		return nil, ErrNoOrders
	}
	res, err := Run(hs, AsOfFor(hs, now), opts)
	if err != nil {
		return nil, err
	}
	if opts.Progress != nil {
		opts.Progress("save")
	}
	run, err := res.ModelRun(now, now.Add(clock.Now().Sub(tick)))
	if err != nil {
		return nil, err
	}
	if err := st.SaveModelRun(ctx, run, res.Tags); err != nil {
		return nil, fmt.Errorf("predict: save: %w", err)
	}
	return run, nil
}

// Scan is the periodic job: it refits when the latest run started
// RefitEvery or longer before now (or there is none), and does nothing
// otherwise, so calling it often, or on several nodes in turn, refits once
// a day. A shop without orders is not an error.
func Scan(st rapport.PredictionStore, clock rapport.Clock) func(ctx context.Context, now time.Time) error {
	return func(ctx context.Context, now time.Time) error {
		latest, err := st.LatestModelRun(ctx)
		switch {
		case err == nil && now.Sub(latest.StartedAt) < RefitEvery:
			return nil
		case err != nil && rapport.ErrorCode(err) != rapport.ENOTFOUND:
			return err
		}
		_, err = Refresh(ctx, st, clock, now, Options{})
		if errors.Is(err, ErrNoOrders) {
			return nil
		}
		return err
	}
}
