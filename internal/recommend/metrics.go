package recommend

import "math"

// Ranking holds the top-k ranking metrics of one list, or their mean.
type Ranking struct {
	Precision float64 // hits / k
	Recall    float64 // hits / |truth|
	NDCG      float64 // DCG / ideal DCG, binary relevance, log2 discount
	HitRate   float64 // 1 if any hit
	MAP       float64 // average precision: Σ precision@rank of hits / min(|truth|, k)
}

// Rank computes the metrics of the first k recommended items against the
// relevant set. An empty truth gives zeros.
func Rank(recs []int32, truth map[int32]bool, k int) Ranking {
	var r Ranking
	if len(truth) == 0 || k <= 0 {
		return r
	}
	var hits, dcg, ap float64
	for i, it := range recs[:min(k, len(recs))] {
		if truth[it] {
			hits++
			dcg += 1 / math.Log2(float64(i+2))
			ap += hits / float64(i+1)
		}
	}
	var idcg float64
	for i := 0; i < min(k, len(truth)); i++ {
		idcg += 1 / math.Log2(float64(i+2))
	}
	r.Precision = hits / float64(k)
	r.Recall = hits / float64(len(truth))
	r.NDCG = dcg / idcg
	if hits > 0 {
		r.HitRate = 1
	}
	r.MAP = ap / float64(min(k, len(truth)))
	return r
}

// Add accumulates another ranking (for means).
func (r *Ranking) Add(o Ranking) {
	r.Precision += o.Precision
	r.Recall += o.Recall
	r.NDCG += o.NDCG
	r.HitRate += o.HitRate
	r.MAP += o.MAP
}

// Scale multiplies every metric by f.
func (r *Ranking) Scale(f float64) {
	r.Precision *= f
	r.Recall *= f
	r.NDCG *= f
	r.HitRate *= f
	r.MAP *= f
}
