package recommend

import (
	"math"
	"time"
)

// Kinds of interaction, each carrying a weight (Weights).
const (
	KindView          = "view"
	KindSearch        = "search"
	KindWishlist      = "wishlist"
	KindCart          = "cart"
	KindPurchase      = "purchase"
	KindReturn        = "return"
	KindLowRating     = "low_rating"
	KindNotInterested = "not_interested"
)

// Weights maps an interaction kind to its weight; kinds not listed weigh 0.
// Negative weights lower an item for the customer (and, through models that
// learn from them, for similar customers).
type Weights map[string]float32

// DefaultWeights orders intent view < wishlist < cart < purchase and makes
// returns, low ratings and "not interested" negative.
var DefaultWeights = Weights{
	KindView: 1, KindSearch: 0.5, KindWishlist: 2, KindCart: 3, KindPurchase: 5,
	KindReturn: -5, KindLowRating: -3, KindNotInterested: -4,
}

// Interaction is one event of a customer on an item.
type Interaction struct {
	User, Item int32
	Kind       string
	At         time.Time
}

// Interactions indexes customers and items by dense ids and keeps their
// interactions, to build matrices with chosen weights and time decay.
type Interactions struct {
	Users, Items Index
	List         []Interaction
}

// Add records one interaction, indexing the user and item.
func (s *Interactions) Add(user, item, kind string, at time.Time) {
	s.List = append(s.List, Interaction{User: s.Users.ID(user), Item: s.Items.ID(item), Kind: kind, At: at})
}

// Matrix builds the weighted user × item matrix. With halfLife > 0 an
// interaction's weight is multiplied by 0.5^(age/halfLife), age counted back
// from now (future interactions count fully).
func (s *Interactions) Matrix(w Weights, halfLife time.Duration, now time.Time) *Matrix {
	ts := make([]Triple, 0, len(s.List))
	for _, in := range s.List {
		v := w[in.Kind]
		if v == 0 {
			continue
		}
		if age := now.Sub(in.At); halfLife > 0 && age > 0 {
			v *= float32(math.Exp2(-float64(age) / float64(halfLife)))
		}
		ts = append(ts, Triple{in.User, in.Item, v})
	}
	return NewMatrix(s.Users.Len(), s.Items.Len(), ts)
}

// Index assigns dense ids to string keys in order of first sight.
type Index struct {
	ids  map[string]int32
	keys []string
}

// ID returns the key's id, assigning the next one if new.
func (x *Index) ID(key string) int32 {
	if id, ok := x.ids[key]; ok {
		return id
	}
	if x.ids == nil {
		x.ids = map[string]int32{}
	}
	id := int32(len(x.keys))
	x.ids[key] = id
	x.keys = append(x.keys, key)
	return id
}

// Lookup returns the key's id if it is known.
func (x *Index) Lookup(key string) (int32, bool) {
	id, ok := x.ids[key]
	return id, ok
}

// Key returns the key of an id.
func (x *Index) Key(id int32) string { return x.keys[id] }

// Len is the number of keys.
func (x *Index) Len() int { return len(x.keys) }
