package predict

import (
	"math"
	"math/rand/v2"
	"strings"
	"testing"
)

func TestAUCHandCases(t *testing.T) {
	cases := []struct {
		scores []float64
		labels []bool
		want   float64
	}{
		{[]float64{0.1, 0.2, 0.8, 0.9}, []bool{false, false, true, true}, 1},
		{[]float64{0.1, 0.2, 0.8, 0.9}, []bool{true, true, false, false}, 0},
		{[]float64{0.5, 0.5, 0.5, 0.5}, []bool{true, false, true, false}, 0.5},
		// Pairs (pos, neg): (0.8,0.1) win, (0.8,0.9) loss, (0.4,0.1) win, (0.4,0.9) loss.
		{[]float64{0.1, 0.8, 0.4, 0.9}, []bool{false, true, true, false}, 0.5},
		// One tie among the two pairs: (0.3 vs 0.3) half, (0.3 vs 0.1) win.
		{[]float64{0.3, 0.3, 0.1}, []bool{true, false, false}, 0.75},
		{[]float64{1, 2}, []bool{true, true}, 0.5},
	}
	for _, c := range cases {
		if got := AUC(c.scores, c.labels); math.Abs(got-c.want) > 1e-12 {
			t.Errorf("AUC(%v, %v) = %v, want %v", c.scores, c.labels, got, c.want)
		}
	}
}

func TestLogisticRecoversSimulatedWeights(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	var xs [][]float64
	var ys []bool
	for range 20000 {
		x := []float64{rng.NormFloat64(), rng.NormFloat64()}
		p := 1 / (1 + math.Exp(-(1.5*x[0] - 2*x[1] + 0.5)))
		xs, ys = append(xs, x), append(ys, rng.Float64() < p)
	}
	m, err := FitLogistic([]string{"a", "b"}, xs, ys)
	if err != nil {
		t.Fatal(err)
	}
	// Standardised weights times 1/std give the raw ones (std ≈ 1 here).
	for i, want := range []float64{1.5, -2} {
		if got := m.Weights[i] / m.Std[i]; math.Abs(got-want) > 0.1 {
			t.Errorf("weight %d = %.3f, want %.1f", i, got, want)
		}
	}
	if p := m.Probability([]float64{3, -3}); p < 0.99 {
		t.Errorf("P(y | far positive point) = %v", p)
	}
}

func TestKMeansFindsSeparatedBlobs(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	centres := [][]float64{{0, 0}, {10, 0}, {0, 10}}
	var xs [][]float64
	var truth []int
	for c, ctr := range centres {
		for range 100 {
			xs = append(xs, []float64{ctr[0] + rng.NormFloat64(), ctr[1] + rng.NormFloat64()})
			truth = append(truth, c)
		}
	}
	km, err := FitKMeans(xs, 0, 1)
	if err != nil {
		t.Fatal(err)
	}
	if km.K != 3 {
		t.Fatalf("silhouette chose k = %d (tried %v), want 3", km.K, km.Silhouettes)
	}
	// Every blob maps to one cluster and no two blobs share one.
	seen := map[int]int{}
	for i, c := range km.Assign {
		if prev, ok := seen[truth[i]]; ok && prev != c {
			t.Fatalf("blob %d split between clusters %d and %d", truth[i], prev, c)
		}
		seen[truth[i]] = c
	}
	if len(map[int]bool{seen[0]: true, seen[1]: true, seen[2]: true}) != 3 {
		t.Errorf("blobs merged: %v", seen)
	}
	if km.Silhouette < 0.7 {
		t.Errorf("silhouette %.2f for well-separated blobs", km.Silhouette)
	}
	fixed, err := FitKMeans(xs, 2, 1)
	if err != nil || fixed.K != 2 {
		t.Errorf("fixed k = 2: %v, %v", fixed, err)
	}
}

func TestDescribeWordsTheCentre(t *testing.T) {
	en, zh := describe([]float64{-1, 1.2, -0.8}, "mini_program")
	if en != "recent, frequent, low spend, mostly mini-program" {
		t.Errorf("en = %q", en)
	}
	if zh != "近期购买，高频，低消费，主要通过小程序" {
		t.Errorf("zh = %q", zh)
	}
	en, _ = describe([]float64{1, 0, 0.9}, "")
	if en != "lapsed, moderately frequent, high spend" {
		t.Errorf("en = %q", en)
	}
}

func TestSegmentGridCoversEveryScore(t *testing.T) {
	seen := map[string]bool{}
	for r := 1; r <= 5; r++ {
		for f := 1; f <= 5; f++ {
			for m := 1; m <= 5; m++ {
				s := SegmentOf(r, f, m)
				if s == "" {
					t.Fatalf("R%d F%d M%d has no segment", r, f, m)
				}
				seen[s] = true
			}
		}
	}
	if len(seen) != len(Segments) {
		t.Errorf("grid uses %d segments, want %d", len(seen), len(Segments))
	}
	if SegmentOf(5, 5, 5) != Champions || SegmentOf(1, 1, 1) != Lost || SegmentOf(1, 5, 5) != CantLoseThem ||
		!strings.HasPrefix(SegmentOf(5, 1, 1), "New") {
		t.Error("corner cells misnamed")
	}
}
