package offline

import (
	"context"
	"sync"
	"time"

	"github.com/rapport-cx/rapport/internal/recommend"
)

// Cutoffs are the list lengths every protocol reports.
var Cutoffs = []int{10, 20}

// Result is one model's figures on one split.
type Result struct {
	Model    string                    // name with parameters
	At       map[int]recommend.Ranking // mean metrics per cutoff
	Coverage map[int]float64           // share of training items recommended to anyone, per cutoff
	Users    int                       // evaluated users
	Train    time.Duration             // fitting time
}

// FitAndEvaluate fits the model on the split's training matrix and
// evaluates it.
func FitAndEvaluate(ctx context.Context, m recommend.Model, s *Split) (Result, error) {
	start := time.Now()
	if err := m.Fit(ctx, s.Train); err != nil {
		return Result{}, err
	}
	took := time.Since(start)
	r, err := Evaluate(ctx, m, s)
	r.Train = took
	return r, err
}

// Evaluate ranks, for every user with truth, the training items the user has
// not interacted with, and averages the metrics over those users.
func Evaluate(ctx context.Context, m recommend.Model, s *Split) (Result, error) {
	users := s.EvaluatedUsers()
	maxK := Cutoffs[len(Cutoffs)-1]
	lists := make([][]int32, len(users))
	var wg sync.WaitGroup
	jobs := make(chan int)
	for w := 0; w < 2; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			dst := make([]float32, s.Train.Items)
			for n := range jobs {
				lists[n] = recommendFor(m, s, users[n], dst, maxK)
			}
		}()
	}
	for n := range users {
		if ctx.Err() != nil {
			break
		}
		jobs <- n
	}
	close(jobs)
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return Result{}, err
	}
	return summarise(m.Name(), s, users, lists), nil
}

// recommendFor returns the top maxK unseen items for one user.
func recommendFor(m recommend.Model, s *Split, u int32, dst []float32, maxK int) []int32 {
	h := s.Train.History(int(u))
	seen := make(map[int32]bool, len(h.Items))
	for _, it := range h.Items {
		seen[it] = true
	}
	m.Score(h, dst)
	top := recommend.TopN(dst, maxK, func(i int32) bool { return seen[i] })
	out := make([]int32, len(top))
	for i, t := range top {
		out[i] = t.Item
	}
	return out
}

func summarise(name string, s *Split, users []int32, lists [][]int32) Result {
	r := Result{Model: name, At: map[int]recommend.Ranking{}, Coverage: map[int]float64{}, Users: len(users)}
	for _, k := range Cutoffs {
		var mean recommend.Ranking
		covered := map[int32]bool{}
		for n, u := range users {
			mean.Add(recommend.Rank(lists[n], s.Truth[u], k))
			for _, it := range lists[n][:min(k, len(lists[n]))] {
				covered[it] = true
			}
		}
		if len(users) > 0 {
			mean.Scale(1 / float64(len(users)))
		}
		r.At[k] = mean
		r.Coverage[k] = float64(len(covered)) / float64(max(1, s.Train.Items))
	}
	return r
}
