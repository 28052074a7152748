package textan

// SentimentSplitSeed fixes the published 80/20 split of
// online_shopping_10_cats (stratified by category and label).
const SentimentSplitSeed = 20260601

// TrainSentimentOn fits a sentiment model on labelled data, ignoring
// texts that are neither "positive" nor "negative".
func TrainSentimentOn(data []Labelled, cfg SentimentConfig) *SentimentModel {
	var texts []string
	var pos []bool
	for _, d := range data {
		if d.Label == "positive" || d.Label == "negative" {
			texts = append(texts, d.Text)
			pos = append(pos, d.Label == "positive")
		}
	}
	return TrainSentiment(texts, pos, cfg)
}

// EvalSentiment scores a model on the positive and negative texts of
// data, deciding by the sign of the margin (no neutral class).
func EvalSentiment(m *SentimentModel, data []Labelled) Scores {
	var truth, pred []string
	for _, d := range data {
		if d.Label != "positive" && d.Label != "negative" {
			continue
		}
		truth = append(truth, d.Label)
		p := "negative"
		if m.Margin(d.Text) > 0 {
			p = "positive"
		}
		pred = append(pred, p)
	}
	return Score(truth, pred)
}
