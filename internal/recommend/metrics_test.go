package recommend

import (
	"math"
	"testing"
)

func TestRankHandCases(t *testing.T) {
	truth := map[int32]bool{1: true, 3: true, 9: true}
	// Hits at ranks 1 and 3 of 4 recommended, k = 4, three relevant items.
	r := Rank([]int32{1, 2, 3, 4}, truth, 4)
	l := math.Log2
	cases := []struct {
		name      string
		got, want float64
	}{
		{"precision", r.Precision, 2.0 / 4},
		{"recall", r.Recall, 2.0 / 3},
		{"ndcg", r.NDCG, (1/l(2) + 1/l(4)) / (1/l(2) + 1/l(3) + 1/l(4))},
		{"hit rate", r.HitRate, 1},
		{"map", r.MAP, (1.0/1 + 2.0/3) / 3},
	}
	for _, c := range cases {
		if math.Abs(c.got-c.want) > 1e-12 {
			t.Errorf("%s = %v, want %v", c.name, c.got, c.want)
		}
	}
	// k smaller than the truth: ideal DCG and MAP use min(k, |truth|).
	r = Rank([]int32{5, 9}, truth, 2)
	if want := (1 / l(3)) / (1/l(2) + 1/l(3)); math.Abs(r.NDCG-want) > 1e-12 {
		t.Errorf("ndcg@2 = %v, want %v", r.NDCG, want)
	}
	if want := (1.0 / 2) / 2; math.Abs(r.MAP-want) > 1e-12 {
		t.Errorf("map@2 = %v, want %v", r.MAP, want)
	}
	if r := Rank([]int32{2, 4}, truth, 2); r != (Ranking{}) {
		t.Errorf("no hits = %+v, want zeros", r)
	}
	if r := Rank([]int32{1, 3, 9}, truth, 3); r.NDCG != 1 || r.MAP != 1 || r.Recall != 1 {
		t.Errorf("perfect list = %+v, want nDCG, MAP and recall 1", r)
	}
}
