package textan

import (
	"sync"
	"testing"

	"github.com/rapport-cx/rapport/internal/datasets"
)

var (
	shoppingOnce sync.Once
	shopping     []Labelled
	shoppingErr  error
)

// shoppingData loads online_shopping_10_cats once per test binary.
func shoppingData(t testing.TB) []Labelled {
	t.Helper()
	shoppingOnce.Do(func() {
		path, err := datasets.Locate("chinese-sentiment/online_shopping_10_cats.csv.gz")
		if err != nil {
			shoppingErr = err
			return
		}
		shopping, shoppingErr = LoadChineseSentiment(path)
	})
	if shoppingErr != nil {
		t.Fatal(shoppingErr)
	}
	return shopping
}

// subsample takes every k-th item so that about n remain, keeping order.
func subsample(data []Labelled, n int) []Labelled {
	k := max(len(data)/n, 1)
	var out []Labelled
	for i := 0; i < len(data); i += k {
		out = append(out, data[i])
	}
	return out
}
