package offline

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/rapport-cx/rapport/internal/recommend"
)

func TestStratifiedSplitRules(t *testing.T) {
	// Users with 1, 2, 3, 4, 10 ratings, written out of order.
	var ps []pair
	for _, u := range []int{5, 1, 3, 2, 4} {
		n := map[int]int{1: 1, 2: 2, 3: 3, 4: 4, 5: 10}[u]
		for i := 0; i < n; i++ {
			ps = append(ps, pair{user: fmt.Sprint(u), item: fmt.Sprint(100*u + i)})
		}
	}
	s := StratifiedSplit(ps, 0.75, 42)
	perUser := map[string]int{}
	for _, p := range ps {
		perUser[p.user]++
	}
	for user, n := range perUser {
		u, _ := s.Users.Lookup(user)
		items, _ := s.Train.Row(int(u))
		wantTrain := int(math.Round(0.75 * float64(n)))
		if len(items) != wantTrain || len(s.Truth[u]) != n-wantTrain {
			t.Errorf("user %s with %d ratings: %d train, %d truth; want %d and %d", user, n, len(items), len(s.Truth[u]), wantTrain, n-wantTrain)
		}
		for _, it := range items {
			if s.Truth[u][it] {
				t.Errorf("user %s: item %s both in training and truth", user, s.Items.Key(it))
			}
			if !strings.HasPrefix(s.Items.Key(it), user) {
				t.Errorf("user %s got another user's item %s", user, s.Items.Key(it))
			}
		}
	}
	// The same seed gives the same split; another seed another one.
	again := StratifiedSplit(ps, 0.75, 42)
	other := StratifiedSplit(ps, 0.75, 7)
	if key(s) != key(again) {
		t.Error("same seed, different split")
	}
	if key(s) == key(other) {
		t.Error("seeds 42 and 7 gave the same split")
	}
}

// key renders a split's truth for comparison.
func key(s *Split) string {
	var b strings.Builder
	for _, u := range s.EvaluatedUsers() {
		for it := range s.Items.Len() {
			if s.Truth[u][int32(it)] {
				fmt.Fprintf(&b, "%s:%s ", s.Users.Key(u), s.Items.Key(int32(it)))
			}
		}
	}
	return b.String()
}

const retailCSV = `InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country
1,A,a,1,2011-11-01 10:00:00,1.0,10.0,UK
1,B,b,2,2011-11-01 10:00:00,1.0,10.0,UK
2,C,c,1,2011-11-08 23:59:00,1.0,20.0,UK
3,A,a,1,2011-11-09 00:00:00,1.0,10.0,UK
3,D,d,1,2011-11-09 00:00:00,1.0,10.0,UK
4,E,e,1,2011-11-10 09:00:00,1.0,10.0,UK
5,F,f,1,2011-11-10 09:00:00,1.0,30.0,UK
C6,B,b,-1,2011-11-02 09:00:00,1.0,20.0,UK
7,G,g,1,2011-11-02 09:00:00,1.0,,UK
8,H,h,-3,2011-11-02 09:00:00,1.0,20.0,UK
9,I,i,1,2011-11-02 09:00:00,0,20.0,UK
10,B,b,1,2011-12-01 09:00:00,1.0,20.0,UK
`

func TestTemporalSplitRules(t *testing.T) {
	ps, err := parseOnlineRetail(strings.NewReader(retailCSV))
	if err != nil {
		t.Fatal(err)
	}
	// Cancellations, guest lines, negative quantities and free lines are no
	// purchases.
	if len(ps) != 8 {
		t.Fatalf("read %d purchases, want 8: %v", len(ps), ps)
	}
	s := TemporalSplit(ps, RetailCutoff, time.Time{})
	truth := map[string][]string{}
	for _, u := range s.EvaluatedUsers() {
		for it := range s.Truth[u] {
			truth[s.Users.Key(u)] = append(truth[s.Users.Key(u)], s.Items.Key(it))
		}
	}
	// Customer 10 re-bought A (not new) and bought D (at the cutoff) and E;
	// 20 bought B, new to them; 30 has no purchase before the cutoff.
	if got := fmt.Sprint(slices.Sorted(slices.Values(truth["10"]))); got != "[D E]" {
		t.Errorf("truth of 10 = %s, want [D E]", got)
	}
	if got := fmt.Sprint(truth["20"]); got != "[B]" {
		t.Errorf("truth of 20 = %s, want [B]", got)
	}
	if _, ok := truth["30"]; ok || len(truth) != 2 {
		t.Errorf("truth = %v, want customers 10 and 20 only", truth)
	}
	if s.Train.Items != 3 || s.Train.NNZ() != 3 {
		t.Errorf("training has %d items, %d entries; want A, B, C once each", s.Train.Items, s.Train.NNZ())
	}
	// A validation window ending at the cutoff ignores later purchases.
	v := TemporalSplit(ps, time.Date(2011, 11, 5, 0, 0, 0, 0, time.UTC), RetailCutoff)
	if len(v.Truth) != 0 {
		// Customer 20's C on 11-08 has no earlier purchase of theirs.
		t.Errorf("validation truth = %v, want none", v.Truth)
	}
}

func TestEvaluateOnHandSplit(t *testing.T) {
	// Two users; item 2 is what both should get. Popularity ranks items by
	// count among unseen ones.
	train := []pair{{"u", "1"}, {"v", "1"}, {"v", "3"}, {"w", "3"}, {"w", "2"}, {"x", "2"}, {"x", "4"}}
	s := build(train, []pair{{"u", "2"}, {"v", "4"}})
	r, err := FitAndEvaluate(context.Background(), &recommend.Popularity{}, s)
	if err != nil {
		t.Fatal(err)
	}
	// u has seen 1: ranking 3, 2, 4 (counts 2, 2, 1, ties to lower index:
	// items were indexed 1, 3, 2, 4). Hit at rank 2. v has seen 1, 3: ranking
	// 2, 4, hit at rank 2.
	want := 1 / math.Log2(3)
	if got := r.At[10].NDCG; math.Abs(got-want) > 1e-12 {
		t.Errorf("nDCG@10 = %v, want %v", got, want)
	}
	// Items 3, 2 and 4 are recommended; 1 is seen by both.
	if r.Users != 2 || r.Coverage[10] != 0.75 {
		t.Errorf("users %d, coverage %v; want 2 and 3/4", r.Users, r.Coverage[10])
	}
}
