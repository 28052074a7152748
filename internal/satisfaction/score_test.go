package satisfaction

import (
	"math"
	"math/rand"
	"reflect"
	"testing"
	"testing/quick"
)

// answers is a random list of answers on a kind's scale, for testing/quick.
type answers struct {
	kind Kind
	list []int
}

func gen(k Kind) func(vals []reflect.Value, r *rand.Rand) {
	return func(vals []reflect.Value, r *rand.Rand) {
		lo, hi := Range(k)
		list := make([]int, 1+r.Intn(200))
		for i := range list {
			list[i] = lo + r.Intn(hi-lo+1)
		}
		vals[0] = reflect.ValueOf(answers{k, list})
	}
}

// check runs a property over 500 random answer lists of kind k.
func check(t *testing.T, k Kind, prop func(a answers) bool) {
	t.Helper()
	cfg := &quick.Config{MaxCount: 500, Rand: rand.New(rand.NewSource(int64(len(k)))), Values: gen(k)}
	if err := quick.Check(prop, cfg); err != nil {
		t.Fatalf("%s: %v", k, err)
	}
}

func repeat(v, n int) []int {
	out := make([]int, n)
	for i := range out {
		out[i] = v
	}
	return out
}

func near(a, b float64) bool { return math.Abs(a-b) < 1e-9 }

func TestNPSDefinitions(t *testing.T) {
	if s := Compute(NPS, repeat(10, 50), 0); s.Value != 100 || s.Promoters != 50 {
		t.Errorf("all 10s: NPS %v, want 100", s.Value)
	}
	if s := Compute(NPS, repeat(0, 50), 0); s.Value != -100 {
		t.Errorf("all 0s: NPS %v, want −100", s.Value)
	}
	if s := Compute(NPS, repeat(8, 40), 0); s.Value != 0 || s.Passives != 40 {
		t.Errorf("all passives: NPS %v, want 0", s.Value)
	}
	// 9 and 10 promote, 7 and 8 are passive, 0–6 detract: 3 promoters, 2 passives, 5 detractors of 10.
	s := Compute(NPS, []int{10, 9, 9, 8, 7, 6, 5, 3, 1, 0}, 20)
	if !near(s.Value, 100*(3.0-5.0)/10) || s.Promoters != 3 || s.Passives != 2 || s.Detractors != 5 {
		t.Errorf("mixed: %+v, want −20 from 3/2/5", s)
	}
	if !near(s.ResponseRate, 0.5) || !s.Small {
		t.Errorf("mixed: response rate %v small %v, want 0.5 and small", s.ResponseRate, s.Small)
	}
	// Variance of a +1/0/−1 variable: E[x²] − E[x]² = 0.8 − 0.04 = 0.76.
	half := z95 * math.Sqrt(0.76/10) * 100
	if !near(s.Low, -20-half) || !near(s.High, -20+half) {
		t.Errorf("interval [%v, %v], want −20 ± %v", s.Low, s.High, half)
	}
}

func TestNPSProperties(t *testing.T) {
	check(t, NPS, func(a answers) bool { // equal promoters and detractors → 0
		var mirrored []int
		for _, v := range a.list {
			mirrored = append(mirrored, v)
			switch {
			case v >= 9:
				mirrored = append(mirrored, 3)
			case v <= 6:
				mirrored = append(mirrored, 10)
			}
		}
		return near(Compute(NPS, mirrored, 0).Value, 0)
	})
	check(t, NPS, func(a answers) bool { // a passive moves NPS toward 0, never across it
		before, after := Compute(NPS, a.list, 0).Value, Compute(NPS, append(a.list, 7), 0).Value
		return math.Abs(after) <= math.Abs(before)+1e-9 && after*before >= 0
	})
	check(t, NPS, func(a answers) bool { // a promoter raises it, a detractor lowers it
		v := Compute(NPS, a.list, 0).Value
		return Compute(NPS, append(a.list, 10), 0).Value >= v-1e-9 && Compute(NPS, append(a.list, 0), 0).Value <= v+1e-9
	})
	check(t, NPS, func(a answers) bool { // order does not matter
		shuffled := append([]int(nil), a.list...)
		rand.Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
		return near(Compute(NPS, shuffled, 0).Value, Compute(NPS, a.list, 0).Value)
	})
	check(t, NPS, bounded(NPS, -100, 100))
}

// bounded: the value lies in [lo, hi] and the interval contains it.
func bounded(k Kind, lo, hi float64) func(a answers) bool {
	return func(a answers) bool {
		s := Compute(k, a.list, 0)
		return s.Value >= lo && s.Value <= hi && s.Low <= s.Value+1e-9 && s.Value <= s.High+1e-9 &&
			s.Low >= lo && s.High <= hi && s.Count == len(a.list) && s.Small == (len(a.list) < MinAnswers)
	}
}

func TestCSATDefinitions(t *testing.T) {
	s := Compute(CSAT, []int{5, 4, 3, 2, 1, 5, 4, 4}, 0)
	if !near(s.Value, 100*5.0/8) || s.Satisfied != 5 {
		t.Errorf("CSAT %+v, want 62.5%% from 5 of 8", s)
	}
	if s := Compute(CSAT, repeat(5, 40), 0); s.Value != 100 || s.High != 100 || s.Low >= 100 || s.Small {
		t.Errorf("all 5s: %+v, want 100 with a lower bound under 100", s)
	}
	if s := Compute(CSAT, repeat(3, 40), 0); s.Value != 0 || s.Low != 0 || s.High <= 0 {
		t.Errorf("all 3s: %+v, want 0 with an upper bound over 0", s)
	}
	// Wilson for 8 of 10 by hand: centre (0.8+1.92/10)/(1+3.84/10), known interval [0.490, 0.943].
	lo, hi := Wilson(8, 10)
	if math.Abs(lo-0.4902) > 5e-4 || math.Abs(hi-0.9433) > 5e-4 {
		t.Errorf("Wilson(8, 10) = [%.4f, %.4f], want [0.4902, 0.9433]", lo, hi)
	}
	if s := Compute(CSAT, []int{0, 6, 5}, 0); s.Count != 1 {
		t.Errorf("off-scale answers counted: %+v", s)
	}
}

func TestCSATProperties(t *testing.T) {
	check(t, CSAT, bounded(CSAT, 0, 100))
	check(t, CSAT, func(a answers) bool { // more answers narrow the interval of the same proportions
		one, two := Compute(CSAT, a.list, 0), Compute(CSAT, append(append([]int(nil), a.list...), a.list...), 0)
		return near(one.Value, two.Value) && two.High-two.Low <= one.High-one.Low+1e-9
	})
}

func TestCESDefinitions(t *testing.T) {
	s := Compute(CES, []int{1, 2, 3, 4, 5, 6, 7}, 14)
	if s.Value != 4 || !near(s.ResponseRate, 0.5) {
		t.Errorf("CES %+v, want mean 4 and response rate 0.5", s)
	}
	// sd of 1…7 is sqrt(28/6); t(6, 0.975) = 2.446912.
	half := 2.446912 * math.Sqrt(28.0/6/7)
	if math.Abs(s.Low-(4-half)) > 1e-4 || math.Abs(s.High-(4+half)) > 1e-4 {
		t.Errorf("CES interval [%v, %v], want 4 ± %v", s.Low, s.High, half)
	}
	if s := Compute(CES, []int{3}, 0); s.Low != 1 || s.High != 7 {
		t.Errorf("one answer: interval [%v, %v], want the whole scale", s.Low, s.High)
	}
	if s := Compute(CES, repeat(2, 35), 0); s.Value != 2 || s.Low != 2 || s.High != 2 {
		t.Errorf("identical answers: %+v, want a point interval at 2", s)
	}
}

func TestCESProperties(t *testing.T) {
	check(t, CES, bounded(CES, 1, 7))
}

func TestEmpty(t *testing.T) {
	for _, k := range []Kind{CSAT, NPS, CES} {
		if s := Compute(k, nil, 10); s.Count != 0 || !s.Small || s.ResponseRate != 0 {
			t.Errorf("%s of nothing: %+v", k, s)
		}
	}
}
