package textan

import (
	"math"
	"runtime"
	"slices"
	"sync"
)

// IntentView is one way of turning a question into features; an intent
// model adds the decision values of its views.
type IntentView struct {
	Features  Features
	Weighting Weighting
	C         float64
	// PosWeight multiplies C for each intent's own questions against
	// the rest (0 means 1).
	PosWeight float64
}

// DefaultIntentViews is the intent classifier's view: words and word
// pairs with character 2–5-grams (1–3 for Chinese) in one IDF-weighted,
// L2-normalised space, one-vs-rest SVMs whose intent's own questions
// weigh twice the rest (each intent is a small minority of the
// questions). Chosen by 5-fold cross-validation on BANKING77's training
// set (docs/text-analysis.md).
var DefaultIntentViews = []IntentView{
	{Features: Features{WordMin: 1, WordMax: 2, CharMin: 2, CharMax: 5, HanCharMax: 3}, Weighting: IDF, C: 1, PosWeight: 2},
}

// IntentModel recognises which of a fixed set of intents a short text
// expresses.
type IntentModel struct {
	Labels []string
	views  []intentView
	// Temperature scales summed margins before the softmax that gives
	// Confidence.
	Temperature float64
}

type intentView struct {
	vec *Vectorizer
	lin []*Linear // one per label
}

// Prediction is the intent read in a text.
type Prediction struct {
	Label      string  `json:"label"`
	Confidence float64 `json:"confidence"` // softmax probability of Label
	Margin     float64 `json:"margin"`     // summed decision value of Label
	Runner     string  `json:"runner_up,omitempty"`
}

// TrainIntents fits one-vs-rest SVMs per view on labelled examples. The
// labels' classifiers are trained in parallel on up to workers goroutines
// (0: GOMAXPROCS).
func TrainIntents(data []Labelled, views []IntentView, workers int) *IntentModel {
	if len(views) == 0 {
		views = DefaultIntentViews
	}
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	m := &IntentModel{Temperature: 0.2}
	index := map[string]int{}
	for _, d := range data {
		if _, ok := index[d.Label]; !ok {
			index[d.Label] = len(m.Labels)
			m.Labels = append(m.Labels, d.Label)
		}
	}
	for _, v := range views {
		docs := make([][]uint64, len(data))
		for i, d := range data {
			docs[i] = v.Features.Hash(d.Text)
		}
		vec := FitVectorizer(v.Features, v.Weighting, docs, 1, nil, 0)
		xs := make([]Sparse, len(docs))
		for i, d := range docs {
			xs[i] = vec.VectorOf(d)
		}
		iv := intentView{vec: vec, lin: make([]*Linear, len(m.Labels))}
		jobs := make(chan int)
		var wg sync.WaitGroup
		for w := 0; w < workers; w++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				pos := make([]bool, len(data))
				for c := range jobs {
					for i, d := range data {
						pos[i] = index[d.Label] == c
					}
					iv.lin[c] = TrainSVM(xs, pos, vec.Dim(), SVMConfig{C: v.C, Epochs: 20, Seed: uint64(c), PosWeight: v.PosWeight})
				}
			}()
		}
		for c := range m.Labels {
			jobs <- c
		}
		close(jobs)
		wg.Wait()
		m.views = append(m.views, iv)
	}
	return m
}

// Margins returns the summed decision value of every label.
func (m *IntentModel) Margins(text string) []float64 {
	out := make([]float64, len(m.Labels))
	for _, v := range m.views {
		x := v.vec.Vector(text)
		for c, lin := range v.lin {
			out[c] += lin.Margin(x)
		}
	}
	return out
}

// Predict returns the most likely intent.
func (m *IntentModel) Predict(text string) Prediction {
	ms := m.Margins(text)
	if len(ms) == 0 {
		return Prediction{}
	}
	best := 0
	for c, v := range ms {
		if v > ms[best] {
			best = c
		}
	}
	p := Prediction{Label: m.Labels[best], Margin: ms[best], Confidence: softmaxAt(ms, best, m.Temperature)}
	if len(ms) > 1 {
		rest := slices.Clone(ms)
		rest[best] = math.Inf(-1)
		p.Runner = m.Labels[slices.Index(rest, slices.Max(rest))]
	}
	return p
}

func softmaxAt(ms []float64, k int, temp float64) float64 {
	if temp <= 0 {
		temp = 1
	}
	top := slices.Max(ms)
	var sum float64
	for _, v := range ms {
		sum += math.Exp((v - top) / temp)
	}
	return math.Exp((ms[k]-top)/temp) / sum
}

// EvalIntents scores a model on labelled data.
func EvalIntents(m *IntentModel, data []Labelled) Scores {
	truth := make([]string, len(data))
	pred := make([]string, len(data))
	for i, d := range data {
		truth[i] = d.Label
		pred[i] = m.Predict(d.Text).Label
	}
	return Score(truth, pred)
}
