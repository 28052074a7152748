package main

import (
	"context"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"github.com/spf13/cobra"

	"github.com/rapport-cx/rapport"
	"github.com/rapport-cx/rapport/internal/access"
	"github.com/rapport-cx/rapport/internal/httpapi"
	"github.com/rapport-cx/rapport/internal/recommend/live"
	"github.com/rapport-cx/rapport/internal/store"
)

// syntheticModel sizes the generated data of the recommendation benchmark.
type syntheticModel struct {
	items, factors, customers, interactions int
}

func (m *syntheticModel) flags(cmd *cobra.Command) {
	f := cmd.Flags()
	f.IntVar(&m.items, "items", 100_000, "catalogue size")
	f.IntVar(&m.factors, "factors", 64, "iALS factors")
	f.IntVar(&m.customers, "customers", 50_000, "customers with purchases")
	f.IntVar(&m.interactions, "interactions", 1_000_000, "generated purchases (Zipf item popularity)")
}

func (m syntheticModel) args() []string {
	return []string{"--items", strconv.Itoa(m.items), "--factors", strconv.Itoa(m.factors),
		"--customers", strconv.Itoa(m.customers), "--interactions", strconv.Itoa(m.interactions)}
}

// benchRecommendCmd drives personalised home recommendations over loopback.
func benchRecommendCmd(e *env) *cobra.Command {
	var m syntheticModel
	var lc live.LoadConfig
	var profile string
	var rates []float64
	cmd := &cobra.Command{
		Use:   "recommend",
		Short: "Serve a generated recommendation model from a separate server process and request home recommendations at a fixed rate; report latency percentiles and the server's CPU",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return benchRecommend(cmd.Context(), e, m, lc, rates, profile)
		},
	}
	m.flags(cmd)
	f := cmd.Flags()
	f.Float64SliceVar(&rates, "rate", []float64{1000}, "requests per second, sent on schedule whatever the responses (open loop); several rates run one after the other on the same server")
	f.DurationVar(&lc.Duration, "duration", 30*time.Second, "measured time")
	f.DurationVar(&lc.Warmup, "warmup", 5*time.Second, "time at the same rate before measuring")
	f.IntVar(&lc.N, "n", 20, "items per page")
	f.StringVar(&profile, "cpu-profile", "", "write the server's CPU profile to this file")
	return cmd
}

// benchRecommendServerCmd is the server process of `bench recommend`.
func benchRecommendServerCmd(e *env) *cobra.Command {
	var m syntheticModel
	var db, profile string
	cmd := &cobra.Command{
		Use:    "recommend-server",
		Short:  "Serve a generated recommendation model (the server process of `rapport bench recommend`)",
		Hidden: true,
		Args:   cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return serveSyntheticRecommendations(cmd.Context(), e, m, db, profile)
		},
	}
	m.flags(cmd)
	cmd.Flags().StringVar(&db, "db", "", "database for the served-list log")
	cmd.Flags().StringVar(&profile, "cpu-profile", "", "write a CPU profile of the serving to this file")
	return cmd
}

func benchRecommend(ctx context.Context, e *env, m syntheticModel, lc live.LoadConfig, rates []float64, profile string) error {
	for _, r := range rates {
		if r <= 0 {
			return rapport.FieldErrorf("rate", "must be positive, got %g", r)
		}
	}
	if lc.Duration <= 0 {
		return rapport.FieldErrorf("duration", "must be positive, got %s", lc.Duration)
	}
	dir, err := os.MkdirTemp("", "rapport-bench-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	db := filepath.Join(dir, "bench.db")
	st, err := store.Open(ctx, db, true)
	if err != nil {
		return err
	}
	token, _, err := access.CreateAPIToken(ctx, st, "bench", []string{rapport.ScopeRead}, time.Now())
	st.Close()
	if err != nil {
		return err
	}
	args := append([]string{"bench", "recommend-server", "--db", db}, m.args()...)
	if profile != "" {
		args = append(args, "--cpu-profile", profile)
	}
	built := time.Now()
	child, url, err := startChild(e, args...)
	if err != nil {
		return err
	}
	defer stopChild(child)
	fmt.Fprintf(e.stdout, "server pid %d on %s: %d customers, %d items × %d factors, %d generated purchases (ready after %s, %.1f CPU-s)\n",
		child.Process.Pid, url, m.customers, m.items, m.factors, m.interactions, time.Since(built).Round(time.Second), procCPU(child.Process.Pid).Seconds())
	lc.URL, lc.Token, lc.Customers = url, token, m.customers
	lc.ServerCPU = func() time.Duration { return procCPU(child.Process.Pid) }
	for _, r := range rates {
		lc.Rate = r
		res, err := live.RunLoad(ctx, lc)
		if err != nil {
			return err
		}
		fmt.Fprintln(e.stdout, res.String())
	}
	return nil
}

// serveSyntheticRecommendations builds the generated model and serves the
// JSON API until interrupted.
func serveSyntheticRecommendations(ctx context.Context, e *env, m syntheticModel, db, profile string) error {
	st, err := store.Open(ctx, db, false)
	if err != nil {
		return err
	}
	defer st.Close()
	svc, _, err := live.Synthetic(ctx, live.Config{Store: st, Factors: m.factors}, m.customers, m.items, m.interactions, 1)
	if err != nil {
		return err
	}
	api, _ := httpapi.New(httpapi.Config{Store: st, Logger: slog.New(slog.DiscardHandler), Recommender: svc})
	mux := http.NewServeMux()
	mux.Handle("/api/", api)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	if profile != "" {
		stop, err := startCPUProfile(profile)
		if err != nil {
			return err
		}
		defer stop()
	}
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	go func() { <-ctx.Done(); _ = srv.Close() }()
	fmt.Fprintf(e.stdout, "serving http://%s\n", ln.Addr())
	if err := srv.Serve(ln); err != http.ErrServerClosed {
		return err
	}
	return nil
}

// procCPU is the user + system CPU time of a process (Linux /proc).
func procCPU(pid int) time.Duration {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0
	}
	// Fields after the parenthesised command: state is field 3, utime 14, stime 15.
	s := string(b)
	for i := len(s) - 1; i >= 0; i-- {
		if s[i] == ')' {
			s = s[i+2:]
			break
		}
	}
	var f [13]string
	var utime, stime int64
	if _, err := fmt.Sscan(s, &f[0], &f[1], &f[2], &f[3], &f[4], &f[5], &f[6], &f[7], &f[8], &f[9], &f[10], &utime, &stime); err != nil {
		return 0
	}
	const ticks = 100 // USER_HZ
	return time.Duration(utime+stime) * time.Second / ticks
}
