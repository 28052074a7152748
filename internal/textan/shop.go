package textan

// MinReviewsPerClass is how many positive and how many negative
// star-rated reviews a shop needs before its own model replaces the
// baseline lexicon.
const MinReviewsPerClass = 50

// RatedText is a review with its star rating (1–5).
type RatedText struct {
	Text   string
	Rating int
}

// ShopSentiment returns the sentiment scorer for a shop: a model trained
// on its own reviews (rating ≥ 4 positive, ≤ 2 negative, 3 ignored) when
// it has at least MinReviewsPerClass of each, otherwise the built-in
// baseline. The second result says which ("shop" or "baseline").
func ShopSentiment(reviews []RatedText) (Scorer, string) {
	var texts []string
	var pos []bool
	var np, nn int
	for _, r := range reviews {
		if r.Text == "" || r.Rating == 3 || r.Rating < 1 || r.Rating > 5 {
			continue
		}
		texts = append(texts, r.Text)
		pos = append(pos, r.Rating >= 4)
		if r.Rating >= 4 {
			np++
		} else {
			nn++
		}
	}
	if np < MinReviewsPerClass || nn < MinReviewsPerClass {
		return NewBaseline(), "baseline"
	}
	return TrainSentiment(texts, pos, SentimentConfig{Weighting: NBRatio}), "shop"
}
