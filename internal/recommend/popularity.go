package recommend

import (
	"context"
	"fmt"
)

// Popularity scores items by the sum of their positive interaction weights,
// overall or within the customer's group (segment or region). Time decay
// comes from the matrix: build it with a half-life (Interactions.Matrix) and
// older interactions weigh less.
type Popularity struct {
	// Groups, if set, gives each user of the fitted matrix a group index
	// (-1 for none); scores then come from the history's group, falling back
	// to overall popularity for histories without a known group.
	Groups []int32
	// GroupBlend is the share of overall popularity mixed into a group's
	// scores, in [0, 1], so small groups are not ranked on a handful of
	// purchases. Zero means 0.2.
	GroupBlend float32

	overall []float32
	byGroup map[int32][]float32
}

// Name implements Model.
func (p *Popularity) Name() string {
	if p.Groups != nil {
		return "popularity-by-group"
	}
	return "popularity"
}

// Fit implements Model.
func (p *Popularity) Fit(_ context.Context, x *Matrix) error {
	if p.Groups != nil && len(p.Groups) != x.Users {
		return fmt.Errorf("recommend: popularity: %d groups for %d users", len(p.Groups), x.Users)
	}
	p.overall = make([]float32, x.Items)
	p.byGroup = nil
	sums := map[int32][]float32{}
	for u := 0; u < x.Users; u++ {
		items, vals := x.Row(u)
		var g []float32
		if p.Groups != nil && p.Groups[u] >= 0 {
			if g = sums[p.Groups[u]]; g == nil {
				g = make([]float32, x.Items)
				sums[p.Groups[u]] = g
			}
		}
		for k, it := range items {
			if v := vals[k]; v > 0 {
				p.overall[it] += v
				if g != nil {
					g[it] += v
				}
			}
		}
	}
	if p.Groups != nil {
		p.byGroup = blendGroups(sums, p.overall, p.blend())
	}
	return nil
}

func (p *Popularity) blend() float32 {
	if p.GroupBlend == 0 {
		return 0.2
	}
	return p.GroupBlend
}

// blendGroups normalises each group's sums and mixes in the overall shares.
func blendGroups(sums map[int32][]float32, overall []float32, w float32) map[int32][]float32 {
	total := sum32(overall)
	out := make(map[int32][]float32, len(sums))
	for g, s := range sums {
		gt := sum32(s)
		b := make([]float32, len(s))
		for i := range s {
			b[i] = (1-w)*s[i]/nonZero(gt) + w*overall[i]/nonZero(total)
		}
		out[g] = b
	}
	return out
}

func sum32(x []float32) float32 {
	var s float32
	for _, v := range x {
		s += v
	}
	return s
}

func nonZero(x float32) float32 {
	if x == 0 {
		return 1
	}
	return x
}

// Score implements Model: the history's items only matter through its group.
func (p *Popularity) Score(h History, dst []float32) {
	copy(dst, p.Of(h.Group))
}

// Of returns the scores of a group (overall for -1 or an unknown group),
// shared: do not modify them.
func (p *Popularity) Of(group int32) []float32 {
	if g, ok := p.byGroup[group]; ok && group >= 0 {
		return g
	}
	return p.overall
}
