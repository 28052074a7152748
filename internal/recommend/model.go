package recommend

import (
	"container/heap"
	"context"
	"math"
)

// Model is a recommendation model: fitted on an interaction matrix, it
// scores every item for a history.
type Model interface {
	// Name identifies the model kind and its parameters, for reports.
	Name() string
	// Fit learns from the matrix; it may be called again to refit.
	Fit(ctx context.Context, x *Matrix) error
	// Score writes the score of every item for the history into dst
	// (len(dst) = number of items of the fitted matrix). Higher is better.
	// It is safe for concurrent use after Fit.
	Score(h History, dst []float32)
}

// Scored is an item with its score.
type Scored struct {
	Item  int32
	Score float32
}

// TopN returns the n best items of scores, best first, skipping items for
// which skip returns true (nil skips nothing) and items scored -Inf or NaN.
// Ties go to the lower index.
func TopN(scores []float32, n int, skip func(item int32) bool) []Scored {
	if n <= 0 {
		return nil
	}
	h := make(minHeap, 0, n)
	for i, s := range scores {
		if math.IsNaN(float64(s)) || math.IsInf(float64(s), -1) {
			continue
		}
		if len(h) == n && s <= h[0].Score {
			continue
		}
		if skip != nil && skip(int32(i)) {
			continue
		}
		if len(h) < n {
			heap.Push(&h, Scored{int32(i), s})
		} else {
			h[0] = Scored{int32(i), s}
			heap.Fix(&h, 0)
		}
	}
	out := make([]Scored, len(h))
	for i := len(h) - 1; i >= 0; i-- {
		out[i] = heap.Pop(&h).(Scored)
	}
	return out
}

// minHeap keeps the worst of the best n at the root: lowest score, and among
// equal scores the highest index.
type minHeap []Scored

func (h minHeap) Len() int { return len(h) }
func (h minHeap) Less(i, j int) bool {
	if h[i].Score != h[j].Score {
		return h[i].Score < h[j].Score
	}
	return h[i].Item > h[j].Item
}
func (h minHeap) Swap(i, j int) { h[i], h[j] = h[j], h[i] }
func (h *minHeap) Push(x any)   { *h = append(*h, x.(Scored)) }
func (h *minHeap) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}
