package recommend

import (
	"cmp"
	"slices"
)

// Triple is one weighted user-item interaction, by dense index.
type Triple struct {
	User, Item int32
	Value      float32
}

// Matrix is a sparse user × item matrix in compressed rows. Values of the
// same (user, item) pair are summed when it is built.
type Matrix struct {
	Users, Items int
	rowPtr       []int
	cols         []int32
	vals         []float32
}

// NewMatrix builds a users × items matrix from triples, summing duplicates
// and dropping pairs whose sum is exactly zero.
func NewMatrix(users, items int, ts []Triple) *Matrix {
	ts = slices.Clone(ts)
	slices.SortFunc(ts, func(a, b Triple) int {
		return cmp.Or(cmp.Compare(a.User, b.User), cmp.Compare(a.Item, b.Item))
	})
	m := &Matrix{Users: users, Items: items, rowPtr: make([]int, users+1)}
	for i := 0; i < len(ts); {
		j, sum := i, float32(0)
		for ; j < len(ts) && ts[j].User == ts[i].User && ts[j].Item == ts[i].Item; j++ {
			sum += ts[j].Value
		}
		if sum != 0 {
			m.cols = append(m.cols, ts[i].Item)
			m.vals = append(m.vals, sum)
			m.rowPtr[ts[i].User+1]++
		}
		i = j
	}
	for u := 0; u < users; u++ {
		m.rowPtr[u+1] += m.rowPtr[u]
	}
	return m
}

// Row returns the items and values of one user's row; do not modify them.
func (m *Matrix) Row(u int) ([]int32, []float32) {
	a, b := m.rowPtr[u], m.rowPtr[u+1]
	return m.cols[a:b], m.vals[a:b]
}

// History returns one user's row as a History.
func (m *Matrix) History(u int) History {
	items, vals := m.Row(u)
	return History{Items: items, Values: vals, Group: -1}
}

// NNZ is the number of stored (non-zero) entries.
func (m *Matrix) NNZ() int { return len(m.cols) }

// Transpose returns the item × user matrix.
func (m *Matrix) Transpose() *Matrix {
	t := &Matrix{Users: m.Items, Items: m.Users, rowPtr: make([]int, m.Items+1),
		cols: make([]int32, len(m.cols)), vals: make([]float32, len(m.vals))}
	for _, c := range m.cols {
		t.rowPtr[c+1]++
	}
	for i := 0; i < m.Items; i++ {
		t.rowPtr[i+1] += t.rowPtr[i]
	}
	next := slices.Clone(t.rowPtr[:m.Items])
	for u := 0; u < m.Users; u++ {
		items, vals := m.Row(u)
		for k, it := range items {
			p := next[it]
			t.cols[p], t.vals[p] = int32(u), vals[k]
			next[it]++
		}
	}
	return t
}

// History is what one customer did, by item index: the items and the summed
// weights of their interactions. It is the input of scoring, so a model can
// score a customer it was not fitted on (fold-in).
type History struct {
	Items  []int32
	Values []float32
	Group  int32 // the customer's segment or region index for group popularity, -1 if none
}

// Len is the number of items in the history.
func (h History) Len() int { return len(h.Items) }
