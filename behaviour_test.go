package rapport

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestBehaviourTags(t *testing.T) {
	hours := make([]int, 24)
	hours[21], hours[9], hours[12], hours[20] = 7, 3, 7, 1
	s := Stats{
		Orders: 4, Returns: 1,
		Categories: map[string]*CategoryStats{
			"Shoes":   {Views: 10, Carts: 1, Orders: 2, Revenue: 500}, // 10 + 2 + 10 = 22
			"Bags":    {Views: 2, Carts: 2, Orders: 3, Revenue: 1300}, // 2 + 4 + 15 = 21
			"Hats":    {Views: 21},                                    // 21, loses the tie to Bags by name
			"Scarves": {Views: 4},
		},
		Channels: map[Channel]*ChannelStats{
			ChannelApp: {Sessions: 3, Events: 30}, ChannelWeb: {Sessions: 5, Events: 9}, ChannelMiniProgram: {Events: 1},
		},
		Hours:       hours,
		SearchTerms: map[string]int{"跑鞋": 4, "bag": 4, "hat": 1, "scarf": 2, "belt": 1, "sock": 1},
	}
	// Items bought: 5 lines for 1,800, an average of 360: upper.
	want := Behaviour{
		Categories: []string{"Shoes", "Bags", "Hats"}, PriceBand: "upper", PreferredChannel: ChannelWeb,
		ActiveHours: []int{12, 21, 9}, SearchInterests: []string{"bag", "跑鞋", "scarf", "belt", "hat"},
		ReturnPropensity: 0.25,
	}
	if diff := cmp.Diff(want, s.Behaviour()); diff != "" {
		t.Errorf("behaviour (-want +got):\n%s", diff)
	}

	for avg, band := range map[float64]string{99.99: "budget", 100: "mid", 299: "mid", 999: "upper", 1000: "premium"} {
		s := Stats{Categories: map[string]*CategoryStats{"A": {Orders: 2, Revenue: 2 * avg}}}
		if got := s.Behaviour().PriceBand; got != band {
			t.Errorf("average item price %v: band %q, want %q", avg, got, band)
		}
	}
	if got := (&Stats{}).Behaviour(); !cmp.Equal(got, Behaviour{}) {
		t.Errorf("an empty profile has behaviour tags %+v", got)
	}
}
