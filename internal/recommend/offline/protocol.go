package offline

import (
	"context"
	"fmt"
	"time"

	"github.com/rapport-cx/rapport/internal/recommend"
)

// Protocol is a way of splitting a dataset into training and truth, with
// the same rule applied to the training part for validation.
type Protocol struct {
	Name string
	// Load reads the dataset at path and returns the test split and a
	// validation split built from the test split's training part only.
	Load func(path string) (test, validation *Split, err error)
}

// Protocols are the protocols of `rapport eval recommend`, by name.
var Protocols = map[string]Protocol{
	"ml100k":        {Name: "ml100k", Load: loadML100K},
	"online-retail": {Name: "online-retail", Load: loadOnlineRetail},
}

// ML100KValidationSeed seeds the validation split of the ml100k training part.
const ML100KValidationSeed = 43

func loadML100K(path string) (*Split, *Split, error) {
	ps, err := ReadML100K(path)
	if err != nil {
		return nil, nil, err
	}
	test := StratifiedSplit(ps, ML100KRatio, ML100KSeed)
	val := StratifiedSplit(test.trainPairs(), ML100KRatio, ML100KValidationSeed)
	return test, val, nil
}

// RetailValidationWindow is how far before the cutoff the validation truth
// starts: the test period (2011-11-09 to the end of the data on 2011-12-09)
// is about as long.
const RetailValidationWindow = 30 * 24 * time.Hour

func loadOnlineRetail(path string) (*Split, *Split, error) {
	ps, err := ReadOnlineRetail(path)
	if err != nil {
		return nil, nil, err
	}
	test := TemporalSplit(ps, RetailCutoff, time.Time{})
	val := TemporalSplit(ps, RetailCutoff.Add(-RetailValidationWindow), RetailCutoff)
	return test, val, nil
}

// Family is a kind of model with the hyper-parameter values to try.
type Family struct {
	Name string
	Grid []func() recommend.Model
}

// Families are the model kinds evaluated, each with its grid.
func Families() []Family {
	f := []Family{
		{Name: "popularity", Grid: []func() recommend.Model{func() recommend.Model { return &recommend.Popularity{} }}},
		{Name: "item-knn"}, {Name: "ials"}, {Name: "ease"},
	}
	for _, k := range []int{50, 200, 0} {
		for _, s := range []float32{0, 10, 100} {
			f[1].Grid = append(f[1].Grid, func() recommend.Model { return &recommend.ItemKNN{Neighbors: k, Shrinkage: s} })
		}
	}
	for _, k := range []int{64, 128} {
		for _, l := range []float32{10, 30} {
			for _, a := range []float32{3, 10} {
				f[2].Grid = append(f[2].Grid, func() recommend.Model {
					return &recommend.IALS{Factors: k, Lambda: l, Alpha: a, Iterations: 10, CGSteps: 3, Seed: 1}
				})
			}
		}
	}
	for _, l := range []float64{100, 300, 1000} {
		f[3].Grid = append(f[3].Grid, func() recommend.Model { return &recommend.EASE{Lambda: l} })
	}
	return f
}

// Report is one family's outcome: the chosen parameters, their validation
// score and the test figures of the model refitted on the whole training part.
type Report struct {
	Family     string
	Validation []Result // every grid point on the validation split
	Chosen     Result   // the best by validation nDCG@10
	Test       Result   // the chosen parameters, fitted on training, on the test truth
}

// Run evaluates every family on a protocol. progress, if not nil, is told
// each step.
func Run(ctx context.Context, p Protocol, path string, families []Family, progress func(string)) ([]Report, error) {
	if progress == nil {
		progress = func(string) {}
	}
	test, val, err := p.Load(path)
	if err != nil {
		return nil, err
	}
	progress(fmt.Sprintf("%s: training %d users × %d items, %d interactions; %d users evaluated; validation %d users",
		p.Name, test.Train.Users, test.Train.Items, test.Train.NNZ(), len(test.Truth), len(val.Truth)))
	var out []Report
	for _, f := range families {
		rep := Report{Family: f.Name}
		best := -1
		for _, mk := range f.Grid {
			r, err := FitAndEvaluate(ctx, mk(), val)
			if err != nil {
				return nil, err
			}
			progress(fmt.Sprintf("validation %-45s nDCG@10 %.4f (%s)", r.Model, r.At[10].NDCG, r.Train.Round(time.Millisecond)))
			rep.Validation = append(rep.Validation, r)
			if best < 0 || r.At[10].NDCG > rep.Validation[best].At[10].NDCG {
				best = len(rep.Validation) - 1
			}
		}
		rep.Chosen = rep.Validation[best]
		rep.Test, err = FitAndEvaluate(ctx, f.Grid[best](), test)
		if err != nil {
			return nil, err
		}
		progress(fmt.Sprintf("test       %-45s nDCG@10 %.4f (%s)", rep.Test.Model, rep.Test.At[10].NDCG, rep.Test.Train.Round(time.Millisecond)))
		out = append(out, rep)
	}
	return out, nil
}
