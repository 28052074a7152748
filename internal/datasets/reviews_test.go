package datasets

import (
	"bufio"
	"compress/gzip"
	"context"
	"encoding/csv"
	"encoding/json"
	"os"
	"strconv"
	"testing"

	"github.com/rapport-cx/rapport"
)

func gzipReader(t *testing.T, path string) *gzip.Reader {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	zr, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	return zr
}

func TestWomensClothingReviews(t *testing.T) {
	path := dataset(t, WomensClothingFile)
	rows, err := csv.NewReader(gzipReader(t, path)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	rows = rows[1:]
	products := map[string]bool{}
	for _, r := range rows {
		products[r[1]] = true
	}
	st := openStore(t)
	ctx := context.Background()
	opts := Options{ReceivedAt: testReceivedAt}
	res, err := Reviews(ctx, st, path, FormatWomensClothing, opts)
	if err != nil {
		t.Fatal(err)
	}
	c := counts(t, st)
	if res.Rows != int64(len(rows)) || c.Reviews != len(rows) || c.Anonymous != len(rows) || c.Customers != 0 || c.Products != len(products) {
		t.Errorf("rows %d, counts %+v; want %d reviews by as many anonymous reviewers, %d products", res.Rows, c, len(rows), len(products))
	}
	for _, r := range []([]string){rows[0], rows[1234], rows[len(rows)-1]} {
		cu := customer(t, st, rapport.AnonymousPrefix+"womens-clothing-"+r[0])
		rating, _ := strconv.ParseFloat(r[5], 64)
		age, _ := strconv.Atoi(r[2])
		if cu.Known || cu.Stats.Reviews != 1 || cu.Stats.LastRating != rating || cu.Basic.Age != age {
			t.Errorf("reviewer %s: known %v reviews %d rating %v age %d; want 1 review rated %v, age %d",
				r[0], cu.Known, cu.Stats.Reviews, cu.Stats.LastRating, cu.Basic.Age, rating, age)
		}
	}
	reimport(t, st, func() (Result, error) { return Reviews(ctx, st, path, FormatWomensClothing, opts) })
}

// amazonRecord is the part of an Amazon review that makes it one review.
type amazonRecord struct {
	Reviewer string  `json:"reviewerID"`
	ASIN     string  `json:"asin"`
	Time     int64   `json:"unixReviewTime"`
	Overall  float64 `json:"overall"`
	Summary  string  `json:"summary"`
	Text     string  `json:"reviewText"`
}

func TestAmazonReviews(t *testing.T) {
	path := dataset(t, AmazonBeautyFile)
	distinct := map[amazonRecord]bool{}
	reviewers, asins := map[string]int{}, map[string]bool{}
	ratings := map[string]float64{}
	lines := 0
	sc := bufio.NewScanner(gzipReader(t, path))
	sc.Buffer(nil, 1<<22)
	for sc.Scan() {
		lines++
		var r amazonRecord
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			t.Fatal(err)
		}
		if !distinct[r] {
			distinct[r] = true
			reviewers[r.Reviewer]++
			ratings[r.Reviewer] += r.Overall
			asins[r.ASIN] = true
		}
	}
	st := openStore(t)
	ctx := context.Background()
	opts := Options{ReceivedAt: testReceivedAt, BatchSize: 500}
	res, err := Reviews(ctx, st, path, FormatAmazon, opts)
	if err != nil {
		t.Fatal(err)
	}
	c := counts(t, st)
	if res.Rows != int64(lines) || res.Skipped != int64(lines-len(distinct)) || c.Reviews != len(distinct) ||
		c.Customers != len(reviewers) || c.Products != len(asins) {
		t.Errorf("rows %d skipped %d, counts %+v; want %d lines, %d reviews by %d reviewers of %d products",
			res.Rows, res.Skipped, c, lines, len(distinct), len(reviewers), len(asins))
	}
	for _, id := range []string{"A3CIUOJXQ5VDQ2", "A3E5V5TSTAY3R9", "A281NPSIMI1C2R"} {
		cu := customer(t, st, id)
		if cu.Stats.Reviews != reviewers[id] || cu.Stats.RatingSum != ratings[id] {
			t.Errorf("reviewer %s: %d reviews, rating sum %v; want %d and %v", id, cu.Stats.Reviews, cu.Stats.RatingSum, reviewers[id], ratings[id])
		}
	}
	reimport(t, st, func() (Result, error) { return Reviews(ctx, st, path, FormatAmazon, opts) })
}

func TestReviewsUnknownFormat(t *testing.T) {
	path := dataset(t, AmazonBeautyFile)
	_, err := Reviews(context.Background(), nil, path, "yelp", Options{})
	if rapport.ErrorCode(err) != rapport.EINVALID {
		t.Errorf("error = %v, want an invalid format error", err)
	}
}
