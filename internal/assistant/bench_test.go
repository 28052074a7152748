package assistant

import (
	"fmt"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/rapport-cx/rapport"
	"github.com/rapport-cx/rapport/internal/store/sqlite"
)

// generatedKB makes n entries about distinct products and topics, with
// three example questions each, half in Chinese.
func generatedKB(n int) []rapport.KBEntry {
	topicsEN := []string{"delivery time for %s", "return policy of %s", "warranty on %s", "size guide for %s", "price of %s", "colours of %s", "washing %s", "stock of %s"}
	topicsZH := []string{"%s多久发货", "%s怎么退货", "%s保修多久", "%s尺码怎么选", "%s多少钱", "%s有什么颜色", "%s怎么清洗", "%s有货吗"}
	out := make([]rapport.KBEntry, n)
	for i := range out {
		item := fmt.Sprintf("item%04d", i/8)
		if i%2 == 0 {
			t := topicsEN[i%8]
			out[i] = rapport.KBEntry{Lang: "en", Question: fmt.Sprintf(t, item), Answer: "answer " + item,
				Examples: []string{"what about " + fmt.Sprintf(t, item), "tell me the " + fmt.Sprintf(t, item), fmt.Sprintf(t, item) + " please"}}
		} else {
			t := topicsZH[i%8]
			out[i] = rapport.KBEntry{Lang: "zh", Question: fmt.Sprintf(t, item), Answer: "答案 " + item,
				Examples: []string{"请问" + fmt.Sprintf(t, item), fmt.Sprintf(t, item) + "呢", "想知道" + fmt.Sprintf(t, item)}}
		}
	}
	return out
}

// BenchmarkAnswer5000 answers questions against a 5,000-entry knowledge
// base on SQLite (the conversation is written for every answer) and
// reports the 95th-percentile latency. Training happens before the timer.
func BenchmarkAnswer5000(b *testing.B) {
	st, err := sqlite.Open(b.Context(), filepath.Join(b.TempDir(), "rapport.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	if _, err := sqlite.Migrate(b.Context(), st.DB()); err != nil {
		b.Fatal(err)
	}
	kb := generatedKB(5000)
	for i := range kb {
		if err := st.CreateKBEntry(b.Context(), &kb[i]); err != nil {
			b.Fatal(err)
		}
	}
	a := New(st, rapport.SystemClock{}, EventOpener{Events: st})
	t0 := time.Now()
	if err := a.Retrain(b.Context()); err != nil {
		b.Fatal(err)
	}
	b.ReportMetric(time.Since(t0).Seconds(), "train-s")
	var lat []time.Duration
	handovers := 0
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		e := kb[(i*7919)%len(kb)]
		q := Question{ConversationID: fmt.Sprintf("bench-%d", i), Text: e.Examples[i%3]}
		s := time.Now()
		r, err := a.Answer(b.Context(), q)
		if err != nil {
			b.Fatal(err)
		}
		if r.Handover {
			handovers++
		} else if r.EntryID != e.ID {
			b.Fatalf("%q answered by entry %d, want %d", q.Text, r.EntryID, e.ID)
		}
		lat = append(lat, time.Since(s))
	}
	slices.Sort(lat)
	b.ReportMetric(float64(handovers)/float64(len(lat)), "handover-share")
	b.ReportMetric(float64(lat[len(lat)*95/100].Microseconds())/1000, "p95-ms")
	b.ReportMetric(float64(lat[len(lat)/2].Microseconds())/1000, "p50-ms")
}
