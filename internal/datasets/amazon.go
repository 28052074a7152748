package datasets

import (
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/rapport-cx/rapport"
)

// amazonReview is one record of the Amazon Review Data (2018) JSON lines.
type amazonReview struct {
	Overall        float64 `json:"overall"`
	Verified       bool    `json:"verified"`
	ReviewerID     string  `json:"reviewerID"`
	ASIN           string  `json:"asin"`
	ReviewerName   string  `json:"reviewerName"`
	ReviewText     string  `json:"reviewText"`
	Summary        string  `json:"summary"`
	UnixReviewTime int64   `json:"unixReviewTime"`
	Vote           string  `json:"vote"`
}

// AmazonReviewKey identifies one Amazon review. The 5-core files repeat
// reviews: byte-identical lines, and one review copied onto several variants
// of a product (records that differ only in style, vote or verified). Records
// with the same key are one review; the first in file order is imported and
// the others are counted in Result.Skipped.
func AmazonReviewKey(reviewerID, asin string, unixTime int64, overall float64, summary, text string) string {
	h := sha256.New()
	for _, s := range []string{reviewerID, asin, strconv.FormatInt(unixTime, 10), strconv.FormatFloat(overall, 'g', -1, 64), summary, text} {
		h.Write([]byte(s))
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil)[:8])
}

// importAmazon maps Amazon reviews: reviewerID → userId (one identify per
// reviewer, at their first review in file order, with name = reviewerName),
// asin → product_id, overall → rating, summary → title, reviewText →
// review_body, unixReviewTime → timestamp, verified → verified_purchase,
// vote → helpful_votes. review_id is "<reviewerID>-<AmazonReviewKey>" and the
// MessageID "amazon:review:<review_id>".
func importAmazon(r io.Reader, sk *sink, opts Options, res *Result) error {
	m := maker{source: AmazonSource, channel: rapport.ChannelWeb, received: opts.receivedAt()}
	seen := make(map[string]bool)
	reviewers := make(map[string]bool)
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 1<<20), 64<<20)
	for sc.Scan() && (opts.Limit == 0 || res.Rows < opts.Limit) {
		res.Rows++
		var rv amazonReview
		if err := json.Unmarshal(sc.Bytes(), &rv); err != nil {
			return fmt.Errorf("datasets: amazon line %d: %w", res.Rows, err)
		}
		if rv.ReviewerID == "" || rv.ASIN == "" {
			return fmt.Errorf("datasets: amazon line %d: reviewerID and asin are required", res.Rows)
		}
		key := AmazonReviewKey(rv.ReviewerID, rv.ASIN, rv.UnixReviewTime, rv.Overall, rv.Summary, rv.ReviewText)
		if seen[key] {
			res.Skipped++
			continue
		}
		seen[key] = true
		if err := amazonEvents(m, sk, &rv, key, reviewers); err != nil {
			return err
		}
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("datasets: amazon: %w", err)
	}
	return nil
}

func amazonEvents(m maker, sk *sink, rv *amazonReview, key string, reviewers map[string]bool) error {
	w := who{userID: rv.ReviewerID}
	at := time.Unix(rv.UnixReviewTime, 0).UTC()
	if !reviewers[rv.ReviewerID] {
		reviewers[rv.ReviewerID] = true
		traits := map[string]any{}
		if name := strings.TrimSpace(rv.ReviewerName); name != "" {
			traits["name"] = name
		}
		if err := sk.add(m.identify("amazon:identify:"+rv.ReviewerID, w, at, traits)); err != nil {
			return err
		}
	}
	id := rv.ReviewerID + "-" + key
	props := map[string]any{
		"review_id":         id,
		"product_id":        rv.ASIN,
		"rating":            rv.Overall,
		"title":             strings.TrimSpace(rv.Summary),
		"review_body":       strings.TrimSpace(rv.ReviewText),
		"verified_purchase": rv.Verified,
	}
	if votes, err := strconv.Atoi(strings.ReplaceAll(rv.Vote, ",", "")); err == nil {
		props["helpful_votes"] = float64(votes)
	}
	return sk.add(m.track(rapport.EventProductReviewed, "amazon:review:"+id, w, at, props))
}
