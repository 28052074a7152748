package datasets

import (
	"compress/gzip"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rapport-cx/rapport"
)

// writeFile writes lines to a file in the test's folder, gzip'd if zip is set.
func writeFile(t *testing.T, name string, zip bool, lines ...string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	body := []byte(strings.Join(lines, "\n") + "\n")
	if !zip {
		if _, err := f.Write(body); err != nil {
			t.Fatal(err)
		}
		return path
	}
	zw := gzip.NewWriter(f)
	if _, err := zw.Write(body); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return path
}

var segmentLines = []string{
	`{"type":"page","name":"Home","anonymousId":"a1","messageId":"m1","timestamp":"2025-03-01T10:00:00Z","context":{"channel":"web"}}`,
	`{"type":"identify","userId":"u1","anonymousId":"a1","messageId":"m2","timestamp":"2025-03-01T10:01:00Z","traits":{"email":"u1@example.com","city":"杭州"}}`,
	``,
	`{"type":"track","event":"Order Completed","userId":"u1","messageId":"m3","timestamp":"2025-03-01T10:05:00Z","properties":{"order_id":"o1","total":99.5,"currency":"CNY","products":[{"product_id":"p1","price":99.5,"quantity":1}]}}`,
	`{"type":"track","event":"Product Viewed","userId":"u2","properties":{"product_id":"p1"}}`,
	`{"type":"track","event":"Product Viewed","userId":"u2","properties":{"product_id":"p1"}}`,
}

func TestEventsImport(t *testing.T) {
	for _, zip := range []bool{false, true} {
		path := writeFile(t, "events.jsonl", zip, segmentLines...)
		st := openStore(t)
		ctx := context.Background()
		opts := Options{ReceivedAt: testReceivedAt, BatchSize: 2}
		res, err := Events(ctx, st, path, opts)
		if err != nil {
			t.Fatal(err)
		}
		c := counts(t, st)
		if res.Rows != 6 || res.Skipped != 1 || res.Stored != 5 || c.Events != 5 || c.Customers != 2 || c.Anonymous != 0 || c.Orders != 1 {
			t.Errorf("gzip %v: result %+v counts %+v; want 5 events (two identical undated lines stay two), 2 customers, 1 order", zip, res, c)
		}
		if u1 := customer(t, st, "u1"); u1.Email != "u1@example.com" || u1.Stats.Orders != 1 || u1.Stats.Events != 3 {
			t.Errorf("u1 = %+v, want the merged anonymous page view, the identify and the order", u1)
		}
		reimport(t, st, func() (Result, error) { return Events(ctx, st, path, opts) })
	}
}

func TestEventsInvalidLine(t *testing.T) {
	lines := append([]string{}, segmentLines[:2]...)
	lines = append(lines,
		`{"type":"track","event":"Product Viewed","userId":"u1","messageId":"m4","timestamp":"2025-03-02T10:00:00Z"}`,
		`{"type":"track","userId":"u1","messageId":"m5","timestamp":"2025-03-02T10:00:00Z"}`)
	path := writeFile(t, "bad.jsonl", false, lines...)
	st := openStore(t)
	_, err := Events(context.Background(), st, path, Options{ReceivedAt: testReceivedAt, BatchSize: 2})
	var re *rapport.Error
	if err == nil || !strings.Contains(err.Error(), "line 4") || !errors.As(err, &re) || re.Field != "event" {
		t.Fatalf("error = %v, want one naming line 4 and the field event", err)
	}
	if c := counts(t, st); c.Events != 2 {
		t.Errorf("stored %d events, want the 2 of the first batch and nothing of the failing one", c.Events)
	}
}
