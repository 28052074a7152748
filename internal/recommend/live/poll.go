package live

import (
	"context"
	"time"

	"github.com/rapport-cx/rapport"
)

// Poll makes this node serve what another node stored: a model with a newer
// version than the live one is loaded and swapped in atomically (requests
// in flight finish on the old one), and changed settings apply. It reports
// whether the model changed.
func (s *Service) Poll(ctx context.Context) (bool, error) {
	if err := s.loadSettings(ctx); err != nil {
		return false, err
	}
	v, err := s.cfg.Store.RecommendModelVersion(ctx)
	switch {
	case rapport.ErrorCode(err) == rapport.ENOTFOUND:
		return false, nil
	case err != nil:
		return false, err
	}
	if live := s.snap.Load(); live != nil && live.meta.Version >= v {
		return false, nil
	}
	s.trainMu.Lock() // not while this node is swapping in its own model
	defer s.trainMu.Unlock()
	m, err := s.cfg.Store.LoadRecommendModel(ctx)
	if err != nil {
		return false, err
	}
	if live := s.snap.Load(); live != nil && live.meta.Version >= m.Version {
		return false, nil
	}
	snap, err := decodeSnapshot(m)
	if err != nil {
		return false, err
	}
	s.snap.Store(snap)
	s.log.Info("recommendation model loaded from the store", "model", m.Kind, "version", m.Version, "trained_at", m.TrainedAt)
	return true, s.loadReviews(ctx)
}

// pollLoop runs Poll every PollEvery until ctx ends.
func (s *Service) pollLoop(ctx context.Context) {
	defer s.wg.Done()
	tick := time.NewTicker(s.cfg.PollEvery)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
			if _, err := s.Poll(ctx); err != nil && ctx.Err() == nil {
				s.log.Warn("recommendation poll", "err", err)
			}
		}
	}
}
