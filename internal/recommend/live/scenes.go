package live

import (
	"context"
	"math"
	"strings"

	"github.com/viterin/vek/vek32"

	"github.com/rapport-cx/rapport"
	"github.com/rapport-cx/rapport/internal/recommend"
)

// ranking computes one page. Scores live in pooled catalogue-sized
// buffers; reasons are kept only for the few items a scene ties to another
// item (why) and worked out for the items of the page (explain.go).
type ranking struct {
	ctx     context.Context
	s       *Service
	snap    *snapshot
	req     Request
	v       view
	hist    recommend.History
	segment string
	model   string
	buf     *buffers
	scores  []float32

	why       map[int32]why // reasons of items scored through a neighbour list
	fallback  why           // reason of every other scored item (category neighbours)
	personal  bool          // home scores from the main model: explain by similarity to the history
	search    string        // cold visitor's last search, lower case
	pop       []float32     // new-segment rerank: popularity, added × liftScale to each score
	liftScale float32
	catMul    []float32 // potential-segment rerank: factor by category index
	itemMul   []float32 // high-value rerank: factor by item
}

// why is the reason of one item and the item it refers to (-1 if none).
type why struct {
	kind    reasonKind
	because int32
}

type reasonKind uint8

const (
	reasonPopular reasonKind = iota
	reasonViewed
	reasonCarted
	reasonBought
	reasonTogether
	reasonSimilar
	reasonCategory
	reasonSearch
	reasonBestSeller
	reasonNew
)

// buffers are the catalogue-sized arrays of one request, reused so that
// serving allocates nothing proportional to the catalogue. The free list is
// a channel rather than a sync.Pool: a pool is emptied at every garbage
// collection, and each refill at 100,000 items is 800 KB of fresh pages
// whose first writes fault (that cost more than the scan itself).
type buffers struct {
	scores, aux []float32
}

var freeBuffers = make(chan *buffers, 64)

func getBuffers(n int) *buffers {
	select {
	case b := <-freeBuffers:
		if len(b.scores) == n {
			return b
		}
	default:
	}
	return &buffers{scores: make([]float32, n), aux: make([]float32, n)}
}

func (s *Service) newRanking(ctx context.Context, snap *snapshot, r Request) *ranking {
	v := s.hist.view(r.CustomerID, s.settings().weights)
	rk := &ranking{ctx: ctx, s: s, snap: snap, req: r, v: v, hist: snap.history(v), buf: getBuffers(len(snap.products)),
		fallback: why{reasonPopular, -1}}
	rk.scores = rk.buf.scores
	rk.segment = snap.segment(v)
	return rk
}

// release returns the buffers to the pool.
func (rk *ranking) release() {
	select {
	case freeBuffers <- rk.buf:
	default:
	}
	rk.buf, rk.scores = nil, nil
}

// run scores, reranks and returns the page.
func (rk *ranking) run() []Item {
	switch rk.req.Scene {
	case SceneProduct:
		rk.productScene()
	case SceneCart:
		rk.togetherScene(func(t touch) bool { return t.cart })
	case ScenePostPurchase:
		rk.togetherScene(func(t touch) bool { return t.bought })
	default:
		rk.homeScene()
	}
	rk.rerank()
	return rk.page()
}

// history is a customer's live state as a model input.
func (snap *snapshot) history(v view) recommend.History {
	h := recommend.History{Group: -1}
	for _, id := range sortedKeys(v.items) {
		if i, ok := snap.items.Lookup(id); ok && v.items[id].weight != 0 {
			h.Items = append(h.Items, i)
			h.Values = append(h.Values, v.items[id].weight)
		}
	}
	if g, ok := snap.regions.Lookup(v.region); ok {
		h.Group = g
	}
	return h
}

func (snap *snapshot) segment(v view) string {
	switch {
	case v.orders == 0:
		return SegmentNew
	case v.revenue >= snap.highValue:
		return SegmentHighValue
	}
	return SegmentPotential
}

// homeScene scores with the main model, or popularity for a cold customer
// (with a boost for their searches).
func (rk *ranking) homeScene() {
	if rk.hist.Len() == 0 {
		rk.cold()
		return
	}
	rk.model = rk.snap.meta.Kind
	rk.s.scoreMain(rk.snap, rk.req.CustomerID, rk.v.version, rk.hist, rk.scores)
	normalise(rk.scores)
	rk.personal = true
}

// cold ranks for a customer without known items: popularity among their
// region's customers, lifted for items matching their searches.
func (rk *ranking) cold() {
	rk.model = rk.snap.pop.Name()
	copy(rk.scores, rk.snap.pop.Of(rk.hist.Group))
	normalise(rk.scores)
	if len(rk.v.searches) == 0 {
		return
	}
	rk.search = strings.ToLower(rk.v.searches[len(rk.v.searches)-1])
	for i, text := range rk.snap.text {
		if matches(text, rk.search) {
			rk.scores[i] += 1
		}
	}
}

func matches(text, query string) bool {
	for _, w := range strings.Fields(query) {
		if len(w) > 1 && strings.Contains(text, w) {
			return true
		}
	}
	return strings.Contains(text, query)
}

// productScene: items similar to the viewed one; for a new item without
// neighbours, the best of its category (and brand).
func (rk *ranking) productScene() {
	it, ok := rk.snap.items.Lookup(rk.req.Item)
	nbrs := rk.snap.similar.NeighborsOf(it)
	rk.model = rk.snap.similar.Name()
	if !ok || len(nbrs) == 0 {
		rk.categoryNeighbours(it, ok)
		return
	}
	clear(rk.scores)
	rk.why = make(map[int32]why, len(nbrs))
	for _, nb := range nbrs {
		rk.scores[nb.Item] = nb.Score
		rk.why[nb.Item] = why{reasonSimilar, it}
	}
	normalise(rk.scores)
	rk.blendPersonal(0.2)
}

// categoryNeighbours is the cold start of a new item.
func (rk *ranking) categoryNeighbours(it int32, known bool) {
	rk.model = "category-neighbours"
	clear(rk.scores)
	var p rapport.Product
	if known {
		p = rk.snap.products[it]
	} else if q, err := rk.s.cfg.Store.Product(rk.ctx, rk.req.Item); err == nil {
		p = *q
	}
	if p.Category == "" {
		return
	}
	rk.fallback = why{reasonCategory, it}
	pop := rk.snap.pop.Of(-1)
	top := vek32.Max(pop)
	for _, i := range rk.sameCategory(p.Category) {
		if i == it {
			continue
		}
		q := rk.snap.products[i]
		s := float32(0.5)
		if top > 0 {
			s += 0.5 * pop[i] / top
		}
		if p.Brand != "" && q.Brand == p.Brand {
			s += 0.25
		}
		if p.Price > 0 && q.Price > 0 {
			s += 0.25 * float32(math.Exp(-math.Abs(math.Log(q.Price/p.Price))))
		}
		rk.scores[i] = s
	}
}

// sameCategory returns the items of a category.
func (rk *ranking) sameCategory(name string) []int32 {
	for c, n := range rk.snap.cats {
		if n == name {
			return rk.snap.byCat[c]
		}
	}
	return nil
}

// togetherScene: items bought together with the selected items of the
// customer (cart or purchases), plus the request's item.
func (rk *ranking) togetherScene(pick func(touch) bool) {
	rk.model = rk.snap.together.Name()
	var seeds []int32
	for _, id := range sortedKeys(rk.v.items) {
		if pick(rk.v.items[id]) {
			if i, ok := rk.snap.items.Lookup(id); ok {
				seeds = append(seeds, i)
			}
		}
	}
	if i, ok := rk.snap.items.Lookup(rk.req.Item); ok && rk.req.Item != "" {
		seeds = append(seeds, i)
	}
	clear(rk.scores)
	rk.why = map[int32]why{}
	best := map[int32]float32{}
	for _, j := range seeds {
		for _, nb := range rk.snap.together.NeighborsOf(j) {
			rk.scores[nb.Item] += nb.Score
			if nb.Score > best[nb.Item] {
				best[nb.Item], rk.why[nb.Item] = nb.Score, why{reasonTogether, j}
			}
		}
	}
	if len(best) == 0 {
		rk.why = nil
		rk.homeScene()
		return
	}
	normalise(rk.scores)
	rk.blendPersonal(0.2)
}

// blendPersonal adds w × the main model's normalised score for the customer
// to the items the scene scored.
func (rk *ranking) blendPersonal(w float32) {
	if rk.hist.Len() == 0 {
		return
	}
	personal := rk.buf.aux
	rk.s.scoreMain(rk.snap, rk.req.CustomerID, rk.v.version, rk.hist, personal)
	normalise(personal)
	for i := range rk.why {
		if rk.scores[i] > 0 {
			rk.scores[i] += w * personal[i]
		}
	}
}

// normalise divides x by its maximum if that is positive.
func normalise(x []float32) {
	if len(x) == 0 {
		return
	}
	if hi := vek32.Max(x); hi > 0 {
		vek32.MulNumber_Inplace(x, 1/hi)
	}
}
