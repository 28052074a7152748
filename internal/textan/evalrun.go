package textan

import (
	"fmt"
	"io"
	"path/filepath"
	"time"
)

// EvalResult is one measured figure set.
type EvalResult struct {
	Name     string        `json:"name"`
	Train    int           `json:"train"`
	Scores   Scores        `json:"scores"`
	Training time.Duration `json:"training_ns"`
	Note     string        `json:"note,omitempty"`
}

// The corpus files inside the datasets folder.
const (
	ShoppingFile = "chinese-sentiment/online_shopping_10_cats.csv.gz"
	HotelFile    = "chinese-sentiment/ChnSentiCorp_htl_all.csv"
	WomensFile   = "womens-clothing-ecommerce-reviews/Womens Clothing E-Commerce Reviews.csv.gz"
	BankingTrain = "banking77/train.csv"
	BankingTest  = "banking77/test.csv"
)

// EvalSentimentCorpora measures sentiment on the public corpora under dir:
// online_shopping_10_cats on the published split, ChnSentiCorp hotels with
// the shopping model (no hotel data seen), the Women's Clothing reviews on
// their own 80/20 split, and the baseline lexicon on each test set.
func EvalSentimentCorpora(dir string, cfg SentimentConfig, log io.Writer) ([]EvalResult, error) {
	shop, err := LoadChineseSentiment(filepath.Join(dir, ShoppingFile))
	if err != nil {
		return nil, err
	}
	hotel, err := LoadChineseSentiment(filepath.Join(dir, HotelFile))
	if err != nil {
		return nil, err
	}
	womens, err := LoadWomensClothing(filepath.Join(dir, WomensFile))
	if err != nil {
		return nil, err
	}
	var out []EvalResult
	base := NewBaseline()
	train, test := StratifiedSplit(shop, 0.2, SentimentSplitSeed)
	fmt.Fprintf(log, "online_shopping_10_cats: training on %d reviews…\n", len(train))
	t0 := time.Now()
	m := TrainSentimentOn(train, cfg)
	took := time.Since(t0)
	out = append(out,
		EvalResult{Name: "online_shopping_10_cats test (20%)", Train: len(train), Scores: EvalSentiment(m, test), Training: took},
		EvalResult{Name: "ChnSentiCorp hotels, shopping model (transfer)", Train: len(train), Scores: EvalSentiment(m, hotel), Note: "no hotel review used in training or tuning"},
		EvalResult{Name: "online_shopping_10_cats test, baseline lexicon", Scores: evalDecided(base, test), Note: "texts without a lexicon word count as wrong"},
		EvalResult{Name: "ChnSentiCorp hotels, baseline lexicon", Scores: evalDecided(base, hotel)},
	)
	var polar []Labelled
	for _, d := range womens {
		if d.Label != "neutral" {
			polar = append(polar, d)
		}
	}
	wtrain, wtest := StratifiedSplit(polar, 0.2, SentimentSplitSeed)
	fmt.Fprintf(log, "Women's Clothing: training on %d reviews…\n", len(wtrain))
	t0 = time.Now()
	wm := TrainSentimentOn(wtrain, cfg)
	took = time.Since(t0)
	out = append(out,
		EvalResult{Name: "Women's Clothing test (20%, rating ≥4 vs ≤2)", Train: len(wtrain), Scores: EvalSentiment(wm, wtest), Training: took},
		EvalResult{Name: "Women's Clothing test, baseline lexicon", Scores: evalDecided(base, wtest), Note: "texts without a lexicon word count as wrong"},
	)
	return out, nil
}

// evalDecided scores the baseline: margin > 0 positive, < 0 negative, 0
// (no polar word) neutral, which is always wrong on these binary sets.
func evalDecided(b *Baseline, data []Labelled) Scores {
	var truth, pred []string
	for _, d := range data {
		truth = append(truth, d.Label)
		m := b.Margin(d.Text)
		switch {
		case m > 0:
			pred = append(pred, "positive")
		case m < 0:
			pred = append(pred, "negative")
		default:
			pred = append(pred, "neutral")
		}
	}
	s := Score(truth, pred)
	// macro-F1 over the two true classes only
	s.MacroF1 = (s.F1["positive"] + s.F1["negative"]) / 2
	return s
}

// IntentEval is the BANKING77 measurement.
type IntentEval struct {
	EvalResult
	// Latency is the mean time to classify one test question.
	Latency time.Duration `json:"latency_ns"`
}

// EvalIntentCorpus trains the intent classifier on BANKING77's train.csv
// under dir and scores it on test.csv.
func EvalIntentCorpus(dir string, workers int, log io.Writer) (IntentEval, error) {
	train, err := LoadIntents(filepath.Join(dir, BankingTrain))
	if err != nil {
		return IntentEval{}, err
	}
	test, err := LoadIntents(filepath.Join(dir, BankingTest))
	if err != nil {
		return IntentEval{}, err
	}
	fmt.Fprintf(log, "BANKING77: training on %d questions…\n", len(train))
	t0 := time.Now()
	m := TrainIntents(train, nil, workers)
	took := time.Since(t0)
	t0 = time.Now()
	s := EvalIntents(m, test)
	lat := time.Since(t0) / time.Duration(max(len(test), 1))
	return IntentEval{EvalResult: EvalResult{Name: "BANKING77 test", Train: len(train), Scores: s, Training: took}, Latency: lat}, nil
}
