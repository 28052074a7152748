package sqlstore

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/rapport-cx/rapport"
	"github.com/rapport-cx/rapport/internal/profile"
)

// ingestion is the state of one Ingest call: the identity links and
// profiles it loaded or changed, written back once at the end.
type ingestion struct {
	t        *txq
	links    map[string]string            // alias id → customer id; "" when not linked
	newLinks *idSet                       // aliases linked by this call
	profiles map[string]*rapport.Customer // loaded or created; nil when absent
	touched  []string                     // profiles to save, in first-touch order
	dirty    map[string]bool
	deleted  map[string]bool             // merged away: delete at the end
	forward  map[string]string           // merged or aliased id → the id it went into
	products map[string]*rapport.Product // catalogue entries seen, merged by id
	prodIDs  []string
	at       time.Time // when the event being resolved arrived: the time of its merges

	cache       *profileCache     // nil when profiles are not cached
	savedTraits map[string]string // profile id → traits as saved, for the cache

	savedProducts map[string]rapport.Product // catalogue entries as saved, for the cache
}

func newIngestion(t *txq, cache *profileCache) *ingestion {
	in := &ingestion{
		t:        t,
		cache:    cache,
		links:    map[string]string{},
		newLinks: newIDSet(),
		profiles: map[string]*rapport.Customer{},
		dirty:    map[string]bool{},
		deleted:  map[string]bool{},
		forward:  map[string]string{},
		products: map[string]*rapport.Product{},
	}
	if cache != nil {
		in.savedTraits = map[string]string{}
		in.savedProducts = map[string]rapport.Product{}
	}
	return in
}

// preload reads, in a few queries, the links of every id the batch names
// and every profile its events may resolve to.
func (in *ingestion) preload(ctx context.Context, events []*rapport.Event) error {
	ids := newIDSet()
	for _, e := range events {
		ids.add(e.UserID, e.AnonymousID, e.PreviousID)
	}
	if err := in.loadLinks(ctx, ids.list); err != nil {
		return err
	}
	candidates := newIDSet()
	for _, e := range events {
		candidates.add(e.UserID, e.PreviousID, in.links[e.UserID], in.links[e.AnonymousID], in.links[e.PreviousID])
		if e.AnonymousID != "" {
			candidates.add(rapport.AnonymousPrefix + e.AnonymousID)
		}
		if e.PreviousID != "" {
			candidates.add(rapport.AnonymousPrefix + e.PreviousID)
		}
	}
	return in.loadProfiles(ctx, candidates.list)
}

// resolve returns the profile id of one event, linking and merging
// profiles as identify and alias events require.
func (in *ingestion) resolve(ctx context.Context, e *rapport.Event) (string, error) {
	switch {
	case e.Type == rapport.TypeAlias && e.UserID != "" && e.PreviousID != "":
		id := in.lookup(e.UserID)
		return id, in.alias(ctx, e.PreviousID, id)
	case e.UserID != "":
		id := in.lookup(e.UserID)
		if e.AnonymousID == "" || in.links[e.AnonymousID] != "" {
			return id, nil
		}
		in.link(e.AnonymousID, id)
		return id, in.merge(ctx, rapport.AnonymousPrefix+e.AnonymousID, id)
	case e.AnonymousID != "":
		if to := in.links[e.AnonymousID]; to != "" {
			return in.final(to), nil
		}
		return rapport.AnonymousPrefix + e.AnonymousID, nil
	}
	return "", rapport.FieldErrorf("userId", "event %s names no customer", e.MessageID)
}

// lookup resolves a user id through the links.
func (in *ingestion) lookup(id string) string {
	if to := in.links[id]; to != "" {
		return in.final(to)
	}
	return in.final(id)
}

// alias merges whatever profile prev stands for into id and links prev to it.
func (in *ingestion) alias(ctx context.Context, prev, id string) error {
	src := ""
	switch anon := rapport.AnonymousPrefix + prev; {
	case in.links[prev] != "":
		src = in.final(in.links[prev])
	case in.profiles[anon] != nil:
		src = anon
	case in.profiles[in.final(prev)] != nil:
		src = in.final(prev)
	}
	in.redirect(rapport.AnonymousPrefix+prev, id)
	in.redirect(prev, id)
	if prev != id {
		in.link(prev, id)
	}
	if src == "" {
		return nil
	}
	return in.merge(ctx, src, id)
}

// merge moves profile src, its history and its links into profile dst.
func (in *ingestion) merge(ctx context.Context, src, dst string) error {
	if src == dst {
		return nil
	}
	in.redirect(src, dst)
	from := in.profiles[src]
	if from == nil {
		return nil
	}
	if raw := strings.TrimPrefix(src, rapport.AnonymousPrefix); in.links[raw] == "" {
		in.link(raw, dst)
	}
	into := in.profiles[dst]
	if into == nil {
		into = profile.New(dst, !isAnonymous(dst), from.CreatedAt)
		in.profiles[dst] = into
	}
	profile.Merge(into, from)
	in.profiles[src] = nil
	in.deleted[src] = true
	in.touch(dst)
	if err := in.repoint(ctx, src, dst); err != nil {
		return err
	}
	return endMemberships(ctx, in.t, src, in.at)
}

// repoint moves the stored rows of profile src to dst.
func (in *ingestion) repoint(ctx context.Context, src, dst string) error {
	for _, table := range []string{"events", "orders", "reviews", "identities"} {
		query := "UPDATE " + table + " SET customer_id = ? WHERE customer_id = ?"
		if _, err := in.t.exec(ctx, query, dst, src); err != nil {
			return fmt.Errorf("merge %s into %s: %s: %w", src, dst, table, err)
		}
	}
	return nil
}

// redirect sends what this batch resolved to from to id instead.
func (in *ingestion) redirect(from, id string) {
	if from != id && in.final(id) != from {
		in.forward[from] = id
	}
}

// final follows redirects to the profile an id ends up in.
func (in *ingestion) final(id string) string {
	for range len(in.forward) + 1 {
		to, ok := in.forward[id]
		if !ok {
			return id
		}
		id = to
	}
	return id
}

// link records that alias now belongs to customer id.
func (in *ingestion) link(alias, id string) {
	if alias == "" || alias == id {
		return
	}
	in.newLinks.add(alias)
	in.links[alias] = id
}

// touch marks a profile to be saved.
func (in *ingestion) touch(id string) {
	if !in.dirty[id] {
		in.dirty[id] = true
		in.touched = append(in.touched, id)
	}
	delete(in.deleted, id)
}

func isAnonymous(id string) bool { return strings.HasPrefix(id, rapport.AnonymousPrefix) }

// idSet collects distinct non-empty ids in order.
type idSet struct {
	seen map[string]bool
	list []string
}

func newIDSet() *idSet { return &idSet{seen: map[string]bool{}} }

func (s *idSet) add(ids ...string) {
	for _, id := range ids {
		if id != "" && !s.seen[id] {
			s.seen[id] = true
			s.list = append(s.list, id)
		}
	}
}
