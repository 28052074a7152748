package textan

import (
	"math"
	"math/bits"
	"sync"
)

// gramTable holds a trained linear model in the form that scores a text
// fastest: for every hashed n-gram, its feature weight times the model's
// weight (dot) and its feature weight squared (sq). A text's margin is
// then Σdot / √Σsq + bias over its distinct n-grams, the same value as
// building its L2-normalised vector and taking the inner product, without
// building the vector.
type gramTable struct {
	keys    []uint64 // open addressing, linear probing; 0 marks an empty slot
	dot, sq []float32
	shift   uint   // 64 − log2(len(keys))
	buckets uint64 // when keys is nil: hashing trick, dot and sq indexed by h mod buckets
	bias    float64
}

// newGramTable folds a vectoriser's weights and a linear model into one
// table.
func newGramTable(v *Vectorizer, lin *Linear) *gramTable {
	t := &gramTable{bias: float64(lin.B)}
	if v.index == nil {
		t.buckets = v.buckets
		t.dot = make([]float32, len(v.weight))
		t.sq = make([]float32, len(v.weight))
		for j, w := range v.weight {
			t.dot[j] = w * lin.W[j]
			t.sq[j] = w * w
		}
		return t
	}
	size := 1 << bits.Len(uint(2*len(v.index)+1)) // load factor ≤ 1/2
	t.keys = make([]uint64, size)
	t.dot = make([]float32, size)
	t.sq = make([]float32, size)
	t.shift = uint(64 - bits.TrailingZeros(uint(size)))
	for h, j := range v.index {
		if h == 0 {
			continue // the empty marker; one n-gram in 2⁶⁴ is lost
		}
		s := t.slot(h)
		for t.keys[s] != 0 {
			s = (s + 1) & (len(t.keys) - 1)
		}
		w := v.weight[j]
		t.keys[s], t.dot[s], t.sq[s] = h, w*lin.W[j], w*w
	}
	return t
}

func (t *gramTable) slot(h uint64) int { return int((h * 0x9E3779B97F4A7C15) >> t.shift) }

// lookup returns the parts of an n-gram's score; unknown n-grams give 0.
func (t *gramTable) lookup(h uint64) (dot, sq float32) {
	if t.keys == nil {
		j := h & (t.buckets - 1)
		return t.dot[j], t.sq[j]
	}
	mask := len(t.keys) - 1
	for s := t.slot(h); ; s = (s + 1) & mask {
		switch t.keys[s] {
		case h:
			return t.dot[s], t.sq[s]
		case 0:
			return 0, 0
		}
	}
}

// margin scores n-grams given with repeats; each distinct one counts once.
func (t *gramTable) margin(grams []uint64, seen *gramSet) float64 {
	seen.reset(len(grams))
	var dot, sq float64
	for _, h := range grams {
		if !seen.add(h) {
			continue
		}
		d, q := t.lookup(h)
		dot += float64(d)
		sq += float64(q)
	}
	if sq == 0 {
		return t.bias
	}
	return dot/math.Sqrt(sq) + t.bias
}

// gramSet is a reusable set of n-gram hashes (open addressing).
type gramSet struct {
	keys []uint64
	mask uint64
	zero bool // whether hash 0 was added
}

// reset empties the set and sizes it for n additions.
func (s *gramSet) reset(n int) {
	size := max(64, 1<<bits.Len(uint(2*n)))
	if cap(s.keys) < size {
		s.keys = make([]uint64, size)
	} else {
		s.keys = s.keys[:size]
		clear(s.keys)
	}
	s.mask = uint64(size - 1)
	s.zero = false
}

// add inserts h and reports whether it was new.
func (s *gramSet) add(h uint64) bool {
	if h == 0 {
		was := s.zero
		s.zero = true
		return !was
	}
	for i := (h * 0x9E3779B97F4A7C15) >> 32 & s.mask; ; i = (i + 1) & s.mask {
		switch s.keys[i] {
		case h:
			return false
		case 0:
			s.keys[i] = h
			return true
		}
	}
}

// scratch is the per-call working memory of fast scoring, pooled so that
// scoring allocates almost nothing and can run on many goroutines.
type scratch struct {
	words []string
	grams []uint64
	seen  gramSet
}

var scratchPool = sync.Pool{New: func() any { return new(scratch) }}

// fastMargin scores a text with features f against a table.
func fastMargin(f Features, t *gramTable, text string) float64 {
	sc := scratchPool.Get().(*scratch)
	norm := Normalize(text)
	sc.words = sc.words[:0]
	if f.WordMax > 0 {
		sc.words = appendWords(sc.words, norm)
	}
	sc.grams = f.appendGrams(sc.grams[:0], norm, sc.words)
	m := t.margin(sc.grams, &sc.seen)
	clear(sc.words) // drop references to the text
	scratchPool.Put(sc)
	return m
}
