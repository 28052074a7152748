package live

import (
	"bytes"
	"context"
	"encoding/gob"
	"fmt"
	"math"
	"slices"
	"sort"
	"time"

	"github.com/rapport-cx/rapport"
	"github.com/rapport-cx/rapport/internal/recommend"
)

// snapshot is an immutable fitted state, swapped in atomically.
type snapshot struct {
	meta      rapport.RecommendModel
	items     recommend.Index
	products  []rapport.Product // by item index; zero for items outside the catalogue
	firstSeen []time.Time       // by item index: first interaction, for new arrivals
	main      recommend.Model
	similar   *recommend.ItemKNN    // all events: "similar", reasons
	together  *recommend.ItemKNN    // purchases only: "bought together"
	pop       *recommend.Popularity // time-decayed, by region
	regions   recommend.Index
	highValue float64            // revenue from which a customer is high-value
	premium   map[string]float64 // category → price from which an item is premium
	serving                      // per-item facts for requests (prepare)
}

// trainingData is the matrix built from the histories with its indexes.
type trainingData struct {
	users, regions recommend.Index
	items          recommend.Index
	all, purchases *recommend.Matrix
	decayed        *recommend.Matrix
	groupOf        []int32
	firstSeen      map[string]time.Time
	last           map[int32]int32 // user → most recent positive item, for validation
	revenue        []float64       // revenue of customers with orders
}

// collect reads the histories into matrices. Items of the catalogue come
// first, so cold items have indexes too.
func (h *histories) collect(catalogue []rapport.Product, w recommend.Weights, halfLife time.Duration, now time.Time) *trainingData {
	h.mu.RLock()
	defer h.mu.RUnlock()
	d := &trainingData{firstSeen: map[string]time.Time{}, last: map[int32]int32{}}
	for _, p := range catalogue {
		d.items.ID(p.ID)
	}
	ids := make([]string, 0, len(h.by))
	for id := range h.by {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	var all, bought, decayed []recommend.Triple
	for _, id := range ids {
		c := h.by[id]
		if len(c.items) == 0 {
			continue
		}
		u := d.users.ID(id)
		g := int32(-1)
		if c.region != "" {
			g = d.regions.ID(c.region)
		}
		d.groupOf = append(d.groupOf, g)
		if c.orders > 0 {
			d.revenue = append(d.revenue, c.revenue)
		}
		var lastAt time.Time
		for _, pid := range sortedKeys(c.items) {
			t := c.items[pid]
			weight := t.weightOf(w)
			it := d.items.ID(pid)
			all = append(all, recommend.Triple{User: u, Item: it, Value: weight})
			if t.bought && weight > 0 {
				bought = append(bought, recommend.Triple{User: u, Item: it, Value: 1})
			}
			v := weight
			if age := now.Sub(t.at); halfLife > 0 && age > 0 {
				v *= float32(math.Exp2(-float64(age) / float64(halfLife)))
			}
			decayed = append(decayed, recommend.Triple{User: u, Item: it, Value: v})
			if f, ok := d.firstSeen[pid]; !ok || t.at.Before(f) {
				d.firstSeen[pid] = t.at
			}
			if weight > 0 && t.at.After(lastAt) {
				lastAt, d.last[u] = t.at, it
			}
		}
	}
	n, m := d.users.Len(), d.items.Len()
	d.all = recommend.NewMatrix(n, m, all)
	d.purchases = recommend.NewMatrix(n, m, bought)
	d.decayed = recommend.NewMatrix(n, m, decayed)
	return d
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// validation holds out each user's most recent positive item (users with at
// least three items) and returns the reduced matrix and the held-out items.
func (d *trainingData) validation() (*recommend.Matrix, map[int32]int32) {
	held := map[int32]int32{}
	var ts []recommend.Triple
	for u := 0; u < d.all.Users; u++ {
		items, vals := d.all.Row(u)
		last, ok := d.last[int32(u)]
		hold := ok && len(items) >= 3
		for k, it := range items {
			if hold && it == last {
				held[int32(u)] = it
				continue
			}
			ts = append(ts, recommend.Triple{User: int32(u), Item: it, Value: vals[k]})
		}
	}
	return recommend.NewMatrix(d.all.Users, d.all.Items, ts), held
}

// leaveOneOutNDCG is the mean nDCG@10 of the held-out items.
func leaveOneOutNDCG(m recommend.Model, x *recommend.Matrix, held map[int32]int32) float64 {
	if len(held) == 0 {
		return 0
	}
	dst := make([]float32, x.Items)
	var sum float64
	for u, it := range held {
		h := x.History(int(u))
		seen := map[int32]bool{}
		for _, s := range h.Items {
			seen[s] = true
		}
		m.Score(h, dst)
		top := recommend.TopN(dst, 10, func(i int32) bool { return seen[i] })
		for r, s := range top {
			if s.Item == it {
				sum += 1 / math.Log2(float64(r+2))
			}
		}
	}
	return sum / float64(len(held))
}

// candidates are the main models tried at each retrain: EASE only up to
// the settings' ceiling.
func (s *Service) candidates(items int) []recommend.Model {
	out := []recommend.Model{
		&recommend.ItemKNN{Neighbors: 100, Shrinkage: 10},
		&recommend.IALS{Factors: s.cfg.Factors, Lambda: 30, Alpha: 3, Iterations: 10, CGSteps: 3, Seed: 1},
	}
	if items <= s.settings().MaxEASEItems {
		out = append(out, &recommend.EASE{Lambda: 300})
	}
	return out
}

// train fits every candidate on the validation split, keeps the best and
// fits the final models on all data.
func (s *Service) train(ctx context.Context, d *trainingData, catalogue []rapport.Product, now time.Time) (*snapshot, error) {
	vx, held := d.validation()
	var best recommend.Model
	bestScore := -1.0
	for _, m := range s.candidates(d.all.Items) {
		if err := m.Fit(ctx, vx); err != nil {
			return nil, err
		}
		score := leaveOneOutNDCG(m, vx, held)
		s.log.Info("recommendation candidate", "model", m.Name(), "validation_ndcg10", score, "held_out", len(held))
		if score > bestScore {
			best, bestScore = m, score
		}
	}
	if err := best.Fit(ctx, d.all); err != nil {
		return nil, err
	}
	snap := &snapshot{main: best, items: d.items, regions: d.regions,
		similar:  &recommend.ItemKNN{Neighbors: 100, Shrinkage: 10},
		together: &recommend.ItemKNN{Neighbors: 50, Shrinkage: 2, Binary: true},
		pop:      &recommend.Popularity{Groups: d.groupOf},
	}
	if knn, ok := best.(*recommend.ItemKNN); ok {
		snap.similar = knn
	} else if err := snap.similar.Fit(ctx, d.all); err != nil {
		return nil, err
	}
	if err := snap.together.Fit(ctx, d.purchases); err != nil {
		return nil, err
	}
	if err := snap.pop.Fit(ctx, d.decayed); err != nil {
		return nil, err
	}
	snap.meta = rapport.RecommendModel{Kind: best.Name(), Validation: bestScore, TrainedAt: now,
		Users: d.all.Users, Items: d.all.Items, Interactions: d.all.NNZ()}
	snap.fillCatalogue(catalogue, d.firstSeen, d.revenue)
	return snap, nil
}

// fillCatalogue sets the per-item facts and thresholds.
func (snap *snapshot) fillCatalogue(catalogue []rapport.Product, firstSeen map[string]time.Time, revenue []float64) {
	n := snap.items.Len()
	snap.products = make([]rapport.Product, n)
	snap.firstSeen = make([]time.Time, n)
	byCat := map[string][]float64{}
	for _, p := range catalogue {
		if i, ok := snap.items.Lookup(p.ID); ok {
			snap.products[i] = p
			byCat[p.Category] = append(byCat[p.Category], p.Price)
		}
	}
	for i := 0; i < n; i++ {
		if snap.products[i].ID == "" {
			snap.products[i].ID = snap.items.Key(int32(i))
		}
		snap.firstSeen[i] = firstSeen[snap.items.Key(int32(i))]
	}
	snap.premium = map[string]float64{}
	for c, prices := range byCat {
		snap.premium[c] = quantile(prices, 0.75)
	}
	snap.highValue = quantile(revenue, 0.8)
	snap.prepare()
}

func quantile(v []float64, q float64) float64 {
	if len(v) == 0 {
		return math.Inf(1)
	}
	s := slices.Clone(v)
	sort.Float64s(s)
	return s[int(q*float64(len(s)-1))]
}

// stored is the persisted form of a snapshot.
type stored struct {
	Items     []string
	Products  []rapport.Product
	FirstSeen []time.Time
	Main      recommend.State
	Similar   recommend.State
	Together  recommend.State
	Pop       recommend.State
	Regions   []string
	HighValue float64
	Premium   map[string]float64
}

func (snap *snapshot) encode() ([]byte, error) {
	st := stored{Products: snap.products, FirstSeen: snap.firstSeen, HighValue: snap.highValue, Premium: snap.premium}
	for i := 0; i < snap.items.Len(); i++ {
		st.Items = append(st.Items, snap.items.Key(int32(i)))
	}
	for i := 0; i < snap.regions.Len(); i++ {
		st.Regions = append(st.Regions, snap.regions.Key(int32(i)))
	}
	var err error
	for _, p := range []struct {
		m   recommend.Model
		dst *recommend.State
	}{{snap.main, &st.Main}, {snap.similar, &st.Similar}, {snap.together, &st.Together}, {snap.pop, &st.Pop}} {
		if *p.dst, err = recommend.Save(p.m); err != nil {
			return nil, err
		}
	}
	var b bytes.Buffer
	if err := gob.NewEncoder(&b).Encode(&st); err != nil {
		return nil, fmt.Errorf("encode recommendation model: %w", err)
	}
	return b.Bytes(), nil
}

func decodeSnapshot(m *rapport.RecommendModel) (*snapshot, error) {
	var st stored
	if err := gob.NewDecoder(bytes.NewReader(m.Data)).Decode(&st); err != nil {
		return nil, fmt.Errorf("decode recommendation model: %w", err)
	}
	snap := &snapshot{meta: *m, products: st.Products, firstSeen: st.FirstSeen, highValue: st.HighValue, premium: st.Premium}
	snap.meta.Data = nil
	for _, id := range st.Items {
		snap.items.ID(id)
	}
	for _, r := range st.Regions {
		snap.regions.ID(r)
	}
	var err error
	if snap.main, err = recommend.Load(st.Main); err != nil {
		return nil, err
	}
	sim, err := recommend.Load(st.Similar)
	if err != nil {
		return nil, err
	}
	tog, err := recommend.Load(st.Together)
	if err != nil {
		return nil, err
	}
	pop, err := recommend.Load(st.Pop)
	if err != nil {
		return nil, err
	}
	snap.similar, snap.together, snap.pop = sim.(*recommend.ItemKNN), tog.(*recommend.ItemKNN), pop.(*recommend.Popularity)
	snap.prepare()
	return snap, nil
}
