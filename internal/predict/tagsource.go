package predict

import (
	"context"
	"sync"

	"github.com/rapport-cx/rapport"
)

// TagSource hands a customer's predicted tags to segment rules under the
// paths "predicted.*", "rfm.*" and "cluster.id" (it satisfies
// segment.TagSource). A customer without tags, or a failed read, gives nil,
// so rules on those paths do not match them.
//
// Segment rules ask for every customer they evaluate, so tags read once are
// kept in memory until a newer model run is stored: Refresh, called before
// each batch of evaluations, looks for one.
type TagSource struct {
	store rapport.PredictionStore

	mu    sync.Mutex
	runID int64
	cache map[string]map[string]any
}

// NewTagSource returns a TagSource reading st.
func NewTagSource(st rapport.PredictionStore) *TagSource {
	return &TagSource{store: st, cache: make(map[string]map[string]any)}
}

// Refresh empties the cache when a newer model run has been stored.
func (s *TagSource) Refresh(ctx context.Context) {
	runs, err := s.store.ModelRuns(ctx, 1)
	if err != nil || len(runs) == 0 {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if runs[0].ID != s.runID {
		s.runID, s.cache = runs[0].ID, make(map[string]map[string]any)
	}
}

// Tags returns the customer's tags by rule path.
func (s *TagSource) Tags(customerID string) map[string]any {
	s.mu.Lock()
	defer s.mu.Unlock()
	if m, ok := s.cache[customerID]; ok {
		return m
	}
	t, err := s.store.PredictedTags(context.Background(), customerID)
	if err != nil {
		if rapport.ErrorCode(err) == rapport.ENOTFOUND {
			s.cache[customerID] = nil
		}
		return nil
	}
	m := TagPaths(t)
	s.cache[customerID] = m
	return m
}

// TagPaths lays out predicted tags by the field paths segment rules use.
// Numbers are float64, as rules compare them.
func TagPaths(t *rapport.PredictedTags) map[string]any {
	m := map[string]any{
		"predicted.churn_probability":      t.ChurnProbability,
		"predicted.expected_purchases_90d": t.ExpectedPurchases90,
		"predicted.expected_value_90d":     t.ExpectedValue90,
		"predicted.probability_alive":      t.ProbabilityAlive,
		"rfm.r":                            float64(t.Recency),
		"rfm.f":                            float64(t.Frequency),
		"rfm.m":                            float64(t.Monetary),
		"rfm.segment":                      t.RFMSegment,
	}
	if t.NextCategory != "" {
		m["predicted.next_category"] = t.NextCategory
	}
	if t.Cluster > 0 {
		m["cluster.id"] = float64(t.Cluster)
	}
	return m
}
