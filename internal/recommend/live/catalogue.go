package live

import (
	"strings"
	"time"
)

// freshFor is how recent an item's first interaction must be, counted back
// from training, for it to count as a new arrival.
const freshFor = 30 * 24 * time.Hour

// serving holds per-item facts derived once per snapshot so that a request
// reads slices instead of strings and maps: category indexes, items by
// category, premium and new-arrival flags, and lower-case text for search.
type serving struct {
	cat      []int32   // category index of each item (0 is "no category")
	cats     []string  // category names by index
	byCat    [][]int32 // items of each category
	valueMul []float32 // high-value rerank factor of each item: ×1.2 premium, ×1.2 new arrival
	fresh    []bool    // first interaction within freshFor of training
	text     []string  // lower-case "name category brand", for search matches
}

// prepare derives the serving facts from products, firstSeen and premium.
func (snap *snapshot) prepare() {
	n := len(snap.products)
	sv := serving{cat: make([]int32, n), cats: []string{""}, byCat: [][]int32{nil},
		valueMul: make([]float32, n), fresh: make([]bool, n), text: make([]string, n)}
	index := map[string]int32{"": 0}
	newest := snap.meta.TrainedAt.Add(-freshFor)
	for i, p := range snap.products {
		c, ok := index[p.Category]
		if !ok {
			c = int32(len(sv.cats))
			index[p.Category] = c
			sv.cats = append(sv.cats, p.Category)
			sv.byCat = append(sv.byCat, nil)
		}
		sv.cat[i] = c
		sv.byCat[c] = append(sv.byCat[c], int32(i))
		sv.valueMul[i] = 1
		if p.Price > 0 && p.Price >= snap.premium[p.Category] {
			sv.valueMul[i] *= 1.2
		}
		if i < len(snap.firstSeen) && snap.firstSeen[i].After(newest) {
			sv.fresh[i] = true
			sv.valueMul[i] *= 1.2
		}
		sv.text[i] = strings.ToLower(p.Name + " " + p.Category + " " + p.Brand)
	}
	snap.serving = sv
}
