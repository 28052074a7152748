package predict

import "sort"

// AUC is the area under the ROC curve of scores for binary labels: the
// chance a random positive scores above a random negative, ties counting
// one half (the Mann-Whitney statistic). It is 0.5 when either class is empty.
func AUC(scores []float64, labels []bool) float64 {
	idx := make([]int, len(scores))
	for i := range idx {
		idx[i] = i
	}
	sort.Slice(idx, func(i, j int) bool { return scores[idx[i]] < scores[idx[j]] })
	var pos, neg, rankSum float64
	for k := 0; k < len(idx); {
		j := k
		for j < len(idx) && scores[idx[j]] == scores[idx[k]] {
			j++
		}
		mid := float64(k+j+1) / 2 // mean of ranks k+1 … j
		for _, i := range idx[k:j] {
			if labels[i] {
				pos++
				rankSum += mid
			} else {
				neg++
			}
		}
		k = j
	}
	if pos == 0 || neg == 0 {
		return 0.5
	}
	return (rankSum - pos*(pos+1)/2) / (pos * neg)
}
