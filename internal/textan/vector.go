package textan

import (
	"math"
)

// Sparse is a feature vector: column indexes and their values.
type Sparse struct {
	Idx []int32
	Val []float32
}

// Dot returns the inner product of the vector with dense weights.
func (x Sparse) Dot(w []float32) float64 {
	var s float32
	for k, j := range x.Idx {
		s += w[j] * x.Val[k]
	}
	return float64(s)
}

// Weighting says how the presence of an n-gram is scaled before a
// vector is normalised.
type Weighting int

const (
	// Binary keeps every present n-gram at 1.
	Binary Weighting = iota
	// IDF scales each n-gram by its smoothed inverse document frequency.
	IDF
	// NBRatio scales each n-gram by the Naive Bayes log-count ratio of a
	// binary task (Wang & Manning 2012); it needs labels to fit.
	NBRatio
)

// Vectorizer turns text into normalised sparse vectors over the n-grams
// seen in training.
type Vectorizer struct {
	Features  Features
	Weighting Weighting
	index     map[uint64]int32 // nil when hashing into buckets
	buckets   uint64           // power of two, when index is nil
	weight    []float32
}

// Dim is the number of columns.
func (v *Vectorizer) Dim() int { return len(v.weight) }

// FitVectorizer builds the columns from hashed training texts: n-grams
// found in at least minDF texts. For NBRatio, pos[i] tells whether text i
// is in the positive class.
//
// With buckets > 0 (a power of two) n-grams are hashed straight into that
// many columns instead (the hashing trick): no lookup table, faster to
// apply, at the price of rare collisions; minDF is then ignored.
func FitVectorizer(f Features, wt Weighting, docs [][]uint64, minDF int, pos []bool, buckets int) *Vectorizer {
	v := &Vectorizer{Features: f, Weighting: wt}
	var dfCol []int32
	if buckets > 0 {
		v.buckets = uint64(buckets)
		v.weight = make([]float32, buckets)
		dfCol = make([]int32, buckets)
		for _, d := range docs {
			for _, h := range d {
				dfCol[h&(v.buckets-1)]++
			}
		}
	} else {
		df := make(map[uint64]int32, len(docs)*16)
		for _, d := range docs {
			for _, h := range d {
				df[h]++
			}
		}
		v.index = make(map[uint64]int32, len(df))
		for h, c := range df {
			if int(c) >= minDF {
				v.index[h] = int32(len(v.weight))
				v.weight = append(v.weight, 0)
				dfCol = append(dfCol, c)
			}
		}
	}
	n := float64(len(docs))
	switch wt {
	case Binary:
		for i := range v.weight {
			v.weight[i] = 1
		}
	case IDF:
		for j, c := range dfCol {
			v.weight[j] = float32(math.Log((n+1)/(float64(c)+1)) + 1)
		}
	case NBRatio:
		p := make([]float64, len(v.weight))
		q := make([]float64, len(v.weight))
		var ps, qs float64
		for i, d := range docs {
			for _, h := range d {
				if j, ok := v.column(h); ok {
					if pos[i] {
						p[j]++
						ps++
					} else {
						q[j]++
						qs++
					}
				}
			}
		}
		const alpha = 1.0
		dim := float64(len(p))
		for j := range v.weight {
			v.weight[j] = float32(math.Log((p[j]+alpha)/(ps+alpha*dim)) - math.Log((q[j]+alpha)/(qs+alpha*dim)))
		}
	}
	return v
}

// VectorOf maps hashed n-grams to a normalised vector; unknown n-grams
// are dropped.
func (v *Vectorizer) VectorOf(hashes []uint64) Sparse {
	x := Sparse{Idx: make([]int32, 0, len(hashes)), Val: make([]float32, 0, len(hashes))}
	var norm float64
	for _, h := range hashes {
		j, ok := v.column(h)
		if !ok {
			continue
		}
		w := v.weight[j]
		if w == 0 {
			continue
		}
		x.Idx = append(x.Idx, j)
		x.Val = append(x.Val, w)
		norm += float64(w) * float64(w)
	}
	if norm > 0 {
		inv := float32(1 / math.Sqrt(norm))
		for k := range x.Val {
			x.Val[k] *= inv
		}
	}
	return x
}

// Vector hashes and maps a text.
func (v *Vectorizer) Vector(text string) Sparse { return v.VectorOf(v.Features.Hash(text)) }

// column returns the column of a hashed n-gram.
func (v *Vectorizer) column(h uint64) (int32, bool) {
	if v.index == nil {
		return int32(h & (v.buckets - 1)), true
	}
	j, ok := v.index[h]
	return j, ok
}
