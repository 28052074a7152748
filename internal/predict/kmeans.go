package predict

import (
	"errors"
	"math"
	"math/rand/v2"
)

// KMeans is a clustering of standardised points.
type KMeans struct {
	K          int         `json:"k"`
	Centres    [][]float64 `json:"centres"`
	Assign     []int       `json:"-"` // cluster of each point, 0-based
	Inertia    float64     `json:"inertia"`
	Silhouette float64     `json:"silhouette"` // mean silhouette of a sample of points
	// Silhouettes[k-2] is the mean silhouette tried for k = 2, 3, … when k
	// was chosen automatically.
	Silhouettes []float64 `json:"silhouettes,omitempty"`
}

// FitKMeans clusters xs into k groups with k-means++ starts (the best of
// four by inertia). k ≤ 0 tries 2…8 and keeps the best mean silhouette.
// seed makes the result reproducible.
func FitKMeans(xs [][]float64, k int, seed uint64) (*KMeans, error) {
	if k > 0 {
		if k > len(xs) {
			return nil, errors.New("predict: k-means: more clusters than points")
		}
		km := bestOf(xs, k, seed)
		km.Silhouette = silhouette(xs, km.Assign, k, seed)
		return km, nil
	}
	var best *KMeans
	var tried []float64
	for k := 2; k <= 8 && k < len(xs); k++ {
		km := bestOf(xs, k, seed)
		km.Silhouette = silhouette(xs, km.Assign, k, seed)
		tried = append(tried, km.Silhouette)
		if best == nil || km.Silhouette > best.Silhouette {
			best = km
		}
	}
	if best == nil {
		return nil, errors.New("predict: k-means: fewer than 3 points")
	}
	best.Silhouettes = tried
	return best, nil
}

func bestOf(xs [][]float64, k int, seed uint64) *KMeans {
	var best *KMeans
	for r := range 4 {
		km := lloyd(xs, k, rand.New(rand.NewPCG(seed, uint64(k*10+r))))
		if best == nil || km.Inertia < best.Inertia {
			best = km
		}
	}
	return best
}

// lloyd runs Lloyd's iterations from a k-means++ start.
func lloyd(xs [][]float64, k int, rng *rand.Rand) *KMeans {
	km := &KMeans{K: k, Centres: plusPlus(xs, k, rng), Assign: make([]int, len(xs))}
	d := len(xs[0])
	for iter := 0; iter < 100; iter++ {
		changed := false
		for i, x := range xs {
			c, _ := nearest(km.Centres, x)
			if c != km.Assign[i] || iter == 0 {
				changed = changed || c != km.Assign[i]
				km.Assign[i] = c
			}
		}
		sums := make([][]float64, k)
		counts := make([]int, k)
		for c := range sums {
			sums[c] = make([]float64, d)
		}
		for i, x := range xs {
			c := km.Assign[i]
			counts[c]++
			for j, v := range x {
				sums[c][j] += v
			}
		}
		for c := range sums {
			if counts[c] == 0 {
				continue // keep an empty cluster's centre where it was
			}
			for j := range sums[c] {
				km.Centres[c][j] = sums[c][j] / float64(counts[c])
			}
		}
		if !changed && iter > 0 {
			break
		}
	}
	for i, x := range xs {
		km.Inertia += sqDist(x, km.Centres[km.Assign[i]])
	}
	return km
}

// plusPlus picks starting centres, each with probability proportional to its
// squared distance from the nearest centre chosen so far.
func plusPlus(xs [][]float64, k int, rng *rand.Rand) [][]float64 {
	centres := [][]float64{append([]float64(nil), xs[rng.IntN(len(xs))]...)}
	dist := make([]float64, len(xs))
	for len(centres) < k {
		var total float64
		for i, x := range xs {
			_, dist[i] = nearest(centres, x)
			total += dist[i]
		}
		pick := rng.Float64() * total
		i := 0
		for ; i < len(xs)-1 && pick >= dist[i]; i++ {
			pick -= dist[i]
		}
		centres = append(centres, append([]float64(nil), xs[i]...))
	}
	return centres
}

// Nearest is the index of the centre closest to x.
func (km *KMeans) Nearest(x []float64) int {
	c, _ := nearest(km.Centres, x)
	return c
}

func nearest(centres [][]float64, x []float64) (int, float64) {
	best, bestD := 0, math.Inf(1)
	for c, ctr := range centres {
		if d := sqDist(x, ctr); d < bestD {
			best, bestD = c, d
		}
	}
	return best, bestD
}

func sqDist(a, b []float64) float64 {
	var s float64
	for i := range a {
		d := a[i] - b[i]
		s += d * d
	}
	return s
}

// silhouetteSample bounds the points the silhouette is averaged over.
const silhouetteSample = 1500

// silhouette is the mean silhouette width (b-a)/max(a,b) over a sample.
func silhouette(xs [][]float64, assign []int, k int, seed uint64) float64 {
	idx := make([]int, len(xs))
	for i := range idx {
		idx[i] = i
	}
	if len(idx) > silhouetteSample {
		rng := rand.New(rand.NewPCG(seed, 99))
		rng.Shuffle(len(idx), func(i, j int) { idx[i], idx[j] = idx[j], idx[i] })
		idx = idx[:silhouetteSample]
	}
	var total float64
	sum := make([]float64, k)
	cnt := make([]int, k)
	for _, i := range idx {
		clear(sum)
		clear(cnt)
		for _, j := range idx {
			if i != j {
				sum[assign[j]] += math.Sqrt(sqDist(xs[i], xs[j]))
				cnt[assign[j]]++
			}
		}
		own := assign[i]
		if cnt[own] == 0 {
			continue // a singleton's silhouette is 0
		}
		a := sum[own] / float64(cnt[own])
		b := math.Inf(1)
		for c := range sum {
			if c != own && cnt[c] > 0 {
				b = math.Min(b, sum[c]/float64(cnt[c]))
			}
		}
		if m := math.Max(a, b); m > 0 && !math.IsInf(b, 1) {
			total += (b - a) / m
		}
	}
	return total / float64(len(idx))
}
