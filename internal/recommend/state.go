package recommend

import "fmt"

// State is a fitted model in exported fields, for encoding (gob) and
// restoring without refitting.
type State struct {
	Kind    string // "popularity", "item-knn", "ials" or "ease"
	Items   int
	Params  []float64           // the model's parameters, in the order of its fields
	Floats  []float32           // item factors (ials) or the weight matrix (ease) or scores (popularity)
	Extra   []float32           // ials: YᵀY
	Lists   [][]Scored          // item-knn: neighbours per item
	Groups  map[int32][]float32 // popularity: scores per group
	GroupOf []int32             // popularity: group per fitted user
}

// Save returns the state of a fitted model.
func Save(m Model) (State, error) {
	switch m := m.(type) {
	case *Popularity:
		return State{Kind: "popularity", Items: len(m.overall), Params: []float64{float64(m.GroupBlend)},
			Floats: m.overall, Groups: m.byGroup, GroupOf: m.Groups}, nil
	case *ItemKNN:
		return State{Kind: "item-knn", Items: m.items, Params: []float64{float64(m.Neighbors), float64(m.Shrinkage), b2f(m.Binary)},
			Lists: m.nbrs}, nil
	case *IALS:
		return State{Kind: "ials", Items: m.items, Params: []float64{float64(m.Factors), float64(m.Lambda), float64(m.Alpha),
			float64(m.Iterations), float64(m.CGSteps), float64(m.Seed)}, Floats: m.y, Extra: m.gy}, nil
	case *EASE:
		return State{Kind: "ease", Items: m.items, Params: []float64{m.Lambda}, Floats: m.b}, nil
	}
	return State{}, fmt.Errorf("recommend: cannot save a %T", m)
}

func b2f(b bool) float64 {
	if b {
		return 1
	}
	return 0
}

// Load restores a model saved by Save.
func Load(s State) (Model, error) {
	p := func(i int) float64 {
		if i < len(s.Params) {
			return s.Params[i]
		}
		return 0
	}
	switch s.Kind {
	case "popularity":
		return &Popularity{GroupBlend: float32(p(0)), overall: s.Floats, byGroup: s.Groups, Groups: s.GroupOf}, nil
	case "item-knn":
		if len(s.Lists) != s.Items {
			return nil, fmt.Errorf("recommend: item-knn state has %d lists for %d items", len(s.Lists), s.Items)
		}
		return &ItemKNN{Neighbors: int(p(0)), Shrinkage: float32(p(1)), Binary: p(2) == 1, items: s.Items, nbrs: s.Lists}, nil
	case "ials":
		k := int(p(0))
		if k <= 0 || len(s.Floats) != s.Items*k || len(s.Extra) != k*k {
			return nil, fmt.Errorf("recommend: ials state does not match %d items × %d factors", s.Items, k)
		}
		return &IALS{Factors: k, Lambda: float32(p(1)), Alpha: float32(p(2)), Iterations: int(p(3)), CGSteps: int(p(4)),
			Seed: uint64(p(5)), items: s.Items, y: s.Floats, gy: s.Extra}, nil
	case "ease":
		if len(s.Floats) != s.Items*s.Items {
			return nil, fmt.Errorf("recommend: ease state does not match %d items", s.Items)
		}
		return &EASE{Lambda: p(0), items: s.Items, b: s.Floats}, nil
	}
	return nil, fmt.Errorf("recommend: unknown model kind %q", s.Kind)
}
