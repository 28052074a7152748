package sqlstore

import (
	"container/list"
	"context"
	"fmt"
	"sync"

	"github.com/rapport-cx/rapport"
)

// profileCache keeps the decoded profiles of recent ingests, least recently
// used first out, so that the next ingest need not read and decode them
// again. It is only correct while this process is the sole writer of the
// customers table: the dialect enables it, and its ChangeCounter empties it
// whenever another connection has committed in between. Its mutex is held
// for a whole ingest: ingests mutate cached profiles in place and settle
// them after the transaction ends.
type profileCache struct {
	mu      sync.Mutex
	max     int
	version int64 // ChangeCounter at the last check
	checked bool
	lru     *list.List // of *cacheEntry, most recent first
	items   map[string]*list.Element

	// products are catalogue entries as stored, so that an ingest can
	// skip rewriting the ones its events would not change.
	products map[string]rapport.Product
}

// maxCachedProducts bounds the catalogue entries kept: past it, the cache
// starts again empty.
const maxCachedProducts = 100_000

type cacheEntry struct {
	id string
	c  *rapport.Customer
}

func newProfileCache(max int) *profileCache {
	return &profileCache{max: max, lru: list.New(), items: map[string]*list.Element{},
		products: map[string]rapport.Product{}}
}

// check empties the cache when counter shows a commit by another
// connection since the last check. It runs inside the write transaction.
func (pc *profileCache) check(ctx context.Context, t *txq, counter string) error {
	if counter == "" {
		return nil
	}
	var v int64
	if err := t.tx.QueryRowContext(ctx, counter).Scan(&v); err != nil {
		return fmt.Errorf("%s: change counter: %w", t.s.dialect.Name, err)
	}
	if !pc.checked || v != pc.version {
		pc.clear()
	}
	pc.version, pc.checked = v, true
	return nil
}

// get returns the cached profile of id, or nil.
func (pc *profileCache) get(id string) *rapport.Customer {
	el := pc.items[id]
	if el == nil {
		return nil
	}
	pc.lru.MoveToFront(el)
	return el.Value.(*cacheEntry).c
}

// put caches c as the stored profile of id.
func (pc *profileCache) put(id string, c *rapport.Customer) {
	if el := pc.items[id]; el != nil {
		el.Value.(*cacheEntry).c = c
		pc.lru.MoveToFront(el)
		return
	}
	pc.items[id] = pc.lru.PushFront(&cacheEntry{id: id, c: c})
	for pc.lru.Len() > pc.max {
		old := pc.lru.Back()
		pc.lru.Remove(old)
		delete(pc.items, old.Value.(*cacheEntry).id)
	}
}

// remove forgets id.
func (pc *profileCache) remove(id string) {
	if el := pc.items[id]; el != nil {
		pc.lru.Remove(el)
		delete(pc.items, id)
	}
}

func (pc *profileCache) clear() {
	pc.lru.Init()
	clear(pc.items)
	clear(pc.products)
}

// settle updates the cache after an ingest: committed profiles replace the
// cached ones, as stored; after a failure every profile the ingest held is
// forgotten, since it may have changed in memory and not on disk.
func (in *ingestion) settle(committed bool) {
	pc := in.cache
	if pc == nil {
		return
	}
	if !committed {
		pc.checked = false // also forces a full reload should the commit have happened
		pc.clear()
		return
	}
	for id, c := range in.profiles {
		if c == nil {
			pc.remove(id)
			continue
		}
		if traits, saved := in.savedTraits[id]; saved {
			// Cache what a read would return: times as stored, traits
			// decoded afresh so they share nothing with the events.
			c.CreatedAt, c.UpdatedAt = fromMS(ms(c.CreatedAt)), fromMS(ms(c.UpdatedAt))
			c.Traits = nil
			if err := decodeJSON(traits, &c.Traits); err != nil {
				pc.remove(id)
				continue
			}
		}
		pc.put(id, c)
	}
	if len(pc.products)+len(in.savedProducts) > maxCachedProducts {
		clear(pc.products)
	}
	for id, p := range in.savedProducts {
		pc.products[id] = p
	}
}
