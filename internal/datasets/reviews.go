package datasets

import (
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/rapport-cx/rapport"
)

// Review set formats Reviews understands.
const (
	FormatWomensClothing = "womens-clothing" // Kaggle Women's E-Commerce Clothing Reviews (CSV)
	FormatAmazon         = "amazon"          // Amazon Review Data 2018 (JSON lines), e.g. the All Beauty 5-core file
)

// Files of the review sets under the shared datasets folder.
const (
	WomensClothingFile = "womens-clothing-ecommerce-reviews/Womens Clothing E-Commerce Reviews.csv.gz"
	AmazonBeautyFile   = "amazon-reviews-2018-all-beauty-5core/All_Beauty_5.json.gz"
)

// Sources of events imported from the review sets.
const (
	WomensClothingSource = "import:womens-clothing"
	AmazonSource         = "import:amazon"
)

// WomensClothingTime is the timestamp of the first Women's Clothing review;
// the set has no dates, so review n is stamped n seconds after it (keeping
// file order). It is the month the set was published.
var WomensClothingTime = time.Date(2018, 2, 1, 0, 0, 0, 0, time.UTC)

// Reviews imports a product review set as Product Reviewed events on the web
// channel. format is FormatWomensClothing or FormatAmazon; see
// importWomensClothing and importAmazon for how each maps.
func Reviews(ctx context.Context, store rapport.EventStore, path, format string, opts Options) (Result, error) {
	var res Result
	in, err := openInput(path)
	if err != nil {
		return res, err
	}
	defer in.Close()
	sk := newSink(ctx, store, opts, in, &res)
	switch format {
	case FormatWomensClothing:
		err = importWomensClothing(in.r, sk, opts, &res)
	case FormatAmazon:
		err = importAmazon(in.r, sk, opts, &res)
	default:
		return res, rapport.FieldErrorf("format", "unknown review set format %q (want %s or %s)", format, FormatWomensClothing, FormatAmazon)
	}
	if err != nil {
		return res, err
	}
	return res, sk.finish()
}

var womensClothingColumns = []string{"", "Clothing ID", "Age", "Title", "Review Text", "Rating", "Recommended IND", "Positive Feedback Count", "Division Name", "Department Name", "Class Name"}

// importWomensClothing maps the Women's E-Commerce Clothing Reviews. The set
// names no reviewers, so each row is its own anonymous reviewer with the
// anonymousId "womens-clothing-<row index>" (the unnamed first column): one
// identify carrying the age trait, then one Product Reviewed with
// review_id "womens-clothing-<row index>", product_id = Clothing ID,
// category = Class Name, department = Department Name, division = Division
// Name, rating, title, review_body, recommended and helpful_votes.
// Reviewers stay anonymous profiles: the shop never knew who they were.
func importWomensClothing(r io.Reader, sk *sink, opts Options, res *Result) error {
	cr := csv.NewReader(r)
	cr.ReuseRecord = true
	cr.FieldsPerRecord = len(womensClothingColumns)
	header, err := cr.Read()
	if err != nil {
		return fmt.Errorf("datasets: womens clothing header: %w", err)
	}
	if err := checkHeader(header, womensClothingColumns); err != nil {
		return err
	}
	m := maker{source: WomensClothingSource, channel: rapport.ChannelWeb, received: opts.receivedAt()}
	for opts.Limit == 0 || res.Rows < opts.Limit {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("datasets: womens clothing: %w", err)
		}
		res.Rows++
		line, _ := cr.FieldPos(0)
		if err := womensClothingRow(m, sk, rec, line); err != nil {
			return err
		}
	}
	return nil
}

func womensClothingRow(m maker, sk *sink, rec []string, line int) error {
	idx, err := strconv.Atoi(rec[0])
	if err != nil {
		return fmt.Errorf("datasets: womens clothing line %d: index: %w", line, err)
	}
	rating, err := strconv.ParseFloat(rec[5], 64)
	if err != nil {
		return fmt.Errorf("datasets: womens clothing line %d: Rating: %w", line, err)
	}
	id := "womens-clothing-" + rec[0]
	w := who{anonymousID: id}
	at := WomensClothingTime.Add(time.Duration(idx) * time.Second)
	if age, err := strconv.Atoi(rec[2]); err == nil {
		if err := sk.add(m.identify("womens-clothing:identify:"+rec[0], w, at, map[string]any{"age": float64(age)})); err != nil {
			return err
		}
	}
	props := map[string]any{
		"review_id":   id,
		"product_id":  rec[1],
		"rating":      rating,
		"title":       strings.TrimSpace(rec[3]),
		"review_body": strings.TrimSpace(rec[4]),
		"recommended": rec[6] == "1",
		"category":    rec[10],
		"department":  rec[9],
		"division":    rec[8],
	}
	if votes, err := strconv.Atoi(rec[7]); err == nil {
		props["helpful_votes"] = float64(votes)
	}
	return sk.add(m.track(rapport.EventProductReviewed, "womens-clothing:review:"+rec[0], w, at, props))
}
