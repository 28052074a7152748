package live

import (
	"context"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"github.com/rapport-cx/rapport"
	"github.com/rapport-cx/rapport/internal/recommend"
)

// defaultMaxEASEItems bounds EASE in a serving node: its fit holds two dense
// items × items float64 matrices, 2·8·n² bytes, 100 MB at 2,500 items and
// 6.4 GB at 20,000, which a node ingesting events must not spend. Larger
// catalogues use iALS and item-KNN; `rapport eval recommend` still fits
// EASE offline on any size.
const defaultMaxEASEItems = 2_500

// Config sets up a Service; zero fields take the defaults of New.
type Config struct {
	Store  Store
	Clock  rapport.Clock
	Logger *slog.Logger

	// Defaults of the shop's settings (rapport.RecommendSettings), used
	// until settings are saved.
	Weights          recommend.Weights // default recommend.DefaultWeights
	RepeatCategories []string          // categories whose items may be recommended again after purchase (consumables)
	PerCategory      int               // diversity: at most this many items of one category per page; default 3
	MaxEASEItems     int               // EASE is tried up to this catalogue size; default 2,500 (see defaultMaxEASEItems)
	RetrainEvery     time.Duration     // scheduled retrain; default 24 h

	HalfLife      time.Duration // popularity decay; default 30 days
	Factors       int           // iALS dimension; default 64
	RetrainGrowth float64       // retrain when interactions grew by this share; default 0.1
	Tolerance     float64       // a new model goes live if validation ≥ live − Tolerance; default 0
	PollEvery     time.Duration // how often a node checks the store for a newer model or settings; default 30 s
}

// Store is what the Service reads and writes.
type Store interface {
	rapport.RecommendStore
	Product(ctx context.Context, id string) (*rapport.Product, error)
}

// Service serves recommendations and keeps them fresh.
type Service struct {
	cfg     Config
	log     *slog.Logger
	snap    atomic.Pointer[snapshot]
	set     atomic.Pointer[active]
	vectors *vectorCache
	hist    *histories
	mu      sync.RWMutex
	avail   map[string]rapport.ItemAvailability
	reviews map[string]rapport.Review
	trainMu sync.Mutex
	served  chan rapport.RecommendationServed
	events  chan []*rapport.Event
	wg      sync.WaitGroup
}

// New returns a Service; call Start before serving.
func New(cfg Config) *Service {
	if cfg.Clock == nil {
		cfg.Clock = rapport.SystemClock{}
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	if cfg.Weights == nil {
		cfg.Weights = recommend.DefaultWeights
	}
	if cfg.PerCategory <= 0 {
		cfg.PerCategory = 3
	}
	if cfg.HalfLife <= 0 {
		cfg.HalfLife = 30 * 24 * time.Hour
	}
	if cfg.Factors <= 0 {
		cfg.Factors = 64
	}
	if cfg.MaxEASEItems <= 0 {
		cfg.MaxEASEItems = defaultMaxEASEItems
	}
	if cfg.RetrainEvery <= 0 {
		cfg.RetrainEvery = 24 * time.Hour
	}
	if cfg.RetrainGrowth <= 0 {
		cfg.RetrainGrowth = 0.1
	}
	if cfg.PollEvery <= 0 {
		cfg.PollEvery = 30 * time.Second
	}
	s := &Service{cfg: cfg, log: cfg.Logger, hist: newHistories(), vectors: newVectorCache(maxCachedVectors),
		avail: map[string]rapport.ItemAvailability{}, reviews: map[string]rapport.Review{},
		served: make(chan rapport.RecommendationServed, 4096), events: make(chan []*rapport.Event, 1024)}
	s.set.Store(newActive(cfg.defaultSettings()))
	return s
}

// Start loads the histories, availability, reviews and the persisted model
// (training one if there is none), then folds committed events and writes
// the served log in the background until ctx ends.
func (s *Service) Start(ctx context.Context) error {
	if err := s.loadSettings(ctx); err != nil {
		return err
	}
	if err := s.loadServed(ctx); err != nil {
		return err
	}
	if err := s.CatchUp(ctx); err != nil {
		return err
	}
	if err := s.loadAvailability(ctx); err != nil {
		return err
	}
	s.wg.Add(3)
	go s.foldLoop(ctx)
	go s.logLoop(ctx)
	go s.pollLoop(ctx)
	m, err := s.cfg.Store.LoadRecommendModel(ctx)
	switch {
	case err == nil:
		snap, err := decodeSnapshot(m)
		if err != nil {
			return err
		}
		s.snap.Store(snap)
	case rapport.ErrorCode(err) == rapport.ENOTFOUND:
		if _, err := s.Retrain(ctx, s.cfg.Clock.Now(), true); err != nil {
			return err
		}
	default:
		return err
	}
	return s.loadReviews(ctx)
}

// Online returns the online measurement of recommendations.
func (s *Service) Online() OnlineMetrics {
	s.hist.mu.RLock()
	defer s.hist.mu.RUnlock()
	return s.hist.online.report()
}

// recordServed counts a served list and queues it for the store.
func (s *Service) recordServed(r rapport.RecommendationServed) {
	s.hist.mu.Lock()
	s.hist.online.serve(r)
	s.hist.mu.Unlock()
	select {
	case s.served <- r:
	default:
		s.log.Warn("recommendation log queue full; list not stored", "request_id", r.RequestID)
	}
}

// loadServed counts the lists served before this process started.
func (s *Service) loadServed(ctx context.Context) error {
	list, err := s.cfg.Store.RecommendationsServed(ctx, time.Time{})
	if err != nil {
		return err
	}
	s.hist.mu.Lock()
	defer s.hist.mu.Unlock()
	for _, r := range list {
		s.hist.online.serve(r)
	}
	return nil
}

// Wait returns when the background goroutines of Start have ended.
func (s *Service) Wait() { s.wg.Wait() }

// CatchUp folds every stored interaction event not yet folded.
func (s *Service) CatchUp(ctx context.Context) error {
	for {
		s.hist.mu.RLock()
		after := s.hist.lastSeq
		s.hist.mu.RUnlock()
		events, err := s.cfg.Store.EventsAfter(ctx, after, nil, 10_000)
		if err != nil {
			return err
		}
		if len(events) == 0 {
			return nil
		}
		batch := make([]*rapport.Event, len(events))
		for i := range events {
			batch[i] = &events[i]
		}
		s.hist.fold(batch)
		s.observeSide(batch)
	}
}

// Committed is the ingest hook: it hands committed events to the folding
// goroutine without blocking the writer (a full queue drops the group; the
// next CatchUp folds it from the store).
func (s *Service) Committed(events []*rapport.Event) {
	select {
	case s.events <- events:
	default:
		s.log.Warn("recommendation fold queue full; events will be folded at the next catch-up", "events", len(events))
	}
}

func (s *Service) foldLoop(ctx context.Context) {
	defer s.wg.Done()
	for {
		select {
		case <-ctx.Done():
			return
		case batch := <-s.events:
			stored := batch[:0:0]
			for _, e := range batch {
				if e.Seq != 0 {
					stored = append(stored, e)
				}
			}
			s.hist.fold(stored)
			s.observeSide(stored)
		}
	}
}

// observeSide keeps reviews and stock flags current from events.
func (s *Service) observeSide(events []*rapport.Event) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, e := range events {
		if e.Type != rapport.TypeTrack {
			continue
		}
		id := productID(e.Properties)
		if e.Name == rapport.EventProductReviewed && id != "" && num(e.Properties["rating"]) >= 4 {
			body := firstString(e.Properties, "review_body", "body", "text")
			old, ok := s.reviews[id]
			if !ok || num(e.Properties["rating"]) > old.Rating ||
				(num(e.Properties["rating"]) == old.Rating && len(body) > len(old.Body)) {
				s.reviews[id] = rapport.Review{ProductID: id, CustomerID: e.CustomerID, Rating: num(e.Properties["rating"]),
					Title: firstString(e.Properties, "title", "summary"), Body: body, CreatedAt: e.Timestamp}
			}
		}
		if v, ok := e.Properties["in_stock"].(bool); ok && id != "" {
			a := s.avail[id]
			a.ProductID, a.InStock, a.UpdatedAt = id, v, e.Timestamp
			s.avail[id] = a
		}
	}
}

func firstString(p map[string]any, keys ...string) string {
	for _, k := range keys {
		if v, ok := p[k].(string); ok && v != "" {
			return v
		}
	}
	return ""
}

func (s *Service) loadAvailability(ctx context.Context) error {
	list, err := s.cfg.Store.ItemAvailabilities(ctx)
	if err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, a := range list {
		s.avail[a.ProductID] = a
	}
	return nil
}

// loadReviews caches the best positive review of every known item.
func (s *Service) loadReviews(ctx context.Context) error {
	snap := s.snap.Load()
	if snap == nil {
		return nil
	}
	ids := make([]string, snap.items.Len())
	for i := range ids {
		ids[i] = snap.items.Key(int32(i))
	}
	best, err := s.cfg.Store.BestReviews(ctx, ids, 4)
	if err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for id, r := range best {
		s.reviews[id] = r
	}
	return nil
}

// SetAvailability records whether an item may be recommended; it applies
// to the next request.
func (s *Service) SetAvailability(ctx context.Context, a rapport.ItemAvailability) error {
	if a.UpdatedAt.IsZero() {
		a.UpdatedAt = s.cfg.Clock.Now()
	}
	if err := s.cfg.Store.SetItemAvailability(ctx, a); err != nil {
		return err
	}
	s.mu.Lock()
	s.avail[a.ProductID] = a
	s.mu.Unlock()
	return nil
}

// Status is the live model's description.
func (s *Service) Status() (rapport.RecommendModel, bool) {
	snap := s.snap.Load()
	if snap == nil {
		return rapport.RecommendModel{}, false
	}
	return snap.meta, true
}

// Retrain is the scheduled scan: it retrains if force, if there is no live
// model, if the live model is older than RetrainEvery or if the histories
// grew by RetrainGrowth since; the new model goes live (and is persisted)
// only if its validation nDCG@10 is not worse than the live one's by more
// than Tolerance. It reports whether a new model went live.
func (s *Service) Retrain(ctx context.Context, now time.Time, force bool) (bool, error) {
	s.trainMu.Lock()
	defer s.trainMu.Unlock()
	if err := s.CatchUp(ctx); err != nil {
		return false, err
	}
	live := s.snap.Load()
	s.hist.mu.RLock()
	seq := s.hist.lastSeq
	s.hist.mu.RUnlock()
	catalogue, err := s.cfg.Store.Catalogue(ctx)
	if err != nil {
		return false, err
	}
	set := s.settings()
	d := s.hist.collect(catalogue, set.weights, s.cfg.HalfLife, now)
	if !force && live != nil && now.Sub(live.meta.TrainedAt) < set.retrainEvery() &&
		float64(d.all.NNZ()) < float64(live.meta.Interactions)*(1+s.cfg.RetrainGrowth) {
		return false, nil
	}
	if d.all.Users == 0 || d.all.Items == 0 {
		return false, nil
	}
	snap, err := s.train(ctx, d, catalogue, now)
	if err != nil {
		return false, fmt.Errorf("retrain recommendations: %w", err)
	}
	snap.meta.LastSeq = seq
	if live != nil && snap.meta.Validation < live.meta.Validation-s.cfg.Tolerance {
		s.log.Info("recommendation model kept: the new one validates worse",
			"live", live.meta.Kind, "live_ndcg10", live.meta.Validation, "new", snap.meta.Kind, "new_ndcg10", snap.meta.Validation)
		return false, nil
	}
	data, err := snap.encode()
	if err != nil {
		return false, err
	}
	m := snap.meta
	m.Data = data
	if err := s.cfg.Store.SaveRecommendModel(ctx, &m); err != nil {
		return false, err
	}
	snap.meta.Version = m.Version
	s.snap.Store(snap)
	s.log.Info("recommendation model live", "model", snap.meta.Kind, "validation_ndcg10", snap.meta.Validation,
		"users", snap.meta.Users, "items", snap.meta.Items, "interactions", snap.meta.Interactions)
	return true, nil
}

// Scan is Retrain in the shape of a periodic job.
func (s *Service) Scan(ctx context.Context, now time.Time) error {
	_, err := s.Retrain(ctx, now, false)
	return err
}

// logLoop writes served lists to the store, as many as are queued in one
// transaction (at most maxLogBatch).
func (s *Service) logLoop(ctx context.Context) {
	defer s.wg.Done()
	for {
		var batch []rapport.RecommendationServed
		select {
		case <-ctx.Done():
			return
		case r := <-s.served:
			batch = append(batch, r)
		}
	drain:
		for len(batch) < maxLogBatch {
			select {
			case r := <-s.served:
				batch = append(batch, r)
			default:
				break drain
			}
		}
		if err := s.cfg.Store.LogRecommendations(context.WithoutCancel(ctx), batch); err != nil {
			s.log.Warn("log recommendations", "lists", len(batch), "err", err)
		}
	}
}

// maxLogBatch bounds the served lists written in one transaction.
const maxLogBatch = 1000
