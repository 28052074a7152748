package datasets

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strconv"
	"time"

	"github.com/rapport-cx/rapport"
	"github.com/rapport-cx/rapport/internal/ingest"
)

// EventsSource is the Source of events imported from Segment-shaped JSONL.
const EventsSource = "import:events"

// maxLine bounds one JSONL line.
const maxLine = 32 << 20

// Events imports Segment-shaped messages, one JSON object per line (plain or
// gzip), validated exactly as the HTTP API validates them (ingest.ParseMessage);
// every message must carry its "type". Blank lines are skipped.
//
// A line that fails validation stops the import with an error naming the line
// number and the field (errors.As finds the *rapport.Error). Nothing of the
// batch that line belongs to is stored; the batches before it are, and
// importing the corrected file again skips them as duplicates.
//
// A message without a messageId gets "import-<hash>" from the source name, its
// line number and its bytes, so importing the same file again stores nothing
// new (two identical lines without ids stay two events).
func Events(ctx context.Context, store rapport.EventStore, path string, opts Options) (Result, error) {
	var res Result
	in, err := openInput(path)
	if err != nil {
		return res, err
	}
	defer in.Close()
	sk := newSink(ctx, store, opts, in, &res)
	received := opts.receivedAt()
	sc := bufio.NewScanner(in.r)
	sc.Buffer(make([]byte, 0, 1<<20), maxLine)
	for sc.Scan() && (opts.Limit == 0 || res.Rows < opts.Limit) {
		res.Rows++
		raw := bytes.TrimSpace(sc.Bytes())
		if len(raw) == 0 {
			res.Skipped++
			continue
		}
		e, err := parseLine(raw, res.Rows, received)
		if err != nil {
			return res, err
		}
		if err := sk.add(e); err != nil {
			return res, err
		}
	}
	if err := sc.Err(); err != nil {
		return res, fmt.Errorf("datasets: line %d: %w", res.Rows+1, err)
	}
	return res, sk.finish()
}

// parseLine validates one message and gives it a stable id if it has none.
func parseLine(raw []byte, line int64, received time.Time) (*rapport.Event, error) {
	e, err := ingest.ParseMessage(raw, received, EventsSource)
	if err != nil {
		return nil, fmt.Errorf("datasets: line %d: %w", line, err)
	}
	if e.MessageID == "" || !bytes.Contains(raw, []byte(e.MessageID)) {
		e.MessageID = importedID(raw, line)
	}
	return e, nil
}

// importedID is the messageId of a line that has none.
func importedID(raw []byte, line int64) string {
	h := sha256.New()
	h.Write([]byte(EventsSource))
	h.Write([]byte{0})
	h.Write([]byte(strconv.FormatInt(line, 10)))
	h.Write([]byte{0})
	h.Write(raw)
	return "import-" + hex.EncodeToString(h.Sum(nil)[:16])
}
