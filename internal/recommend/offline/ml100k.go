package offline

import (
	"bufio"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"slices"
	"strconv"
	"strings"
)

// ML100KRatio and ML100KSeed are the split of Microsoft Recommenders'
// MovieLens-100K benchmark: 75% of each user's ratings for training.
const (
	ML100KRatio = 0.75
	ML100KSeed  = 42
)

// ReadML100K reads MovieLens-100K's u.data (user, item, rating, timestamp,
// tab-separated) as (user, item) pairs in file order; every rating counts as
// an implicit positive.
func ReadML100K(path string) ([]pair, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return parseML100K(f)
}

func parseML100K(r io.Reader) ([]pair, error) {
	var out []pair
	sc := bufio.NewScanner(r)
	for line := 1; sc.Scan(); line++ {
		f := strings.Split(sc.Text(), "\t")
		if len(f) != 4 {
			return nil, fmt.Errorf("offline: ml100k line %d: want 4 tab-separated fields, got %d", line, len(f))
		}
		out = append(out, pair{user: f[0], item: f[1]})
	}
	return out, sc.Err()
}

// StratifiedSplit splits each user's pairs at random: the first
// round(ratio·n) of a shuffle go to training, the rest to the truth. Users
// are taken in ascending numeric id (then text), each user's pairs in input
// order, and one generator PCG(seed, seed) shuffles them all in turn
// (Fisher-Yates, math/rand/v2), so the split is reproducible.
func StratifiedSplit(pairs []pair, ratio float64, seed uint64) *Split {
	byUser := map[string][]pair{}
	var users []string
	for _, p := range pairs {
		if byUser[p.user] == nil {
			users = append(users, p.user)
		}
		byUser[p.user] = append(byUser[p.user], p)
	}
	slices.SortFunc(users, compareIDs)
	rng := rand.New(rand.NewPCG(seed, seed))
	var train, truth []pair
	for _, u := range users {
		ps := slices.Clone(byUser[u])
		rng.Shuffle(len(ps), func(i, j int) { ps[i], ps[j] = ps[j], ps[i] })
		n := int(math.Round(ratio * float64(len(ps))))
		train = append(train, ps[:n]...)
		truth = append(truth, ps[n:]...)
	}
	return build(train, truth)
}

// compareIDs orders numeric ids by value, then everything else as text.
func compareIDs(a, b string) int {
	x, errA := strconv.Atoi(a)
	y, errB := strconv.Atoi(b)
	if errA == nil && errB == nil {
		return x - y
	}
	return strings.Compare(a, b)
}

// trainPairs returns the training pairs of a split, to split them again for
// validation.
func (s *Split) trainPairs() []pair {
	var out []pair
	for u := 0; u < s.Train.Users; u++ {
		items, _ := s.Train.Row(u)
		for _, it := range items {
			out = append(out, pair{user: s.Users.Key(int32(u)), item: s.Items.Key(it)})
		}
	}
	return out
}
