package offline

import (
	"github.com/rapport-cx/rapport/internal/recommend"
)

// Split is a training matrix and, for each evaluated user, the relevant
// items of the held-out part.
type Split struct {
	Train *recommend.Matrix
	Truth map[int32]map[int32]bool // user → relevant item set; users without truth are absent
	Users recommend.Index
	Items recommend.Index
}

// EvaluatedUsers returns the users with truth, in id order.
func (s *Split) EvaluatedUsers() []int32 {
	out := make([]int32, 0, len(s.Truth))
	for u := 0; u < s.Users.Len(); u++ {
		if len(s.Truth[int32(u)]) > 0 {
			out = append(out, int32(u))
		}
	}
	return out
}

// triple is an interaction read from a file before indexing.
type pair struct{ user, item string }

// build indexes train pairs (value 1 each, duplicates summed) and keeps the
// truth pairs of users and items... items unseen in training are indexed too,
// after the training ones, so they count as relevant but can never be
// recommended (the matrix has only the training items as columns).
func build(train, truth []pair) *Split {
	s := &Split{Truth: map[int32]map[int32]bool{}}
	ts := make([]recommend.Triple, 0, len(train))
	for _, p := range train {
		ts = append(ts, recommend.Triple{User: s.Users.ID(p.user), Item: s.Items.ID(p.item), Value: 1})
	}
	trainItems := s.Items.Len()
	for _, p := range truth {
		u, ok := s.Users.Lookup(p.user)
		if !ok {
			continue
		}
		it := s.Items.ID(p.item)
		if s.Truth[u] == nil {
			s.Truth[u] = map[int32]bool{}
		}
		s.Truth[u][it] = true
	}
	s.Train = recommend.NewMatrix(s.Users.Len(), trainItems, ts)
	s.binarise()
	return s
}

// binarise sets every stored training value to 1 (repeat purchases count once).
func (s *Split) binarise() {
	var ts []recommend.Triple
	for u := 0; u < s.Train.Users; u++ {
		items, _ := s.Train.Row(u)
		for _, it := range items {
			ts = append(ts, recommend.Triple{User: int32(u), Item: it, Value: 1})
		}
	}
	s.Train = recommend.NewMatrix(s.Train.Users, s.Train.Items, ts)
}
