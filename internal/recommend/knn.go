package recommend

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"runtime"
	"slices"
	"sync"
)

// ItemKNN is item-item nearest neighbours on the co-occurrence of items in
// users' rows. The similarity of items i and j is the shrunk cosine
//
//	sim(i, j) = Σ_u x_ui·x_uj / (‖x_i‖·‖x_j‖ + Shrinkage)
//
// over the columns of the matrix (weighted, or 0/1 with Binary). Each item
// keeps its Neighbors most similar items. A history scores item i as
// Σ_{j in history} v_j·sim(j, i). Fitted on purchases only, the neighbours
// are "bought together"; on all events, "similar".
type ItemKNN struct {
	Neighbors int     // neighbours kept per item; 0 keeps all
	Shrinkage float32 // added to the cosine's denominator; damps rare pairs
	Binary    bool    // use 0/1 instead of the interaction weights

	items int
	nbrs  [][]Scored // nbrs[j]: the items most similar to j, best first
}

// Name implements Model.
func (m *ItemKNN) Name() string {
	return fmt.Sprintf("item-knn(k=%d,shrink=%g)", m.Neighbors, m.Shrinkage)
}

// Fit implements Model.
func (m *ItemKNN) Fit(ctx context.Context, x *Matrix) error {
	xt := x.Transpose()
	norms := make([]float32, x.Items)
	for i := range norms {
		_, vals := xt.Row(i)
		var s float64
		for _, v := range vals {
			v := m.value(v)
			s += float64(v * v)
		}
		norms[i] = float32(math.Sqrt(s))
	}
	m.items = x.Items
	m.nbrs = make([][]Scored, x.Items)
	return parallel(ctx, x.Items, func(lo, hi int) {
		acc := make([]float32, x.Items)
		var touched []int32
		for i := lo; i < hi; i++ {
			touched = m.cooccur(x, xt, i, acc, touched[:0])
			m.nbrs[i] = m.neighbours(i, acc, touched, norms)
		}
	})
}

func (m *ItemKNN) value(v float32) float32 {
	if m.Binary {
		if v > 0 {
			return 1
		}
		return 0
	}
	return v
}

// cooccur accumulates Σ_u x_ui·x_uj into acc for every j sharing a user with i.
func (m *ItemKNN) cooccur(x, xt *Matrix, i int, acc []float32, touched []int32) []int32 {
	users, uvals := xt.Row(i)
	for k, u := range users {
		a := m.value(uvals[k])
		items, vals := x.Row(int(u))
		for l, j := range items {
			if int(j) == i {
				continue
			}
			if acc[j] == 0 {
				touched = append(touched, j)
			}
			acc[j] += a * m.value(vals[l])
		}
	}
	return touched
}

// neighbours turns the co-occurrence sums of item i into its kept
// neighbours and clears acc.
func (m *ItemKNN) neighbours(i int, acc []float32, touched []int32, norms []float32) []Scored {
	cand := make([]Scored, 0, len(touched))
	for _, j := range touched {
		if d := norms[i]*norms[j] + m.Shrinkage; d > 0 && acc[j] != 0 {
			cand = append(cand, Scored{j, acc[j] / d})
		}
		acc[j] = 0
	}
	n := m.Neighbors
	if n <= 0 || n > len(cand) {
		n = len(cand)
	}
	return topScored(cand, n)
}

// topScored returns the n best of cand, best first (ties: lower item).
func topScored(cand []Scored, n int) []Scored {
	slices.SortFunc(cand, func(a, b Scored) int {
		return cmp.Or(cmp.Compare(b.Score, a.Score), cmp.Compare(a.Item, b.Item))
	})
	return slices.Clip(cand[:n])
}

// NeighborsOf returns the items most similar to item, best first.
func (m *ItemKNN) NeighborsOf(item int32) []Scored {
	if int(item) >= len(m.nbrs) || item < 0 {
		return nil
	}
	return m.nbrs[item]
}

// Similarity returns sim(i, j) if j is among i's kept neighbours, else 0.
func (m *ItemKNN) Similarity(i, j int32) float32 {
	for _, s := range m.NeighborsOf(i) {
		if s.Item == j {
			return s.Score
		}
	}
	return 0
}

// Score implements Model.
func (m *ItemKNN) Score(h History, dst []float32) {
	clear(dst)
	for k, j := range h.Items {
		v := h.Values[k]
		for _, s := range m.NeighborsOf(j) {
			dst[s.Item] += v * s.Score
		}
	}
}

// parallel runs fn over [0, n) split into chunks on every core.
func parallel(ctx context.Context, n int, fn func(lo, hi int)) error {
	workers := runtime.GOMAXPROCS(0)
	chunk := max(1, min(256, (n+workers-1)/workers))
	var next int
	var mu sync.Mutex
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for ctx.Err() == nil {
				mu.Lock()
				lo := next
				next += chunk
				mu.Unlock()
				if lo >= n {
					return
				}
				fn(lo, min(n, lo+chunk))
			}
		}()
	}
	wg.Wait()
	return ctx.Err()
}
