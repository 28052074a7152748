package storetest

import (
	"reflect"
	"testing"
	"time"

	"github.com/rapport-cx/rapport"
)

var searchTests = []scenario{
	{"Search", testSearch},
}

func summaryIDs(list []rapport.CustomerSummary) []string {
	out := make([]string, len(list))
	for i, c := range list {
		out[i] = c.ID
	}
	return out
}

func testSearch(t *testing.T, s rapport.Store) {
	ingest(t, s,
		identify("s1", "u-ann", "", at(0), map[string]any{"email": "Ann.Lee@Example.com", "name": "Ann Lee"}),
		identify("s2", "u-bo", "", at(time.Hour), map[string]any{"email": "bo@example.com", "phone": "+86 138 0000 1111"}),
		identify("s3", "u-cy", "", at(2*time.Hour), map[string]any{"name": "Cy 100%_sure"}),
		page("s4", "", "example-device", at(3*time.Hour)),
		orderCompleted("s5", "u-bo", "", "o1", at(30*time.Minute), 88),
	)
	cases := []struct {
		text  string
		want  []string
		total int
	}{
		{"", []string{"u-cy", "u-bo", "u-ann", rapport.AnonymousPrefix + "example-device"}, 4},
		{"EXAMPLE", []string{"u-bo", "u-ann", rapport.AnonymousPrefix + "example-device"}, 3},
		{"ann lee", []string{"u-ann"}, 1},
		{"0000 1111", []string{"u-bo"}, 1},
		{"100%_", []string{"u-cy"}, 1},
		{"%", []string{"u-cy"}, 1},
		{"nobody", []string{}, 0},
	}
	for _, c := range cases {
		got, total, err := s.SearchCustomers(t.Context(), rapport.CustomerQuery{Text: c.text})
		if err != nil {
			t.Fatal(err)
		}
		if ids := summaryIDs(got); !reflect.DeepEqual(ids, c.want) || total != c.total {
			t.Errorf("search %q: %v (total %d), want %v (total %d)", c.text, ids, total, c.want, c.total)
		}
	}
	got, total, err := s.SearchCustomers(t.Context(), rapport.CustomerQuery{Text: "u-", Offset: 1, Limit: 1})
	if err != nil || total != 3 || !reflect.DeepEqual(summaryIDs(got), []string{"u-bo"}) {
		t.Fatalf("paged search: %v total %d %v", summaryIDs(got), total, err)
	}
	if bo := got[0]; !bo.Known || bo.Orders != 1 || bo.Revenue != 88 || !bo.LastSeen.Equal(at(time.Hour)) {
		t.Fatalf("summary %+v", bo)
	}
}
