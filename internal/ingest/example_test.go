package ingest_test

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"time"

	"github.com/rapport-cx/rapport"
	"github.com/rapport-cx/rapport/internal/ingest"
	"github.com/rapport-cx/rapport/internal/store"
)

// The importer converts one JSONL line of a Segment export at a time.
func ExampleParseMessage() {
	line := []byte(`{"type":"track","userId":"c42","event":"Order Completed","properties":{"order_id":"o-1","total":259.00},"timestamp":"2025-03-01T08:30:00+08:00"}`)
	e, err := ingest.ParseMessage(line, time.Now(), "import")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(e.Type, e.Name, e.UserID, e.Timestamp, e.Properties["total"], e.Channel)
	// Output: track Order Completed c42 2025-03-01 00:30:00 +0000 UTC 259.00 other
}

// serve wires the /v1 API into a server and shuts it down without losing an
// accepted event: first the HTTP server (in-flight requests finish, which
// means their events are committed), then the pipeline.
func Example_serve() {
	ctx := context.Background()
	s, err := store.Open(ctx, "data/rapport.db", true)
	if err != nil {
		panic(err)
	}
	defer s.Close()
	pipe := ingest.NewPipeline(ingest.PipelineConfig{Store: s, MaxQueue: 50_000})
	mux := http.NewServeMux()
	mux.Handle("/v1/", ingest.NewHandler(ingest.Config{
		Pipeline: pipe, Keys: s, Clock: rapport.SystemClock{}, Logger: slog.Default(),
	}))
	srv := &http.Server{Addr: ":8080", Handler: mux}
	go srv.ListenAndServe()

	// … on SIGTERM:
	shutdown, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	srv.Shutdown(shutdown)
	pipe.Close(shutdown)
}
