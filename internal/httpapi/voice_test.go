package httpapi_test

import (
	"bufio"
	"compress/gzip"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/rapport-cx/rapport"
	"github.com/rapport-cx/rapport/internal/access"
	"github.com/rapport-cx/rapport/internal/datasets"
	"github.com/rapport-cx/rapport/internal/httpapi"
	"github.com/rapport-cx/rapport/internal/store"
)

// womensSlice is how many Women's Clothing reviews the import test reads.
const womensSlice = 4000

// rawReview is one review as the data set's file has it, read here without
// the importer.
type rawReview struct {
	at    time.Time
	stars float64
	text  string
}

// readWomens reads the first n rows of the Women's Clothing file. The set
// has no dates: the importer stamps row i at WomensClothingTime + i seconds.
func readWomens(t *testing.T, n int) []rawReview {
	t.Helper()
	r := openGzip(t, datasets.WomensClothingFile)
	cr := csv.NewReader(r)
	if _, err := cr.Read(); err != nil {
		t.Fatal(err)
	}
	var out []rawReview
	for len(out) < n {
		rec, err := cr.Read()
		if err != nil {
			t.Fatal(err)
		}
		var idx int
		var stars float64
		fmt.Sscan(rec[0], &idx)
		fmt.Sscan(rec[5], &stars)
		out = append(out, rawReview{at: datasets.WomensClothingTime.Add(time.Duration(idx) * time.Second), stars: stars, text: rec[3] + "\n" + rec[4]})
	}
	return out
}

// readAmazon reads every All Beauty review once: the file repeats reviews
// (identical records, or copies on product variants).
func readAmazon(t *testing.T) []rawReview {
	t.Helper()
	sc := bufio.NewScanner(openGzip(t, datasets.AmazonBeautyFile))
	sc.Buffer(make([]byte, 0, 1<<20), 16<<20)
	seen := map[string]bool{}
	var out []rawReview
	for sc.Scan() {
		var r struct {
			Overall    float64 `json:"overall"`
			ReviewerID string  `json:"reviewerID"`
			ASIN       string  `json:"asin"`
			Text       string  `json:"reviewText"`
			Summary    string  `json:"summary"`
			Time       int64   `json:"unixReviewTime"`
		}
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			t.Fatal(err)
		}
		key := fmt.Sprint(r.ReviewerID, "\x00", r.ASIN, "\x00", r.Time, "\x00", r.Overall, "\x00", r.Summary, "\x00", r.Text)
		if !seen[key] {
			seen[key] = true
			out = append(out, rawReview{at: time.Unix(r.Time, 0).UTC(), stars: r.Overall, text: r.Summary + "\n" + r.Text})
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

func openGzip(t *testing.T, rel string) *gzip.Reader {
	t.Helper()
	path, err := datasets.Locate(rel)
	if err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	r, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// TestImportedReviewsVoice imports the first 4,000 Women's Clothing reviews
// and the All Beauty reviews with the dataset importers into an empty shop
// whose clock is in 2026, then reads the voice of customer and the pain
// points through the API: the window ends at the latest review, the monthly
// sentiment counts add up to the reviews of each month counted from the
// files, every quote is a sentence of a real review, and the average stars
// behind each pain point match the reviews that hold its quotes' aspect.
func TestImportedReviewsVoice(t *testing.T) {
	ctx := context.Background()
	st, err := store.Open(ctx, filepath.Join(t.TempDir(), "rapport.db"), true)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	for _, imp := range []struct {
		file, format string
		limit        int64
	}{{datasets.WomensClothingFile, datasets.FormatWomensClothing, womensSlice}, {datasets.AmazonBeautyFile, datasets.FormatAmazon, 0}} {
		path, err := datasets.Locate(imp.file)
		if err != nil {
			t.Fatal(err)
		}
		res, err := datasets.Reviews(ctx, st, path, imp.format, datasets.Options{Limit: imp.limit})
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("%s: %d rows, %d events stored", imp.format, res.Rows, res.Stored)
	}
	clock := &rapport.FixedClock{T: time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)}
	token, _, err := access.CreateAPIToken(ctx, st, "reader", []string{rapport.ScopeRead}, clock.T)
	if err != nil {
		t.Fatal(err)
	}
	h, _ := httpapi.New(httpapi.Config{Store: st, Clock: clock})
	mux := http.NewServeMux()
	mux.Handle("/api/", h)
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	b := &apiBundle{srv: srv, read: token, st: st}

	// The files, read here: the window is the year up to the day of the latest review.
	raw := append(readWomens(t, womensSlice), readAmazon(t)...)
	var latest time.Time
	for _, r := range raw {
		if r.at.After(latest) {
			latest = r.at
		}
	}
	to := latest.Truncate(24 * time.Hour).Add(24 * time.Hour)
	from := to.AddDate(0, 0, -365)
	perMonth := map[string]int{}
	var inWindow []rawReview
	texts := 0
	for _, r := range raw {
		if !r.at.Before(from) && r.at.Before(to) {
			perMonth[r.at.Format("2006-01")]++
			inWindow = append(inWindow, r)
			if strings.TrimSpace(r.text) != "" {
				texts++
			}
		}
	}

	var voice struct {
		From, To  time.Time
		Anchored  bool
		Texts     int
		Sentiment []struct {
			Period                      string
			Positive, Neutral, Negative int
		}
		Aspects []struct {
			Aspect    string
			Mentions  int
			Negative  int
			AvgRating float64 `json:"avg_rating"`
			Frequency float64
			Quotes    []struct{ Text string }
		}
		Keywords map[string][]struct {
			Term  string
			Count int
		}
	}
	status, body, _ := b.do(t, "GET", "/api/v1/voice", b.read, nil)
	if status != 200 {
		t.Fatalf("voice: %d %s", status, body)
	}
	if err := json.Unmarshal([]byte(body), &voice); err != nil {
		t.Fatal(err)
	}
	if !voice.Anchored || !voice.From.Equal(from) || !voice.To.Equal(to) {
		t.Fatalf("window %s – %s anchored %v, want %s – %s anchored", voice.From, voice.To, voice.Anchored, from, to)
	}
	if voice.Texts != texts {
		t.Errorf("%d texts read, want the %d reviews with words of the window", voice.Texts, texts)
	}
	if len(voice.Sentiment) != len(perMonth) {
		t.Errorf("%d months of sentiment, want %d", len(voice.Sentiment), len(perMonth))
	}
	for _, p := range voice.Sentiment {
		if n := p.Positive + p.Neutral + p.Negative; n != perMonth[p.Period] {
			t.Errorf("%s: %d reviews by sentiment, want %d", p.Period, n, perMonth[p.Period])
		}
	}

	// Every aspect's quotes are sentences of real reviews; its average stars
	// are those of the reviews mentioning it, so they lie between 1 and 5 and,
	// for complaints, below the average of all the window's reviews.
	var stars float64
	for _, r := range inWindow {
		stars += r.stars
	}
	mean := stars / float64(len(inWindow))
	var freq float64
	found := map[string]bool{}
	for _, a := range voice.Aspects {
		found[a.Aspect] = true
		freq += a.Frequency
		for _, q := range a.Quotes {
			if !quoted(inWindow, q.Text) {
				t.Errorf("%s: quote %q is in no review of the window", a.Aspect, q.Text)
			}
		}
		if a.AvgRating < 1 || a.AvgRating > 5 || a.Negative > a.Mentions || len(a.Quotes) == 0 {
			t.Errorf("%s: %+v", a.Aspect, a)
		}
		if a.Negative*2 > a.Mentions && a.AvgRating >= mean {
			t.Errorf("%s: mostly negative (%d of %d) but rated %.2f, not below the mean %.2f", a.Aspect, a.Negative, a.Mentions, a.AvgRating, mean)
		}
		for _, k := range voice.Keywords[a.Aspect] {
			if !quoted(inWindow, strings.Fields(k.Term)[0]) {
				t.Errorf("%s: keyword %q is in no review", a.Aspect, k.Term)
			}
			for _, w := range strings.Fields(k.Term) {
				if w == "am" || w == "when" || w == "however" || w == "going" || w == "only" {
					t.Errorf("%s: keyword %q holds the function word %q", a.Aspect, k.Term, w)
				}
			}
		}
		t.Logf("%-18s %4d mentions, %4d negative, %.2f stars, keywords %v", a.Aspect, a.Mentions, a.Negative, a.AvgRating, voice.Keywords[a.Aspect])
	}
	if math.Abs(freq-1) > 1e-9 || !found["size_fit"] || !found["quality"] {
		t.Errorf("aspects %v with frequencies summing to %v: want size and quality among them, frequencies summing to 1", found, freq)
	}
	if len(voice.Keywords["size_fit"]) == 0 {
		t.Error("no keywords for size and fit")
	}

	// The pain-point list is the same ranking.
	var pains struct {
		Anchored   bool
		PainPoints []struct{ Aspect string } `json:"pain_points"`
	}
	status, body, _ = b.do(t, "GET", "/api/v1/pain-points", b.read, nil)
	if err := json.Unmarshal([]byte(body), &pains); status != 200 || err != nil || !pains.Anchored || len(pains.PainPoints) != len(voice.Aspects) {
		t.Fatalf("pain points: %d %v %s", status, err, body[:min(300, len(body))])
	}
	for i, p := range pains.PainPoints {
		if p.Aspect != voice.Aspects[i].Aspect {
			t.Errorf("pain point %d is %s, voice has %s", i, p.Aspect, voice.Aspects[i].Aspect)
		}
	}
}

// quoted says whether some review's text contains s.
func quoted(reviews []rawReview, s string) bool {
	for _, r := range reviews {
		if strings.Contains(strings.ToLower(r.text), strings.ToLower(strings.TrimSpace(s))) {
			return true
		}
	}
	return false
}
