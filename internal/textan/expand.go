package textan

import (
	"math"
	"slices"
	"strings"
	"unicode/utf8"
)

// stopwords are function words never proposed as keywords or expansions.
var stopwords = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`的 了 是 我 你 他 她 它 们 我们 也 都 就 还 很 太 和 与 在 有 没 不 这 那 这个 那个 一 个 吧 啊 呢 吗 哦 嗯 呀 啦
	就是 但是 而且 因为 所以 如果 可以 还是 已经 比较 非常 真的 感觉 觉得 一个 一下 一点 东西 什么 怎么 自己 时候 没有 不是 还有 然后 这样 说 会 要 去 到 给 用 又 让 被 把 对 买 为
	the a an and or but if of to in on at for with is are was were be been it its this that these those i me my we you your he she they them
	so very too just really not no as by from than then there here have has had do does did will would can could should im i'm it's dont don't
	one all also more most much some any out up about after before over into get got like`) {
		m[w] = true
	}
	return m
}()

// usefulWord tells whether a token may serve as a keyword: not a stop
// word, not a number, and at least two characters (one for nothing).
func usefulWord(w string) bool {
	if stopwords[w] || utf8.RuneCountInString(w) < 2 {
		return false
	}
	for _, r := range w {
		if r < '0' || r > '9' {
			return true
		}
	}
	return false
}

// Suggestion is a term proposed for an aspect, with its evidence.
type Suggestion struct {
	Term  string  `json:"term"`
	PMI   float64 `json:"pmi"`   // log₂ P(term, aspect) / (P(term) P(aspect))
	Count int     `json:"count"` // aspect sentences containing it
}

// ExpandLexicon proposes, per aspect, up to perAspect words that occur in
// at least minCount of the aspect's sentences and have the highest
// pointwise mutual information with it, over the sentences of texts.
func ExpandLexicon(texts []string, lex Lexicon, perAspect, minCount int) map[string][]Suggestion {
	m := newMatcher(lex)
	known := map[string]bool{}
	for _, a := range lex {
		for _, t := range append(append([]string(nil), a.Terms...), a.Expanded...) {
			known[Normalize(t)] = true
		}
	}
	df := map[string]int{}
	co := make([]map[string]int, len(lex))
	for i := range co {
		co[i] = map[string]int{}
	}
	aspectN := make([]int, len(lex))
	total := 0
	for _, text := range texts {
		for _, sent := range Sentences(text) {
			total++
			found := m.find(sent)
			seen := map[string]bool{}
			for _, w := range Words(Normalize(sent)) {
				if seen[w] || !usefulWord(w) {
					continue
				}
				seen[w] = true
				df[w]++
				for a := range found {
					co[a][w]++
				}
			}
			for a := range found {
				aspectN[a]++
			}
		}
	}
	out := map[string][]Suggestion{}
	for a, asp := range lex {
		var sugg []Suggestion
		for w, c := range co[a] {
			if c < minCount || known[w] {
				continue
			}
			pmi := math.Log2(float64(c) * float64(total) / (float64(df[w]) * float64(aspectN[a])))
			if pmi > 1 {
				sugg = append(sugg, Suggestion{Term: w, PMI: pmi, Count: c})
			}
		}
		slices.SortFunc(sugg, func(x, y Suggestion) int {
			// rank by PMI weighted by the log of the evidence, so rare
			// coincidences do not crowd out frequent companions
			sx, sy := x.PMI*math.Log(float64(x.Count)), y.PMI*math.Log(float64(y.Count))
			if sx != sy {
				if sx > sy {
					return -1
				}
				return 1
			}
			return strings.Compare(x.Term, y.Term)
		})
		if len(sugg) > perAspect {
			sugg = sugg[:perAspect]
		}
		out[asp.Name] = sugg
	}
	return out
}

// Keyword is a word or word pair that characterises a set of sentences.
type Keyword struct {
	Term  string  `json:"term"`
	Score float64 `json:"score"`
	Count int     `json:"count"`
}

// Keywords ranks the words and word pairs of the selected sentences by
// TF-IDF against all sentences (selected ones included) and returns the
// top n. Pairs are kept only when both words are useful.
func Keywords(selected, all []string, n int) []Keyword {
	df := map[string]int{}
	for _, s := range all {
		for t := range termSet(s) {
			df[t]++
		}
	}
	tf := map[string]int{}
	for _, s := range selected {
		for t := range termSet(s) {
			tf[t]++
		}
	}
	N := float64(max(len(all), 1))
	var out []Keyword
	for t, c := range tf {
		if c < 2 && len(selected) > 5 {
			continue
		}
		idf := math.Log(N / float64(max(df[t], c)))
		out = append(out, Keyword{Term: t, Score: float64(c) * (idf + 0.1), Count: c})
	}
	slices.SortFunc(out, func(x, y Keyword) int {
		if x.Score != y.Score {
			if x.Score > y.Score {
				return -1
			}
			return 1
		}
		return strings.Compare(x.Term, y.Term)
	})
	if len(out) > n {
		out = out[:n]
	}
	return out
}

func termSet(s string) map[string]bool {
	words := Words(Normalize(s))
	set := map[string]bool{}
	for i, w := range words {
		if !usefulWord(w) {
			continue
		}
		set[w] = true
		if i+1 < len(words) && usefulWord(words[i+1]) {
			sep := " "
			if HasHan(w) {
				sep = ""
			}
			set[w+sep+words[i+1]] = true
		}
	}
	return set
}
