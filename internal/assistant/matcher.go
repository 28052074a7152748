package assistant

import (
	"math"
	"slices"
	"strconv"
	"sync"

	"github.com/rapport-cx/rapport"
	"github.com/rapport-cx/rapport/internal/textan"
)

// MaxClassifierEntries is the largest knowledge base for which a
// one-vs-rest intent classifier is trained; larger ones are matched by
// nearest example question alone (training cost grows with entries ×
// examples).
const MaxClassifierEntries = 300

// Source is an entry that supports an answer, with its similarity.
type Source struct {
	EntryID  int64   `json:"entry_id"`
	Question string  `json:"question"`
	Score    float64 `json:"score"`
}

// model is the trained matcher for one version of the knowledge base.
type model struct {
	version    int64
	entries    map[int64]*rapport.KBEntry
	classifier *textan.IntentModel // nil for large or single-entry bases
	vec        *textan.Vectorizer
	examples   []example
	postings   map[int32][]posting // column → examples having it
	pool       sync.Pool           // []float32 score accumulators, one per example
}

type example struct {
	entry int64
	x     textan.Sparse
}

type posting struct {
	example int32
	val     float32
}

var features = textan.Features{WordMin: 1, WordMax: 2, CharMin: 2, CharMax: 5, HanCharMax: 3}

// train builds the matcher from the entries.
func train(version int64, entries []rapport.KBEntry) *model {
	m := &model{version: version, entries: map[int64]*rapport.KBEntry{}, postings: map[int32][]posting{}}
	var data []textan.Labelled
	for i := range entries {
		e := &entries[i]
		m.entries[e.ID] = e
		label := strconv.FormatInt(e.ID, 10)
		for _, q := range append([]string{e.Question}, e.Examples...) {
			if q != "" {
				data = append(data, textan.Labelled{Text: q, Label: label})
			}
		}
	}
	if len(data) == 0 {
		return m
	}
	hashes := make([][]uint64, len(data))
	for i, d := range data {
		hashes[i] = features.Hash(d.Text)
	}
	m.vec = textan.FitVectorizer(features, textan.IDF, hashes, 1, nil, 0)
	for i, d := range data {
		id, _ := strconv.ParseInt(d.Label, 10, 64)
		x := m.vec.VectorOf(hashes[i])
		m.examples = append(m.examples, example{entry: id, x: x})
		for k, j := range x.Idx {
			m.postings[j] = append(m.postings[j], posting{example: int32(i), val: x.Val[k]})
		}
	}
	n := len(m.examples)
	m.pool.New = func() any { return make([]float32, n) }
	if n := len(entries); n >= 2 && n <= MaxClassifierEntries {
		m.classifier = textan.TrainIntents(data, []textan.IntentView{{Features: features, Weighting: textan.IDF, C: 1}}, 1)
	}
	return m
}

// nearest returns the k entries whose example questions are most
// similar (cosine) to the text, best first, one score per entry.
func (m *model) nearest(text string, k int) []Source {
	if m.vec == nil {
		return nil
	}
	x := m.vec.Vector(text)
	scores := m.pool.Get().([]float32)
	defer m.pool.Put(scores)
	var touched []int32
	for i, j := range x.Idx {
		for _, p := range m.postings[j] {
			if scores[p.example] == 0 {
				touched = append(touched, p.example)
			}
			scores[p.example] += x.Val[i] * p.val
		}
	}
	top := make([]Source, 0, k+1)
	for _, ex := range touched {
		s := float64(scores[ex])
		scores[ex] = 0
		id := m.examples[ex].entry
		if i := slices.IndexFunc(top, func(t Source) bool { return t.EntryID == id }); i >= 0 {
			if s <= top[i].Score {
				continue
			}
			top = slices.Delete(top, i, i+1)
		}
		if len(top) == k && s <= top[k-1].Score {
			continue
		}
		pos, _ := slices.BinarySearchFunc(top, s, func(t Source, s float64) int {
			if t.Score > s {
				return -1
			}
			return 1
		})
		top = slices.Insert(top, pos, Source{EntryID: id, Question: m.entries[id].Question, Score: s})
		if len(top) > k {
			top = top[:k]
		}
	}
	return top
}

// match returns the best entry, the confidence in it and the sources.
// With a classifier, the entry is the classifier's and the confidence
// its probability, capped by how similar the nearest example is (a
// question unlike every example is not confidently anything).
func (m *model) match(text string) (*rapport.KBEntry, float64, []Source) {
	src := m.nearest(text, 3)
	if len(src) == 0 {
		return nil, 0, nil
	}
	if m.classifier == nil {
		return m.entries[src[0].EntryID], src[0].Score, src
	}
	p := m.classifier.Predict(text)
	id, _ := strconv.ParseInt(p.Label, 10, 64)
	sim := 0.0
	for _, s := range src {
		if s.EntryID == id {
			sim = s.Score
		}
	}
	return m.entries[id], math.Min(p.Confidence, 2*sim), src
}
