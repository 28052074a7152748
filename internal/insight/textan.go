package insight

import "github.com/rapport-cx/rapport/internal/textan"

// TextAnalyzer reads feedback with internal/textan: the built-in sentiment
// baseline and the default aspect lexicon.
type TextAnalyzer struct {
	detector *textan.Detector
	scorer   textan.Scorer
}

// NewTextAnalyzer returns the default text analyzer.
func NewTextAnalyzer() *TextAnalyzer {
	return &TextAnalyzer{detector: textan.NewDetector(textan.DefaultLexicon()), scorer: textan.NewBaseline()}
}

// Analyze reads a text's sentiment and the aspects it mentions.
func (a *TextAnalyzer) Analyze(text string) Reading {
	s := a.scorer.Score(text)
	r := Reading{Sentiment: string(s.Polarity), Score: 2*s.Score - 1}
	for _, m := range a.detector.Mentions(text, a.scorer) {
		aspect := m.Aspect
		if aspect == textan.AspectMismatch {
			aspect = AspectDescription
		}
		r.Mentions = append(r.Mentions, Mention{Aspect: aspect, Sentence: m.Sentence, Sentiment: string(m.Sentiment.Polarity)})
	}
	return r
}
