package datasets

import (
	"bufio"
	"compress/gzip"
	"context"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/rapport-cx/rapport"
)

// DefaultBatchSize is how many events one call to the store's Ingest carries.
const DefaultBatchSize = 2000

// Options tune an import. The zero value imports the whole file.
type Options struct {
	// BatchSize is the number of events per Ingest call; 0 means DefaultBatchSize.
	BatchSize int
	// Progress, if set, is called after each batch with the bytes of the input
	// file read so far and the file's size (compressed bytes for gzip files).
	Progress func(done, total int64)
	// ReceivedAt is stamped on every event as its arrival time; zero means now.
	ReceivedAt time.Time
	// Limit stops after about this many input rows (0 means no limit). Importers
	// that group rows finish the group in progress, so no record is cut in half.
	Limit int64
}

func (o Options) batchSize() int {
	if o.BatchSize <= 0 {
		return DefaultBatchSize
	}
	return o.BatchSize
}

func (o Options) receivedAt() time.Time {
	if o.ReceivedAt.IsZero() {
		return time.Now().UTC()
	}
	return o.ReceivedAt
}

// Result counts what an import did.
type Result struct {
	Rows       int64 // input rows or lines read
	Skipped    int64 // input rows or records deliberately not imported (each importer says which)
	Events     int   // events handed to the store
	Stored     int   // events the store wrote
	Duplicates int   // events the store skipped as already stored
}

// input is an opened data file that counts the bytes read from disk.
type input struct {
	file  *os.File
	count *countingReader
	size  int64
	r     io.Reader // decompressed content
}

// openInput opens a plain or gzip-compressed file; gzip is recognised by its
// magic bytes, not by the file name.
func openInput(path string) (*input, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("datasets: %w", err)
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("datasets: %w", err)
	}
	in := &input{file: f, count: &countingReader{r: f}, size: st.Size()}
	br := bufio.NewReaderSize(in.count, 1<<16)
	in.r = br
	if magic, _ := br.Peek(2); len(magic) == 2 && magic[0] == 0x1f && magic[1] == 0x8b {
		zr, err := gzip.NewReader(br)
		if err != nil {
			f.Close()
			return nil, fmt.Errorf("datasets: %s: %w", path, err)
		}
		in.r = bufio.NewReaderSize(zr, 1<<16)
	}
	return in, nil
}

// Close closes the file.
func (in *input) Close() error { return in.file.Close() }

type countingReader struct {
	r io.Reader
	n int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

// sink gathers events into batches and hands each full batch to the store.
type sink struct {
	ctx      context.Context
	store    rapport.EventStore
	size     int
	buf      []*rapport.Event
	res      *Result
	progress func()
}

func newSink(ctx context.Context, store rapport.EventStore, opts Options, in *input, res *Result) *sink {
	s := &sink{ctx: ctx, store: store, size: opts.batchSize(), res: res}
	s.progress = func() {
		if opts.Progress != nil {
			opts.Progress(in.count.n, in.size)
		}
	}
	return s
}

// add queues one event, ingesting the batch when it is full.
func (s *sink) add(e *rapport.Event) error {
	s.buf = append(s.buf, e)
	if len(s.buf) >= s.size {
		return s.flush()
	}
	return nil
}

// flush ingests the queued events, all or none.
func (s *sink) flush() error {
	if len(s.buf) == 0 {
		return nil
	}
	if err := s.ctx.Err(); err != nil {
		return err
	}
	r, err := s.store.Ingest(s.ctx, s.buf)
	if err != nil {
		return fmt.Errorf("datasets: ingest batch of %d events: %w", len(s.buf), err)
	}
	s.res.Events += len(s.buf)
	s.res.Stored += r.Stored
	s.res.Duplicates += r.Duplicates
	s.buf = make([]*rapport.Event, 0, s.size)
	s.progress()
	return nil
}

// finish ingests what is left and reports progress a last time.
func (s *sink) finish() error {
	if err := s.flush(); err != nil {
		return err
	}
	s.progress()
	return nil
}

// maker builds the events of one import with its source, channel and arrival time.
type maker struct {
	source   string
	channel  rapport.Channel
	received time.Time
}

// who identifies the customer an event is about.
type who struct {
	userID, anonymousID string
}

func (m maker) event(typ, name, messageID string, w who, ts time.Time) *rapport.Event {
	return &rapport.Event{
		MessageID:   messageID,
		Type:        typ,
		Name:        name,
		UserID:      w.userID,
		AnonymousID: w.anonymousID,
		Channel:     m.channel,
		Source:      m.source,
		Timestamp:   ts,
		ReceivedAt:  m.received,
		Context:     map[string]any{"channel": string(m.channel)},
	}
}

// track builds a track event with the given properties.
func (m maker) track(name, messageID string, w who, ts time.Time, props map[string]any) *rapport.Event {
	e := m.event(rapport.TypeTrack, name, messageID, w, ts)
	e.Properties = props
	return e
}

// identify builds an identify event with the given traits.
func (m maker) identify(messageID string, w who, ts time.Time, traits map[string]any) *rapport.Event {
	e := m.event(rapport.TypeIdentify, "", messageID, w, ts)
	e.Traits = traits
	return e
}
