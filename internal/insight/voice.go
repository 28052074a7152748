package insight

import (
	"slices"
	"strings"

	"github.com/rapport-cx/rapport/internal/textan"
)

// Voice is what customers say in a window: sentiment per month, the
// aspects they talk about with the sentences that say so, and each
// aspect's keywords.
type Voice struct {
	Sentiment []SentimentPoint  `json:"sentiment"`
	Aspects   []PainPoint       `json:"aspects"`  // ranked as PainPoints ranks them
	Keywords  map[string][]Term `json:"keywords"` // per aspect
	Texts     int               `json:"texts"`    // feedback items with text
}

// SentimentPoint counts the feedback of one month by sentiment.
type SentimentPoint struct {
	Period   string `json:"period"`
	Positive int    `json:"positive"`
	Neutral  int    `json:"neutral"`
	Negative int    `json:"negative"`
}

// Term is a word or word pair characteristic of an aspect's complaints.
type Term struct {
	Term  string  `json:"term"`
	Count int     `json:"count"` // negative sentences of the aspect holding it
	Score float64 `json:"score"` // TF-IDF against every aspect sentence
}

// KeywordsPerAspect is how many terms each aspect's word list holds.
const KeywordsPerAspect = 8

// VoiceOf reads the facts' feedback: the sentiment of each item (the
// analyzer's reading of its text, else its score), the aspects, and per
// aspect the keywords of its negative sentences ranked by TF-IDF (textan,
// Chinese segmented with gse) against every sentence that mentions any
// aspect. It is computed once per facts.
func VoiceOf(f *Facts, a Analyzer) *Voice {
	if f.memo == nil {
		return voiceOf(f, a)
	}
	f.memo.voiceOnce.Do(func() { f.memo.voice = voiceOf(f, a) })
	return f.memo.voice
}

func voiceOf(f *Facts, a Analyzer) *Voice {
	v := &Voice{Aspects: PainPoints(f, a), Keywords: map[string][]Term{}}
	months := map[string]*SentimentPoint{}
	negative := map[string][]string{}
	var all []string
	for i := range f.Feedback {
		fb := &f.Feedback[i]
		sent := SentimentOfScore(fb)
		if fb.Text != "" {
			v.Texts++
		}
		if fb.Text != "" && a != nil {
			r := f.Read(a, fb.Text)
			sent = r.Sentiment
			for _, m := range r.Mentions {
				all = append(all, m.Sentence)
				if m.Sentiment == Negative || (m.Sentiment != Positive && negativeScore(fb)) {
					negative[m.Aspect] = append(negative[m.Aspect], m.Sentence)
				}
			}
		}
		p := Period("month", fb.At)
		if months[p] == nil {
			months[p] = &SentimentPoint{Period: p}
		}
		switch sent {
		case Positive:
			months[p].Positive++
		case Negative:
			months[p].Negative++
		default:
			months[p].Neutral++
		}
	}
	for _, s := range f.Signals {
		if s.Text != "" {
			all = append(all, s.Text)
			negative[s.Aspect] = append(negative[s.Aspect], s.Text)
		}
	}
	for _, p := range sortedKeys(months) {
		v.Sentiment = append(v.Sentiment, *months[p])
	}
	for aspect, sentences := range negative {
		v.Keywords[aspect] = keywords(sentences, all)
	}
	return v
}

// keywords ranks the terms of the selected sentences with textan and keeps
// the first KeywordsPerAspect that hold no English function word ("am",
// "when", "however" …): they say nothing about a complaint.
func keywords(selected, all []string) []Term {
	terms := []Term{}
	for _, k := range textan.Keywords(selected, all, 4*KeywordsPerAspect) {
		if len(terms) == KeywordsPerAspect {
			break
		}
		if !slices.ContainsFunc(strings.Fields(k.Term), func(w string) bool { return functionWords[w] }) {
			terms = append(terms, Term{Term: k.Term, Count: k.Count, Score: k.Score})
		}
	}
	return terms
}

// functionWords are English words that carry grammar, not content.
var functionWords = map[string]bool{}

func init() {
	for _, w := range strings.Fields(`a about after again all also am an and any are as at be because been before being
		but by can could did do does doesn't don't even ever first for from get got going had has have having he her
		here him his how however i i'd i'm i've if in into is it it's its just like made make many me more most much my
		no not now of off on once one only or other our out over own really same she should since so some still such
		than that the their them then there these they this those though thought through to too under until up us very
		was way we well were what when where which while who why will with would yet you your obviously possible`) {
		functionWords[w] = true
	}
}

// SentimentOfScore is the sentiment a score alone says: 4–5 stars or CSAT,
// NPS 9–10 and CES 6–7 are positive; negativeScore's answers negative.
func SentimentOfScore(fb *Feedback) string {
	switch {
	case negativeScore(fb):
		return Negative
	case fb.Kind == KindNPS && fb.Score >= 9, fb.Kind == KindCES && fb.Score >= 6,
		fb.Kind != KindNPS && fb.Kind != KindCES && fb.Score >= 4:
		return Positive
	}
	return Neutral
}
