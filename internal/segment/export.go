package segment

import (
	"bytes"
	"context"
	"encoding/csv"
	"strconv"
	"time"

	"github.com/rapport-cx/rapport"
)

// MembersCSV writes every member of a segment as CSV, one row each, newest
// entries first, after a header row.
func MembersCSV(ctx context.Context, st rapport.SegmentStore, id string) ([]byte, error) {
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	_ = w.Write([]string{"customer_id", "known", "email", "phone", "name", "orders", "revenue", "last_seen", "entered_at"})
	const page = 5000
	for offset := 0; ; offset += page {
		list, _, err := st.SegmentMembers(ctx, id, offset, page)
		if err != nil {
			return nil, err
		}
		for _, m := range list {
			_ = w.Write([]string{m.ID, strconv.FormatBool(m.Known), m.Email, m.Phone, m.Name, strconv.Itoa(m.Orders),
				strconv.FormatFloat(m.Revenue, 'f', 2, 64), timeText(m.LastSeen), timeText(m.EnteredAt)})
		}
		if len(list) < page {
			break
		}
	}
	w.Flush()
	return buf.Bytes(), w.Error()
}

func timeText(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}
