package textan

import (
	"math"
	"slices"
	"testing"

	"github.com/rapport-cx/rapport/internal/datasets"
)

func TestWords(t *testing.T) {
	tests := []struct {
		in   string
		want []string // must all appear, in this order
	}{
		{"物流很快，质量挺不错", []string{"物流", "很快", "质量"}},
		{"Runs SMALL, I'd size up!", []string{"runs", "small", "i'd", "size", "up"}},
		{"ＡＢＣ华为手机", []string{"abc", "华为", "手机"}},
	}
	for _, tt := range tests {
		got := Words(Normalize(tt.in))
		i := 0
		for _, w := range got {
			if i < len(tt.want) && w == tt.want[i] {
				i++
			}
		}
		if i != len(tt.want) {
			t.Errorf("Words(%q) = %q, want subsequence %q", tt.in, got, tt.want)
		}
	}
}

func TestSentences(t *testing.T) {
	got := Sentences("包装完好，没有烂果。就是比较小粒！Price was 3.5 dollars. Great")
	want := []string{"包装完好，没有烂果。", "就是比较小粒！", "Price was 3.5 dollars.", "Great"}
	if !slices.Equal(got, want) {
		t.Errorf("Sentences = %q, want %q", got, want)
	}
}

func TestScoreByHand(t *testing.T) {
	// 3 of 4 right; class a: tp 1 fp 0 fn 1 → F1 2/3; class b: tp 2 fp 1 fn 0 → F1 0.8
	s := Score([]string{"a", "a", "b", "b"}, []string{"a", "b", "b", "b"})
	if s.Accuracy != 0.75 || math.Abs(s.MacroF1-(2.0/3+0.8)/2) > 1e-12 {
		t.Errorf("Score = %+v", s)
	}
}

func TestStratifiedSplitKeepsProportions(t *testing.T) {
	data := shoppingData(t)
	train, test := StratifiedSplit(data, 0.2, SentimentSplitSeed)
	if len(train)+len(test) != len(data) {
		t.Fatalf("split lost rows: %d + %d != %d", len(train), len(test), len(data))
	}
	count := func(d []Labelled, group, label string) int {
		n := 0
		for _, x := range d {
			if x.Group == group && x.Label == label {
				n++
			}
		}
		return n
	}
	for _, g := range []string{"酒店", "热水器"} {
		for _, l := range []string{"positive", "negative"} {
			all, te := count(data, g, l), count(test, g, l)
			if te != all/5 {
				t.Errorf("%s/%s: %d of %d in test, want %d", g, l, te, all, all/5)
			}
		}
	}
	again, _ := StratifiedSplit(data, 0.2, SentimentSplitSeed)
	if again[0] != train[0] || again[len(again)-1] != train[len(train)-1] {
		t.Error("the same seed gave a different split")
	}
}

func TestSentimentOnShoppingSubsample(t *testing.T) {
	train, test := StratifiedSplit(shoppingData(t), 0.2, SentimentSplitSeed)
	m := TrainSentimentOn(subsample(train, 6000), SentimentConfig{})
	s := EvalSentiment(m, subsample(test, 1500))
	t.Logf("6k train, 1.5k test: accuracy %.4f macro-F1 %.4f", s.Accuracy, s.MacroF1)
	if s.Accuracy < 0.88 || s.MacroF1 < 0.88 {
		t.Errorf("accuracy %.3f, macro-F1 %.3f on a 6k subsample, want ≥ 0.88", s.Accuracy, s.MacroF1)
	}
	for _, tt := range []struct {
		text string
		want Polarity
	}{
		{"物流很快，质量挺不错，很满意", Positive},
		{"太差了，用了两天就坏了，垃圾", Negative},
	} {
		if got := m.Score(tt.text); got.Polarity != tt.want {
			t.Errorf("Score(%q) = %+v, want %s", tt.text, got, tt.want)
		}
	}
	// the score is calibrated: higher for the positive than the negative text
	if m.Score("非常好，推荐").Score <= m.Score("非常差，不推荐").Score {
		t.Error("scores not ordered")
	}
}

func TestBaselineOnRealReviews(t *testing.T) {
	b := NewBaseline()
	var truth, pred []string
	for _, d := range subsample(shoppingData(t), 2000) {
		m := b.Margin(d.Text)
		if m == 0 {
			continue // no polar word: neutral, not counted
		}
		truth = append(truth, d.Label)
		p := "negative"
		if m > 0 {
			p = "positive"
		}
		pred = append(pred, p)
	}
	s := Score(truth, pred)
	t.Logf("baseline: %d of 2000 decided, accuracy %.3f", s.N, s.Accuracy)
	if s.Accuracy < 0.7 || s.N < 1200 {
		t.Errorf("baseline decided %d, accuracy %.3f; want ≥ 1200 and ≥ 0.7", s.N, s.Accuracy)
	}
	for text, want := range map[string]Polarity{
		"not good, I returned it": Negative,
		"不好用":                     Negative,
		"Love it, fits perfectly": Positive,
		"很满意":                     Positive,
		"I ordered it on Monday":  Neutral,
	} {
		if got := b.Score(text).Polarity; got != want {
			t.Errorf("baseline %q = %s, want %s", text, got, want)
		}
	}
}

func TestShopSentimentFallsBackToBaseline(t *testing.T) {
	few := []RatedText{{"great", 5}, {"bad", 1}}
	if _, which := ShopSentiment(few); which != "baseline" {
		t.Errorf("2 reviews gave %s, want baseline", which)
	}
	var many []RatedText
	for _, d := range subsample(shoppingData(t), 400) {
		r := 5
		if d.Label == "negative" {
			r = 1
		}
		many = append(many, RatedText{d.Text, r})
	}
	s, which := ShopSentiment(many)
	if which != "shop" {
		t.Fatalf("400 reviews gave %s, want shop", which)
	}
	if s.Score("质量很好，非常满意").Polarity != Positive {
		t.Error("shop model misreads a plainly positive review")
	}
}

func TestPlattRecoversSigmoid(t *testing.T) {
	// margins drawn on a grid, labels deterministic by a known sigmoid:
	// P(pos | m) = 1/(1+exp(-3m)) → fitted A ≈ -3, B ≈ 0
	var ms []float64
	var pos []bool
	for i := -200; i <= 200; i++ {
		m := float64(i) / 100
		p := 1 / (1 + math.Exp(-3*m))
		for k := 0; k < 20; k++ {
			ms = append(ms, m)
			pos = append(pos, float64(k)+0.5 < 20*p)
		}
	}
	pl := FitPlatt(ms, pos)
	if math.Abs(pl.A+3) > 0.3 || math.Abs(pl.B) > 0.1 {
		t.Errorf("Platt = %+v, want A≈-3 B≈0", pl)
	}
}

func TestWomensClothingLoads(t *testing.T) {
	path, err := datasets.Locate("womens-clothing-ecommerce-reviews/Womens Clothing E-Commerce Reviews.csv.gz")
	if err != nil {
		t.Fatal(err)
	}
	data, err := LoadWomensClothing(path)
	if err != nil {
		t.Fatal(err)
	}
	n := map[string]int{}
	for _, d := range data {
		n[d.Label]++
	}
	// SOURCES.md: ratings 5:13,131 4:5,077 3:2,871 2:1,565 1:842; reviews
	// with neither title nor text are dropped, so at most these many
	if n["positive"] > 13131+5077 || n["negative"] > 1565+842 || n["positive"] < 17000 || n["negative"] < 2200 {
		t.Errorf("label counts %v", n)
	}
}

// TestSentimentOnWomensClothingSubsample trains on a quarter of the
// training split of the English reviews (rating ≥ 4 vs ≤ 2) and scores the
// whole test split; the figures with all training reviews come from
// `rapport eval text`.
func TestSentimentOnWomensClothingSubsample(t *testing.T) {
	path, err := datasets.Locate(WomensFile)
	if err != nil {
		t.Fatal(err)
	}
	data, err := LoadWomensClothing(path)
	if err != nil {
		t.Fatal(err)
	}
	var polar []Labelled
	for _, d := range data {
		if d.Label != "neutral" {
			polar = append(polar, d)
		}
	}
	train, test := StratifiedSplit(polar, 0.2, SentimentSplitSeed)
	m := TrainSentimentOn(subsample(train, 3200), SentimentConfig{Weighting: NBRatio})
	s := EvalSentiment(m, test)
	t.Logf("%d train, %d test: accuracy %.4f macro-F1 %.4f", m.Examples, s.N, s.Accuracy, s.MacroF1)
	if s.Accuracy < 0.90 || s.MacroF1 < 0.80 {
		t.Errorf("accuracy %.3f, macro-F1 %.3f on English reviews, want ≥ 0.90 and ≥ 0.80", s.Accuracy, s.MacroF1)
	}
	if got := m.Score("Runs small and the fabric is cheap and itchy. Returned it.").Polarity; got != Negative {
		t.Errorf("plainly negative review read as %s", got)
	}
	if got := m.Score("Love this dress, fits perfectly and so flattering!").Polarity; got != Positive {
		t.Errorf("plainly positive review read as %s", got)
	}
}
