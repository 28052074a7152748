package live

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"math"
	"strings"

	"github.com/rapport-cx/rapport"
	"github.com/rapport-cx/rapport/internal/recommend"
)

// Scenes of the recommendations API.
const (
	SceneHome         = "home"
	SceneProduct      = "product"
	SceneCart         = "cart"
	ScenePostPurchase = "post_purchase"
)

// Segments of the rerank strategy (S0 §2.2).
const (
	SegmentNew       = "new"        // no order yet: best-sellers
	SegmentPotential = "potential"  // has ordered: items near what they browsed
	SegmentHighValue = "high_value" // top revenue: premium and new arrivals
)

// Request asks for one page of recommendations.
type Request struct {
	CustomerID string   // profile id, or "anon:<anonymousId>" for a visitor
	Scene      string   // home, product, cart or post_purchase
	Item       string   // the product of the product scene (optional elsewhere)
	N          int      // page size, default 10, at most 100
	Exclude    []string // product ids never to return
	Category   string   // only this category
	MinPrice   float64  // only items at or above (0: no bound)
	MaxPrice   float64  // only items at or below (0: no bound)
	Lang       string   // "zh" or "en" for reasons
}

// Item is one recommended product.
type Item struct {
	ProductID string          `json:"product_id"`
	Name      string          `json:"name,omitempty"`
	Category  string          `json:"category,omitempty"`
	Price     float64         `json:"price"`
	Score     float64         `json:"score"`
	Reason    string          `json:"reason"`
	Because   string          `json:"because,omitempty"` // the product the reason refers to
	Review    *rapport.Review `json:"review,omitempty"`
}

// Response is a page of recommendations.
type Response struct {
	RequestID string `json:"request_id"`
	Scene     string `json:"scene"`
	Model     string `json:"model"`
	Segment   string `json:"segment"`
	Items     []Item `json:"items"`
}

// Recommend returns a page of recommendations and logs it for attribution.
func (s *Service) Recommend(ctx context.Context, r Request) (*Response, error) {
	if err := r.check(); err != nil {
		return nil, err
	}
	snap := s.snap.Load()
	if snap == nil {
		return nil, rapport.Errorf(rapport.EOVERLOADED, "no recommendation model is ready yet")
	}
	v := s.hist.view(r.CustomerID)
	rk := &ranking{ctx: ctx, s: s, snap: snap, req: r, v: v, hist: snap.history(v, s.cfg.Weights)}
	rk.segment = snap.segment(v)
	rk.score()
	items := rk.page()
	resp := &Response{RequestID: newRequestID(), Scene: r.Scene, Model: rk.model, Segment: rk.segment, Items: items}
	ids := make([]string, len(items))
	for i, it := range items {
		ids[i] = it.ProductID
	}
	s.recordServed(rapport.RecommendationServed{RequestID: resp.RequestID, CustomerID: r.CustomerID, Scene: r.Scene,
		Model: rk.model, Items: ids, ServedAt: s.cfg.Clock.Now()})
	return resp, nil
}

func (r *Request) check() error {
	switch r.Scene {
	case "":
		r.Scene = SceneHome
	case SceneHome, SceneProduct, SceneCart, ScenePostPurchase:
	default:
		return rapport.FieldErrorf("scene", "must be home, product, cart or post_purchase, got %q", r.Scene)
	}
	if r.Scene == SceneProduct && r.Item == "" {
		return rapport.FieldErrorf("item", "the product scene needs the item being viewed")
	}
	if r.N == 0 {
		r.N = 10
	}
	if r.N < 0 || r.N > 100 {
		return rapport.FieldErrorf("n", "must be between 1 and 100, got %d", r.N)
	}
	if r.MinPrice < 0 || r.MaxPrice < 0 || (r.MaxPrice > 0 && r.MinPrice > r.MaxPrice) {
		return rapport.FieldErrorf("max_price", "price bounds must be non-negative with min_price ≤ max_price")
	}
	if r.Lang != "zh" {
		r.Lang = "en"
	}
	return nil
}

func newRequestID() string {
	b := make([]byte, 12)
	_, _ = rand.Read(b)
	return "rec_" + hex.EncodeToString(b)
}

// history is a customer's live state as a model input.
func (snap *snapshot) history(v view, w recommend.Weights) recommend.History {
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

// ranking computes one page.
type ranking struct {
	ctx     context.Context
	s       *Service
	snap    *snapshot
	req     Request
	v       view
	hist    recommend.History
	segment string
	model   string
	scores  []float32
	reason  []reasonKind
	because []int32
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

func (rk *ranking) score() {
	n := rk.snap.items.Len()
	rk.scores = make([]float32, n)
	rk.reason = make([]reasonKind, n)
	rk.because = make([]int32, n)
	for i := range rk.because {
		rk.because[i] = -1
	}
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
}

// homeScene scores with the main model, or popularity for a cold customer
// (with a boost for their searches).
func (rk *ranking) homeScene() {
	if rk.hist.Len() == 0 {
		rk.cold()
		return
	}
	rk.model = rk.snap.meta.Kind
	rk.snap.main.Score(rk.hist, rk.scores)
	normalise(rk.scores)
	rk.explain()
}

// cold ranks for a customer without known items: popularity among their
// region's customers, lifted for items matching their searches.
func (rk *ranking) cold() {
	rk.model = rk.snap.pop.Name()
	rk.snap.pop.Score(rk.hist, rk.scores)
	normalise(rk.scores)
	if len(rk.v.searches) == 0 {
		return
	}
	q := strings.ToLower(rk.v.searches[len(rk.v.searches)-1])
	for i, p := range rk.snap.products {
		text := strings.ToLower(p.Name + " " + p.Category + " " + p.Brand)
		if matches(text, q) {
			rk.scores[i] += 1
			rk.reason[i] = reasonSearch
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

// explain gives each item the history item that contributes most to it
// through item similarity.
func (rk *ranking) explain() {
	best := make([]float32, len(rk.scores))
	for k, j := range rk.hist.Items {
		if rk.hist.Values[k] <= 0 {
			continue
		}
		reason := rk.kindReason(rk.snap.items.Key(j))
		for _, nb := range rk.snap.similar.NeighborsOf(j) {
			if c := rk.hist.Values[k] * nb.Score; c > best[nb.Item] {
				best[nb.Item], rk.because[nb.Item], rk.reason[nb.Item] = c, j, reason
			}
		}
	}
}

func (rk *ranking) kindReason(id string) reasonKind {
	switch rk.v.items[id].kind {
	case recommend.KindPurchase:
		return reasonBought
	case recommend.KindCart:
		return reasonCarted
	}
	return reasonViewed
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
	for _, nb := range nbrs {
		rk.scores[nb.Item] = nb.Score
		rk.reason[nb.Item], rk.because[nb.Item] = reasonSimilar, it
	}
	normalise(rk.scores)
	rk.blendPersonal(0.2)
}

// categoryNeighbours is the cold start of a new item.
func (rk *ranking) categoryNeighbours(it int32, known bool) {
	rk.model = "category-neighbours"
	var p rapport.Product
	if known {
		p = rk.snap.products[it]
	} else if q, err := rk.s.cfg.Store.Product(rk.ctx, rk.req.Item); err == nil {
		p = *q
	}
	pop := make([]float32, len(rk.scores))
	rk.snap.pop.Score(recommend.History{Group: -1}, pop)
	normalise(pop)
	for i, q := range rk.snap.products {
		if p.Category == "" || q.Category != p.Category || int32(i) == it {
			continue
		}
		s := 0.5 + 0.5*pop[i]
		if p.Brand != "" && q.Brand == p.Brand {
			s += 0.25
		}
		if p.Price > 0 && q.Price > 0 {
			s += 0.25 * float32(math.Exp(-math.Abs(math.Log(q.Price/p.Price))))
		}
		rk.scores[i], rk.reason[i], rk.because[i] = s, reasonCategory, it
	}
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
	best := make([]float32, len(rk.scores))
	for _, j := range seeds {
		for _, nb := range rk.snap.together.NeighborsOf(j) {
			rk.scores[nb.Item] += nb.Score
			if nb.Score > best[nb.Item] {
				best[nb.Item], rk.reason[nb.Item], rk.because[nb.Item] = nb.Score, reasonTogether, j
			}
		}
	}
	if len(seeds) == 0 || allZero(rk.scores) {
		rk.homeScene()
		return
	}
	normalise(rk.scores)
	rk.blendPersonal(0.2)
}

// blendPersonal adds w × the main model's normalised score for the customer.
func (rk *ranking) blendPersonal(w float32) {
	if rk.hist.Len() == 0 {
		return
	}
	personal := make([]float32, len(rk.scores))
	rk.snap.main.Score(rk.hist, personal)
	normalise(personal)
	for i, p := range personal {
		if rk.scores[i] > 0 {
			rk.scores[i] += w * p
		}
	}
}

// rerank applies the segment strategy.
func (rk *ranking) rerank() {
	switch rk.segment {
	case SegmentNew:
		if rk.hist.Len() > 0 && rk.req.Scene == SceneHome {
			pop := make([]float32, len(rk.scores))
			rk.snap.pop.Score(rk.hist, pop)
			normalise(pop)
			for i := range rk.scores {
				if pop[i] > 0.5 && rk.scores[i] < 0.3*pop[i] {
					rk.reason[i], rk.because[i] = reasonBestSeller, -1
				}
				rk.scores[i] += 0.3 * pop[i]
			}
		}
	case SegmentPotential:
		cats := map[string]bool{}
		for _, id := range rk.v.recent {
			if i, ok := rk.snap.items.Lookup(id); ok {
				cats[rk.snap.products[i].Category] = true
			}
		}
		for i := range rk.scores {
			if rk.scores[i] > 0 && cats[rk.snap.products[i].Category] {
				rk.scores[i] *= 1.2
			}
		}
	case SegmentHighValue:
		newest := rk.snap.meta.TrainedAt.AddDate(0, 0, -30)
		for i, p := range rk.snap.products {
			if rk.scores[i] <= 0 {
				continue
			}
			if p.Price > 0 && p.Price >= rk.snap.premium[p.Category] {
				rk.scores[i] *= 1.2
			}
			if rk.snap.firstSeen[i].After(newest) {
				rk.scores[i] *= 1.2
				if rk.reason[i] == reasonPopular {
					rk.reason[i] = reasonNew
				}
			}
		}
	}
}

func normalise(x []float32) {
	var hi float32
	for _, v := range x {
		hi = max(hi, v)
	}
	if hi <= 0 {
		return
	}
	for i := range x {
		x[i] /= hi
	}
}

func allZero(x []float32) bool {
	for _, v := range x {
		if v != 0 {
			return false
		}
	}
	return true
}

// page filters, diversifies and explains the best items.
func (rk *ranking) page() []Item {
	excluded := map[string]bool{}
	for _, id := range rk.req.Exclude {
		excluded[id] = true
	}
	rk.s.mu.RLock()
	defer rk.s.mu.RUnlock()
	skip := func(i int32) bool {
		p := rk.snap.products[i]
		t, touched := rk.v.items[p.ID]
		a, flagged := rk.s.avail[p.ID]
		switch {
		case excluded[p.ID] || p.ID == rk.req.Item:
			return true
		case flagged && (a.Excluded || !a.InStock):
			return true
		case touched && (!t.bought || !rk.s.repeat[p.Category] || t.weight < 0):
			return true
		case rk.req.Category != "" && p.Category != rk.req.Category:
			return true
		case rk.req.MinPrice > 0 && p.Price < rk.req.MinPrice, rk.req.MaxPrice > 0 && p.Price > rk.req.MaxPrice:
			return true
		}
		return false
	}
	for i, v := range rk.scores {
		if v <= 0 {
			rk.scores[i] = float32(math.Inf(-1))
		}
	}
	cand := recommend.TopN(rk.scores, rk.req.N*(rk.s.cfg.PerCategory+4), skip)
	perCat := map[string]int{}
	out := make([]Item, 0, rk.req.N)
	for _, c := range cand {
		p := rk.snap.products[c.Item]
		if perCat[p.Category] >= rk.s.cfg.PerCategory && p.Category != "" {
			continue
		}
		perCat[p.Category]++
		it := Item{ProductID: p.ID, Name: p.Name, Category: p.Category, Price: p.Price,
			Score: math.Round(float64(c.Score)*1e4) / 1e4}
		it.Reason, it.Because = rk.explainItem(c.Item)
		if r, ok := rk.s.reviews[p.ID]; ok {
			it.Review = &r
		}
		out = append(out, it)
		if len(out) == rk.req.N {
			break
		}
	}
	return out
}

// explainItem words an item's reason in the request's language.
func (rk *ranking) explainItem(i int32) (string, string) {
	kind, b := rk.reason[i], rk.because[i]
	name, id := "", ""
	if b >= 0 {
		p := rk.snap.products[b]
		name, id = cmpOr(p.Name, p.ID), p.ID
	}
	search := ""
	if len(rk.v.searches) > 0 {
		search = rk.v.searches[len(rk.v.searches)-1]
	}
	msg := reasons[rk.req.Lang][kind]
	switch kind {
	case reasonViewed, reasonCarted, reasonBought, reasonTogether, reasonSimilar, reasonCategory:
		if name == "" {
			return reasons[rk.req.Lang][reasonPopular], ""
		}
		return fmt.Sprintf(msg, name), id
	case reasonSearch:
		return fmt.Sprintf(msg, search), ""
	}
	return msg, ""
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// reasons are the explanation templates by language.
var reasons = map[string]map[reasonKind]string{
	"en": {
		reasonPopular:    "Popular with customers like you",
		reasonViewed:     "Because you viewed %s",
		reasonCarted:     "Because you added %s to your cart",
		reasonBought:     "Because you bought %s",
		reasonTogether:   "Often bought together with %s",
		reasonSimilar:    "Similar to %s",
		reasonCategory:   "In the same category as %s",
		reasonSearch:     "Matches your search “%s”",
		reasonBestSeller: "Best-seller",
		reasonNew:        "New arrival",
	},
	"zh": {
		reasonPopular:    "与您相似的顾客都喜欢",
		reasonViewed:     "因为您浏览了%s",
		reasonCarted:     "因为您将%s加入了购物车",
		reasonBought:     "因为您购买了%s",
		reasonTogether:   "经常与%s一起购买",
		reasonSimilar:    "与%s相似",
		reasonCategory:   "与%s同类",
		reasonSearch:     "符合您搜索的“%s”",
		reasonBestSeller: "热销商品",
		reasonNew:        "新品上架",
	},
}
