package textan

import (
	"compress/gzip"
	"encoding/csv"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"slices"
	"strconv"
	"strings"
)

// Labelled is one text with its class and, when the corpus has one, its
// group (a product category, used to stratify splits).
type Labelled struct {
	Text  string
	Label string
	Group string
}

// readCSV opens a CSV file, gunzipping it when its name ends in .gz, and
// returns the header and the records.
func readCSV(path string) ([]string, [][]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, err
	}
	defer f.Close()
	var r io.Reader = f
	if strings.HasSuffix(path, ".gz") {
		gz, err := gzip.NewReader(f)
		if err != nil {
			return nil, nil, fmt.Errorf("%s: %w", path, err)
		}
		defer gz.Close()
		r = gz
	}
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	cr.LazyQuotes = true
	rows, err := cr.ReadAll()
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %w", path, err)
	}
	if len(rows) == 0 {
		return nil, nil, fmt.Errorf("%s: empty file", path)
	}
	head := rows[0]
	for i := range head {
		head[i] = strings.TrimPrefix(strings.TrimSpace(head[i]), "\ufeff")
	}
	return head, rows[1:], nil
}

func column(head []string, name, path string) (int, error) {
	if i := slices.Index(head, name); i >= 0 {
		return i, nil
	}
	return 0, fmt.Errorf("%s: no column %q", path, name)
}

// LoadChineseSentiment reads online_shopping_10_cats.csv(.gz) (columns
// cat, label, review) or ChnSentiCorp_htl_all.csv (label, review): label
// 1 is "positive", 0 "negative". Empty reviews are skipped.
func LoadChineseSentiment(path string) ([]Labelled, error) {
	head, rows, err := readCSV(path)
	if err != nil {
		return nil, err
	}
	li, err := column(head, "label", path)
	if err != nil {
		return nil, err
	}
	ri, err := column(head, "review", path)
	if err != nil {
		return nil, err
	}
	ci := slices.Index(head, "cat")
	var out []Labelled
	for _, r := range rows {
		if len(r) <= max(li, ri, ci) || strings.TrimSpace(r[ri]) == "" {
			continue
		}
		l := Labelled{Text: strings.TrimPrefix(r[ri], "\ufeff"), Label: "negative"}
		if r[li] == "1" {
			l.Label = "positive"
		}
		if ci >= 0 {
			l.Group = r[ci]
		}
		out = append(out, l)
	}
	return out, nil
}

// LoadWomensClothing reads the Women's E-Commerce Clothing Reviews: title
// and review text joined; Rating ≥ 4 is "positive", ≤ 2 "negative",
// 3 is "neutral" (kept so callers can look at it; the benchmark drops it).
// Reviews with neither title nor text are skipped. Group is the
// department.
func LoadWomensClothing(path string) ([]Labelled, error) {
	head, rows, err := readCSV(path)
	if err != nil {
		return nil, err
	}
	var idx [4]int
	for k, name := range []string{"Title", "Review Text", "Rating", "Department Name"} {
		if idx[k], err = column(head, name, path); err != nil {
			return nil, err
		}
	}
	var out []Labelled
	for _, r := range rows {
		if len(r) <= slices.Max(idx[:]) {
			continue
		}
		text := strings.TrimSpace(strings.TrimSpace(r[idx[0]]) + ". " + strings.TrimSpace(r[idx[1]]))
		text = strings.TrimPrefix(text, ".")
		if strings.TrimSpace(r[idx[1]]) == "" && strings.TrimSpace(r[idx[0]]) == "" {
			continue
		}
		rating, err := strconv.Atoi(r[idx[2]])
		if err != nil {
			continue
		}
		l := Labelled{Text: strings.TrimSpace(text), Label: "neutral", Group: r[idx[3]]}
		switch {
		case rating >= 4:
			l.Label = "positive"
		case rating <= 2:
			l.Label = "negative"
		}
		out = append(out, l)
	}
	return out, nil
}

// LoadIntents reads a text,category CSV such as BANKING77's train.csv and
// test.csv.
func LoadIntents(path string) ([]Labelled, error) {
	head, rows, err := readCSV(path)
	if err != nil {
		return nil, err
	}
	ti, err := column(head, "text", path)
	if err != nil {
		return nil, err
	}
	ci, err := column(head, "category", path)
	if err != nil {
		return nil, err
	}
	out := make([]Labelled, 0, len(rows))
	for _, r := range rows {
		if len(r) > max(ti, ci) && strings.TrimSpace(r[ti]) != "" {
			out = append(out, Labelled{Text: r[ti], Label: r[ci]})
		}
	}
	return out, nil
}

// StratifiedSplit shuffles each (group, label) stratum with the seed and
// puts the first testShare of it (rounded down) in test, the rest in
// train. Strata are visited in sorted order, so a seed fixes the split.
func StratifiedSplit(data []Labelled, testShare float64, seed uint64) (train, test []Labelled) {
	strata := map[string][]int{}
	for i, d := range data {
		k := d.Group + "\x00" + d.Label
		strata[k] = append(strata[k], i)
	}
	keys := make([]string, 0, len(strata))
	for k := range strata {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	rng := rand.New(rand.NewPCG(seed, 0))
	for _, k := range keys {
		idx := strata[k]
		rng.Shuffle(len(idx), func(i, j int) { idx[i], idx[j] = idx[j], idx[i] })
		cut := int(float64(len(idx)) * testShare)
		for n, i := range idx {
			if n < cut {
				test = append(test, data[i])
			} else {
				train = append(train, data[i])
			}
		}
	}
	return train, test
}
