package live

import (
	"context"
	"crypto/rand"
	"encoding/hex"

	"github.com/rapport-cx/rapport"
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
	rk := s.newRanking(ctx, snap, r)
	defer rk.release()
	items := rk.run()
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
