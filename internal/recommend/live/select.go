package live

import (
	"math"

	"github.com/viterin/vek/vek32"
)

// rerank applies the segment strategy (S0 §2.2): new customers get
// best-sellers blended in, potential customers a lift for the categories
// they browsed, high-value customers for premium items and new arrivals.
// The lifts are factors read during selection, not passes over the scores.
func (rk *ranking) rerank() {
	switch rk.segment {
	case SegmentNew:
		if rk.hist.Len() == 0 || rk.req.Scene != SceneHome {
			return
		}
		pop := rk.snap.pop.Of(rk.hist.Group)
		top := vek32.Max(pop)
		if top <= 0 {
			return
		}
		rk.pop, rk.liftScale = pop, bestSellerWeight/top
		for i, p := range pop {
			rk.scores[i] += p * rk.liftScale
		}
	case SegmentPotential:
		rk.catMul = make([]float32, len(rk.snap.cats))
		for c := range rk.catMul {
			rk.catMul[c] = 1
		}
		for _, id := range rk.v.recent {
			if i, ok := rk.snap.items.Lookup(id); ok {
				rk.catMul[rk.snap.cat[i]] = 1.2
			}
		}
	case SegmentHighValue:
		rk.itemMul = rk.snap.valueMul
	}
}

// maxLift is the largest factor a segment rerank applies during selection
// (premium × new arrival for a high-value customer).
const maxLift = 1.2 * 1.2

// bestSellerWeight is the share of normalised popularity added to a new
// customer's home scores.
const bestSellerWeight = 0.3

// candidate is an item of the page with its final score.
type candidate struct {
	item  int32
	score float32
}

// page selects, explains and describes the best items.
func (rk *ranking) page() []Item {
	rk.s.mu.RLock()
	defer rk.s.mu.RUnlock()
	out := make([]Item, 0, rk.req.N)
	for _, c := range rk.choose() {
		p := rk.snap.products[c.item]
		it := Item{ProductID: p.ID, Name: p.Name, Category: p.Category, Price: p.Price,
			Score: math.Round(float64(c.score)*1e4) / 1e4}
		it.Reason, it.Because = rk.words(rk.explain(c))
		if r, ok := rk.s.reviews[p.ID]; ok {
			it.Review = &r
		}
		out = append(out, it)
	}
	return out
}

// choose returns the page: the best eligible items, at most PerCategory of
// one category. It keeps the best few × N candidates in a bounded heap
// while scanning and widens the heap only if diversity rejected so many
// that the page is short while more candidates exist.
func (rk *ranking) choose() []candidate {
	limit := rk.s.settings().PerCategory
	width := rk.req.N * (limit + 4)
	for {
		cand := rk.best(width)
		page := make([]candidate, 0, rk.req.N)
		perCat := make([]int, len(rk.snap.cats))
		for _, c := range cand {
			cat := rk.snap.cat[c.item]
			if cat != 0 && perCat[cat] >= limit {
				continue
			}
			perCat[cat]++
			page = append(page, c)
			if len(page) == rk.req.N {
				return page
			}
		}
		if len(cand) < width {
			return page
		}
		width *= 4
	}
}

// best returns the width best eligible items, best first: positive score
// times the segment factors, not excluded (ties go to the lower index).
func (rk *ranking) best(width int) []candidate {
	h := make(topHeap, 0, width)
	cat, catMul, itemMul := rk.snap.cat, rk.catMul, rk.itemMul
	skip := rk.filter()
	floor := float32(0) // the root's score once the heap is full: lower scores cannot enter
	for i, s := range rk.scores {
		if !(s > 0) || s < floor {
			continue
		}
		if catMul != nil {
			s *= catMul[cat[i]]
		}
		if itemMul != nil {
			s *= itemMul[i]
		}
		if len(h) == width && !h.beats(s, int32(i)) {
			continue
		}
		if skip(int32(i)) {
			continue
		}
		h.offer(candidate{int32(i), s}, width)
		if len(h) == width {
			floor = h[0].score / (maxLift * 1.001) // a margin for rounding; beats decides exactly
		}
	}
	return h.sorted()
}

// filter returns whether an item may not be recommended to this request:
// excluded by the request or the shop, out of stock, the item being viewed,
// already touched (bought items of repeat categories excepted), outside the
// category or price bounds. Call it with the Service's read lock held.
func (rk *ranking) filter() func(int32) bool {
	var excluded map[string]bool
	if len(rk.req.Exclude) > 0 {
		excluded = make(map[string]bool, len(rk.req.Exclude))
		for _, id := range rk.req.Exclude {
			excluded[id] = true
		}
	}
	repeat := rk.s.settings().repeat
	return func(i int32) bool {
		p := &rk.snap.products[i]
		t, touched := rk.v.items[p.ID]
		a, flagged := rk.s.avail[p.ID]
		switch {
		case excluded[p.ID] || p.ID == rk.req.Item:
			return true
		case flagged && (a.Excluded || !a.InStock):
			return true
		case touched && (!t.bought || !repeat[p.Category] || t.weight < 0):
			return true
		case rk.req.Category != "" && p.Category != rk.req.Category:
			return true
		case rk.req.MinPrice > 0 && p.Price < rk.req.MinPrice, rk.req.MaxPrice > 0 && p.Price > rk.req.MaxPrice:
			return true
		}
		return false
	}
}

// topHeap is a bounded min-heap of candidates: its root is the worst kept,
// the lowest score and among equal scores the highest index.
type topHeap []candidate

func worse(a, b candidate) bool {
	if a.score != b.score {
		return a.score < b.score
	}
	return a.item > b.item
}

// beats reports whether a score at an index would displace the root.
func (h topHeap) beats(s float32, i int32) bool { return worse(h[0], candidate{i, s}) }

// offer adds c, dropping the root if the heap holds width items.
func (h *topHeap) offer(c candidate, width int) {
	if len(*h) < width {
		*h = append(*h, c)
		h.up(len(*h) - 1)
		return
	}
	(*h)[0] = c
	h.down(0, len(*h))
}

func (h topHeap) up(j int) {
	for j > 0 {
		i := (j - 1) / 2
		if !worse(h[j], h[i]) {
			return
		}
		h[i], h[j] = h[j], h[i]
		j = i
	}
}

func (h topHeap) down(i, n int) {
	for {
		j := 2*i + 1
		if j >= n {
			return
		}
		if r := j + 1; r < n && worse(h[r], h[j]) {
			j = r
		}
		if !worse(h[j], h[i]) {
			return
		}
		h[i], h[j] = h[j], h[i]
		i = j
	}
}

// sorted empties the heap into a slice, best first.
func (h topHeap) sorted() []candidate {
	out := make([]candidate, len(h))
	for n := len(h); n > 0; n-- {
		out[n-1] = h[0]
		h[0] = h[n-1]
		h.down(0, n-1)
	}
	return out
}
