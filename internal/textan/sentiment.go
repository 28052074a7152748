package textan

import (
	"math/rand/v2"
)

// Polarity is a sentiment class.
type Polarity string

// The sentiment classes.
const (
	Positive Polarity = "positive"
	Neutral  Polarity = "neutral"
	Negative Polarity = "negative"
)

// Sentiment is the reading of one text.
type Sentiment struct {
	Polarity Polarity `json:"polarity"`
	// Score is the probability that the text is positive, 0–1.
	Score float64 `json:"score"`
}

// NeutralBand is the range of Score read as neutral: the model is trained
// on clearly positive and clearly negative texts, and texts it cannot
// place on either side are the neutral ones.
var NeutralBand = [2]float64{0.35, 0.65}

// SentimentConfig tunes TrainSentiment.
type SentimentConfig struct {
	Features  Features  // default SentimentFeatures
	Weighting Weighting // default NBRatio
	C         float64   // default 1
	Seed      uint64
	// Buckets > 0 hashes n-grams into that many columns instead of
	// keeping a table of the training n-grams.
	Buckets int
	// Unbalanced keeps both classes at the same weight; by default the
	// rarer class is weighted up to match the other.
	Unbalanced bool
}

// SentimentModel scores the sentiment of texts.
type SentimentModel struct {
	features Features
	table    *gramTable
	platt    Platt
	// Examples is how many labelled texts it was trained on.
	Examples int
}

// TrainSentiment fits a model on labelled texts (positive[i] tells whether
// texts[i] is positive). A tenth of the texts is held out to calibrate the
// score; the final model is then fitted on all of them.
func TrainSentiment(texts []string, positive []bool, cfg SentimentConfig) *SentimentModel {
	if cfg.Features == (Features{}) {
		cfg.Features = SentimentFeatures
	}
	if cfg.C == 0 {
		cfg.C = 1
	}
	hashes := make([][]uint64, len(texts))
	for i, t := range texts {
		hashes[i] = cfg.Features.Hash(t)
	}
	// calibration split
	rng := rand.New(rand.NewPCG(cfg.Seed, 7))
	perm := rng.Perm(len(texts))
	cut := len(texts) / 10
	fit := func(idx []int) (*Vectorizer, *Linear) {
		docs := make([][]uint64, len(idx))
		pos := make([]bool, len(idx))
		for k, i := range idx {
			docs[k], pos[k] = hashes[i], positive[i]
		}
		v := FitVectorizer(cfg.Features, cfg.Weighting, docs, 1, pos, cfg.Buckets)
		pw := balance(pos)
		if cfg.Unbalanced {
			pw = 1
		}
		xs := make([]Sparse, len(docs))
		for k, d := range docs {
			xs[k] = v.VectorOf(d)
		}
		return v, TrainSVM(xs, pos, v.Dim(), SVMConfig{C: cfg.C, Seed: cfg.Seed, PosWeight: pw})
	}
	platt := Platt{A: -2}
	if cut >= 20 {
		v, lin := fit(perm[cut:])
		margins := make([]float64, cut)
		pos := make([]bool, cut)
		for k, i := range perm[:cut] {
			margins[k] = lin.Margin(v.VectorOf(hashes[i]))
			pos[k] = positive[i]
		}
		platt = FitPlatt(margins, pos)
	}
	v, lin := fit(perm)
	return &SentimentModel{features: cfg.Features, table: newGramTable(v, lin), platt: platt, Examples: len(texts)}
}

// balance returns the weight of positive examples that evens out the two
// classes' total weight.
func balance(pos []bool) float64 {
	var p int
	for _, b := range pos {
		if b {
			p++
		}
	}
	if p == 0 || p == len(pos) {
		return 1
	}
	return float64(len(pos)-p) / float64(p)
}

// Margin is the raw decision value of a text. It is safe for concurrent
// use.
func (m *SentimentModel) Margin(text string) float64 {
	return fastMargin(m.features, m.table, text)
}

// Score reads the sentiment of a text.
func (m *SentimentModel) Score(text string) Sentiment {
	return sentimentOf(m.platt.Prob(m.Margin(text)))
}

func sentimentOf(p float64) Sentiment {
	s := Sentiment{Polarity: Neutral, Score: p}
	switch {
	case p >= NeutralBand[1]:
		s.Polarity = Positive
	case p <= NeutralBand[0]:
		s.Polarity = Negative
	}
	return s
}
