package live

import (
	"strings"
	"sync"
	"time"

	"github.com/rapport-cx/rapport"
	"github.com/rapport-cx/rapport/internal/recommend"
)

// EventNotInterested is a track event a shop sends when a customer dismisses
// an item; it lowers that item for them.
const EventNotInterested = "Product Not Interested"

// interactionEvents are the events folded into histories.
var interactionEvents = []string{
	rapport.EventProductViewed, rapport.EventProductAdded, rapport.EventWishlistAdded,
	rapport.EventOrderCompleted, rapport.EventOrderRefunded, rapport.EventReturnRequested,
	rapport.EventProductReviewed, rapport.EventProductsSearched, EventNotInterested,
}

// touch is what a customer did with one item. It counts interactions by
// kind, so the shop's weights apply when the history is read and a change
// of weights needs no refold.
type touch struct {
	counts [len(kinds)]float32 // interactions by kind (index in kinds)
	weight float32             // Σ counts × weights, set in a view
	kind   string              // the strongest positive kind, for reasons
	at     time.Time           // last interaction
	bought bool
	cart   bool
}

// kinds are the interaction kinds a touch counts.
var kinds = [...]string{recommend.KindView, recommend.KindSearch, recommend.KindWishlist, recommend.KindCart,
	recommend.KindPurchase, recommend.KindReturn, recommend.KindLowRating, recommend.KindNotInterested}

func kindIndex(kind string) int {
	for i, k := range kinds {
		if k == kind {
			return i
		}
	}
	return -1
}

// weightOf sums the touch's interactions under weights w.
func (t *touch) weightOf(w recommend.Weights) float32 {
	var s float32
	for i, n := range t.counts {
		if n != 0 {
			s += n * w[kinds[i]]
		}
	}
	return s
}

// customerState is one customer's live history.
type customerState struct {
	items    map[string]*touch
	recent   []string // product ids, most recent last (at most 20)
	searches []string // queries, most recent last (at most 5)
	orders   int
	revenue  float64
	region   string
	version  uint64 // counts changes of items, for the cached user vector
}

// histories keeps every customer's live state.
type histories struct {
	mu      sync.RWMutex
	by      map[string]*customerState
	lastSeq int64
	online  *online
}

func newHistories() *histories {
	return &histories{by: map[string]*customerState{}, online: newOnline()}
}

// kindRank orders positive kinds for reasons.
var kindRank = map[string]int{recommend.KindView: 1, recommend.KindWishlist: 2, recommend.KindCart: 3, recommend.KindPurchase: 4}

// fold applies events to the histories; events already folded (by Seq) are
// skipped.
func (h *histories) fold(events []*rapport.Event) {
	h.mu.Lock()
	defer h.mu.Unlock()
	for _, e := range events {
		if e.Seq != 0 && e.Seq <= h.lastSeq {
			continue
		}
		h.foldOne(e)
		if e.CustomerID != "" && !e.Timestamp.IsZero() {
			h.online.observe(e)
		}
		h.lastSeq = max(h.lastSeq, e.Seq)
	}
}

func (h *histories) state(id string) *customerState {
	c := h.by[id]
	if c == nil {
		c = &customerState{items: map[string]*touch{}}
		h.by[id] = c
	}
	return c
}

func (h *histories) foldOne(e *rapport.Event) {
	if e.CustomerID == "" {
		return
	}
	if e.Type == rapport.TypeIdentify || e.Type == rapport.TypeAlias {
		h.merge(e)
		return
	}
	if e.Type != rapport.TypeTrack {
		return
	}
	c := h.state(e.CustomerID)
	switch e.Name {
	case rapport.EventProductViewed:
		h.add(c, productID(e.Properties), recommend.KindView, e.Timestamp)
	case rapport.EventProductAdded:
		h.add(c, productID(e.Properties), recommend.KindCart, e.Timestamp)
	case rapport.EventWishlistAdded:
		h.add(c, productID(e.Properties), recommend.KindWishlist, e.Timestamp)
	case EventNotInterested:
		h.add(c, productID(e.Properties), recommend.KindNotInterested, e.Timestamp)
	case rapport.EventOrderCompleted:
		c.orders++
		c.revenue += num(e.Properties["total"])
		for _, id := range productIDs(e.Properties) {
			h.add(c, id, recommend.KindPurchase, e.Timestamp)
		}
	case rapport.EventOrderRefunded, rapport.EventReturnRequested:
		for _, id := range productIDs(e.Properties) {
			h.add(c, id, recommend.KindReturn, e.Timestamp)
		}
	case rapport.EventProductReviewed:
		if r, ok := e.Properties["rating"]; ok && num(r) <= 2 {
			h.add(c, productID(e.Properties), recommend.KindLowRating, e.Timestamp)
		}
	case rapport.EventProductsSearched:
		if q, _ := e.Properties["query"].(string); strings.TrimSpace(q) != "" {
			c.searches = lastN(append(c.searches, strings.TrimSpace(q)), 5)
		}
	}
}

// add records one interaction of a kind with an item.
func (h *histories) add(c *customerState, id, kind string, at time.Time) {
	if id == "" {
		return
	}
	t := c.items[id]
	if t == nil {
		t = &touch{}
		c.items[id] = t
	}
	if k := kindIndex(kind); k >= 0 {
		t.counts[k]++
	}
	c.version++
	if kindRank[kind] > kindRank[t.kind] {
		t.kind = kind
	}
	t.bought = t.bought || kind == recommend.KindPurchase
	t.cart = t.cart || kind == recommend.KindCart
	if kind == recommend.KindPurchase {
		t.cart = false
	}
	if at.After(t.at) {
		t.at = at
	}
	if kindRank[kind] > 0 {
		c.recent = lastN(append(removed(c.recent, id), id), 20)
	}
}

// merge moves an anonymous visitor's history into the known customer on
// identify and alias.
func (h *histories) merge(e *rapport.Event) {
	var from string
	switch {
	case e.Type == rapport.TypeAlias && e.PreviousID != "":
		from = e.PreviousID
	case e.AnonymousID != "":
		from = rapport.AnonymousPrefix + e.AnonymousID
	}
	if region, _ := e.Traits["region"].(string); region != "" {
		h.state(e.CustomerID).region = region
	}
	src := h.by[from]
	if src == nil || from == e.CustomerID {
		return
	}
	dst := h.state(e.CustomerID)
	for id, t := range src.items {
		if d := dst.items[id]; d != nil {
			for k, n := range t.counts {
				d.counts[k] += n
			}
			d.bought, d.cart = d.bought || t.bought, d.cart || t.cart
			if kindRank[t.kind] > kindRank[d.kind] {
				d.kind = t.kind
			}
		} else {
			dst.items[id] = t
		}
	}
	dst.version++
	dst.recent = lastN(append(dst.recent, src.recent...), 20)
	dst.searches = lastN(append(dst.searches, src.searches...), 5)
	delete(h.by, from)
}

// view is a copy of one customer's state, safe to use without the lock.
type view struct {
	items    map[string]touch
	recent   []string
	searches []string
	orders   int
	revenue  float64
	region   string
	version  uint64
}

// view copies one customer's state, weighing items with w.
func (h *histories) view(id string, w recommend.Weights) view {
	h.mu.RLock()
	defer h.mu.RUnlock()
	c := h.by[id]
	if c == nil {
		return view{}
	}
	v := view{items: make(map[string]touch, len(c.items)), recent: append([]string(nil), c.recent...),
		searches: append([]string(nil), c.searches...), orders: c.orders, revenue: c.revenue, region: c.region,
		version: c.version}
	for id, t := range c.items {
		cp := *t
		cp.weight = t.weightOf(w)
		v.items[id] = cp
	}
	return v
}

func productID(p map[string]any) string {
	for _, k := range []string{"product_id", "productId", "sku", "id"} {
		if s, ok := p[k].(string); ok && s != "" {
			return s
		}
	}
	return ""
}

func productIDs(p map[string]any) []string {
	list, _ := p["products"].([]any)
	var out []string
	for _, it := range list {
		if m, ok := it.(map[string]any); ok {
			if id := productID(m); id != "" {
				out = append(out, id)
			}
		}
	}
	return out
}

func num(v any) float64 {
	switch x := v.(type) {
	case float64:
		return x
	case int:
		return float64(x)
	case int64:
		return float64(x)
	}
	return 0
}

func lastN(s []string, n int) []string {
	if len(s) > n {
		return append([]string(nil), s[len(s)-n:]...)
	}
	return s
}

func removed(s []string, x string) []string {
	out := s[:0]
	for _, v := range s {
		if v != x {
			out = append(out, v)
		}
	}
	return out
}
