package live

import (
	"sync"

	"github.com/rapport-cx/rapport/internal/recommend"
)

// maxCachedVectors bounds the user-vector cache: 64 float32 factors are
// 256 bytes, so a million customers take about 300 MB with the map.
const maxCachedVectors = 1_000_000

// vectorModel is a main model that scores through a user vector (iALS):
// the vector is solved once per change of the customer's history.
type vectorModel interface {
	UserVector(h recommend.History) []float32
	ScoreVector(x, dst []float32)
}

// vectorCache keeps each customer's folded-in user vector for the snapshot,
// settings and history version it was solved for; a new event, settings or
// model makes the next request solve it again.
type vectorCache struct {
	mu    sync.Mutex
	limit int
	by    map[string]cachedVector
}

type cachedVector struct {
	snap    *snapshot
	set     *active
	version uint64
	x       []float32
}

func newVectorCache(limit int) *vectorCache {
	return &vectorCache{limit: limit, by: map[string]cachedVector{}}
}

func (c *vectorCache) get(id string, snap *snapshot, set *active, version uint64) []float32 {
	c.mu.Lock()
	defer c.mu.Unlock()
	v, ok := c.by[id]
	if !ok || v.snap != snap || v.set != set || v.version != version {
		return nil
	}
	return v.x
}

func (c *vectorCache) put(id string, v cachedVector) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, ok := c.by[id]; !ok && len(c.by) >= c.limit {
		for k := range c.by { // evict an arbitrary entry
			delete(c.by, k)
			break
		}
	}
	c.by[id] = v
}

// scoreMain writes the main model's scores of the customer's history into
// dst, through the cached user vector when the model has one.
func (s *Service) scoreMain(snap *snapshot, customer string, version uint64, h recommend.History, dst []float32) {
	vm, ok := snap.main.(vectorModel)
	if !ok || customer == "" {
		snap.main.Score(h, dst)
		return
	}
	set := s.settings()
	x := s.vectors.get(customer, snap, set, version)
	if x == nil {
		x = vm.UserVector(h)
		s.vectors.put(customer, cachedVector{snap: snap, set: set, version: version, x: x})
	}
	vm.ScoreVector(x, dst)
}
