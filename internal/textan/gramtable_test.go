package textan

import (
	"math"
	"strings"
	"sync"
	"testing"
	"unicode"
)

// TestFastMarginMatchesVector checks the folded n-gram table against the
// plain path (vectorise, normalise, inner product) on real reviews, with
// a table of training n-grams and with hashed buckets.
func TestFastMarginMatchesVector(t *testing.T) {
	train, test := StratifiedSplit(shoppingData(t), 0.2, SentimentSplitSeed)
	train, test = subsample(train, 3000), subsample(test, 400)
	test = append(test, Labelled{Text: ""}, Labelled{Text: "qwerty zxcv"}, Labelled{Text: "Runs SMALL, I'd size up!"})
	docs := make([][]uint64, len(train))
	pos := make([]bool, len(train))
	for i, d := range train {
		docs[i], pos[i] = SentimentFeatures.Hash(d.Text), d.Label == "positive"
	}
	for _, buckets := range []int{0, 1 << 16} {
		v := FitVectorizer(SentimentFeatures, NBRatio, docs, 1, pos, buckets)
		xs := make([]Sparse, len(docs))
		for i, d := range docs {
			xs[i] = v.VectorOf(d)
		}
		lin := TrainSVM(xs, pos, v.Dim(), SVMConfig{C: 1})
		table := newGramTable(v, lin)
		for _, d := range test {
			want := lin.Margin(v.Vector(d.Text))
			got := fastMargin(SentimentFeatures, table, d.Text)
			if math.Abs(got-want) > 1e-4*(1+math.Abs(want)) {
				t.Fatalf("buckets %d, %q: fast margin %v, vector margin %v", buckets, d.Text, got, want)
			}
		}
	}
}

// normalizeReference is Normalize written rune by rune, as the
// specification of the fast version.
func normalizeReference(s string) string {
	var b strings.Builder
	space := false
	for _, r := range s {
		switch {
		case r == 0xFEFF:
			continue
		case r == 0x3000:
			r = ' '
		case r >= 0xFF01 && r <= 0xFF5E:
			r -= 0xFEE0
		}
		if unicode.IsSpace(r) {
			space = b.Len() > 0
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(unicode.ToLower(r))
	}
	return b.String()
}

func TestNormalizeMatchesReference(t *testing.T) {
	texts := []string{"", " ", "a", "a b", " a", "a ", "a  b", "A\tB", "\ufeffok", "ＡＢＣ　华为", "x\n\ny", "Ünïcode Ä", "already normal text"}
	for _, d := range subsample(shoppingData(t), 2000) {
		texts = append(texts, d.Text)
	}
	for _, s := range texts {
		if got, want := Normalize(s), normalizeReference(s); got != want {
			t.Errorf("Normalize(%q) = %q, want %q", s, got, want)
		}
	}
}

func TestChineseWordsAreGseWords(t *testing.T) {
	for _, d := range subsample(shoppingData(t), 300) {
		for _, run := range strings.FieldsFunc(Normalize(d.Text), func(r rune) bool { return !isHan(r) }) {
			var want []string
			for _, w := range segmenter().Cut(run) {
				if w = strings.TrimSpace(w); w != "" {
					want = append(want, w)
				}
			}
			got := appendHanWords(nil, run)
			if strings.Join(got, "/") != strings.Join(want, "/") {
				t.Fatalf("%q: words %q, gse Cut %q", run, got, want)
			}
		}
	}
}

func TestSentimentScoresConcurrently(t *testing.T) {
	train, test := StratifiedSplit(shoppingData(t), 0.2, SentimentSplitSeed)
	m := TrainSentimentOn(subsample(train, 2000), SentimentConfig{})
	test = subsample(test, 200)
	want := make([]float64, len(test))
	for i, d := range test {
		want[i] = m.Margin(d.Text)
	}
	var wg sync.WaitGroup
	errs := make(chan string, 4)
	for g := 0; g < 4; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i, d := range test {
				if got := m.Margin(d.Text); got != want[i] {
					errs <- d.Text
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Errorf("concurrent margin differs for %q", e)
	}
}
