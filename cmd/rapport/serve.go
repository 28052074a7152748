package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"os"
	"runtime/pprof"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/spf13/cobra"

	"github.com/rapport-cx/rapport"
	"github.com/rapport-cx/rapport/internal/config"
	"github.com/rapport-cx/rapport/internal/httpapi"
	"github.com/rapport-cx/rapport/internal/ingest"
	"github.com/rapport-cx/rapport/internal/jobs"
	"github.com/rapport-cx/rapport/internal/server"
	"github.com/rapport-cx/rapport/internal/web"
)

func serveCmd(e *env) *cobra.Command {
	var cpuProfile string
	cmd := &cobra.Command{
		Use:   "serve",
		Short: "Serve ingestion (/v1), the JSON API (/api) and the console (/)",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			cfg, err := load(e, cmd)
			if err != nil {
				return err
			}
			if cpuProfile != "" {
				stop, err := startCPUProfile(cpuProfile)
				if err != nil {
					return err
				}
				defer stop()
			}
			log := logger(cfg, e)
			st, err := openStore(cmd.Context(), cfg)
			if err != nil {
				return err
			}
			defer st.Close()
			return serve(cmd.Context(), cfg, st, log, func(addr string) {
				fmt.Fprintf(e.stdout, "Rapport is serving on http://%s\n", addr)
			})
		},
	}
	cmd.Flags().StringVar(&cpuProfile, "cpu-profile", "", "write a CPU profile of the whole run to this file (for go tool pprof)")
	return cmd
}

// startCPUProfile profiles the process into path until stop is called.
func startCPUProfile(path string) (stop func(), err error) {
	f, err := os.Create(path)
	if err != nil {
		return nil, fmt.Errorf("--cpu-profile: %w", err)
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return nil, fmt.Errorf("--cpu-profile: %w", err)
	}
	return func() {
		pprof.StopCPUProfile()
		f.Close()
	}, nil
}

// serve runs a node on the configured address until ctx ends.
func serve(ctx context.Context, cfg config.Config, st rapport.Store, log *slog.Logger, ready func(addr string)) error {
	srv, err := buildNode(cfg, st, log)
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", cfg.Addr, err)
	}
	runner, err := startJobs(ctx, cfg, st, log)
	if err != nil {
		_ = ln.Close()
		return err
	}
	ready(ln.Addr().String())
	log.Info("serving", "addr", ln.Addr().String())
	err = srv.Serve(ctx, ln)
	if runner != nil {
		stopCtx, cancel := context.WithTimeout(context.Background(), cfg.ShutdownGrace)
		defer cancel()
		err = errors.Join(err, runner.Stop(stopCtx))
	}
	return err
}

// startJobs starts the background scans, if there are any.
func startJobs(ctx context.Context, cfg config.Config, st rapport.Store, log *slog.Logger) (*jobs.Runner, error) {
	tasks := periodicTasks(st, rapport.SystemClock{})
	if len(tasks) == 0 {
		return nil, nil
	}
	return jobs.Start(ctx, jobs.Config{DSN: cfg.DB, Tasks: tasks, Logger: log})
}

// hand makes an observer of a function that only hands events over to
// work of its own.
func hand(f func([]*rapport.Event)) func(context.Context, []*rapport.Event) error {
	return func(_ context.Context, events []*rapport.Event) error {
		f(events)
		return nil
	}
}

// buildNode wires ingestion, the API and the console over one store.
func buildNode(cfg config.Config, st rapport.Store, log *slog.Logger) (*server.Server, error) {
	clock := rapport.SystemClock{}
	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	commitLatency := prometheus.NewHistogram(prometheus.HistogramOpts{
		Name:    "rapport_ingest_commit_duration_seconds",
		Help:    "Duration of one ingestion transaction.",
		Buckets: prometheus.ExponentialBuckets(0.0005, 2, 14),
	})
	reg.MustRegister(commitLatency)
	segments, err := newSegmentEngine(st, clock, log)
	if err != nil {
		return nil, err
	}
	pipeline := ingest.NewPipeline(ingest.PipelineConfig{
		Store: st, MaxQueue: cfg.QueueEvents, Logger: log,
		OnCommit: func(_ int, d time.Duration) { commitLatency.Observe(d.Seconds()) },
		Observers: []ingest.Observer{surveyObserver(st, clock, log), serviceObserver(st, clock, log),
			{Name: "segments", Observe: hand(segments.Committed)},
			{Name: "recommendations", Observe: hand(recommender(st, clock, log).Committed)}},
	})
	reg.MustRegister(server.NewIngestCollector(pipeline.Stats))
	api, _ := httpapi.New(httpapi.Config{Store: st, Clock: clock, Logger: log, Version: version,
		Recommender: recommender(st, clock, log)})
	console, err := web.New(web.Config{Store: st, Clock: clock, Logger: log, SecureCookies: cfg.SecureCookies,
		Recommender: recommender(st, clock, log)})
	if err != nil {
		return nil, err
	}
	return server.New(server.Deps{
		Store: st, Logger: log, Registry: reg, Grace: cfg.ShutdownGrace,
		Ingest: ingest.NewHandler(ingest.Config{Pipeline: pipeline, Keys: st, Clock: clock, Logger: log}),
		Drain: func(ctx context.Context) error {
			err := pipeline.Close(ctx)
			segments.Wait() // the memberships of the last events, before the store closes
			return err
		},
		API: api, Console: console,
	}), nil
}
