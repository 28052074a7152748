package main

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/rapport-cx/rapport/internal/access"
	"github.com/rapport-cx/rapport/internal/ingest"
	"github.com/rapport-cx/rapport/internal/store"
)

func benchCmd(e *env) *cobra.Command {
	var lc ingest.LoadConfig
	var cpuProfile string
	cmd := &cobra.Command{
		Use:   "bench",
		Short: "Measure Rapport on this machine",
	}
	ingestCmd := &cobra.Command{
		Use:   "ingest",
		Short: "Start a server as a separate process, send events through /v1/batch, report throughput, latency and the server's peak memory",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			cfg, err := load(e, cmd)
			if err != nil {
				return err
			}
			db := cfg.DB
			if !cmd.Flags().Changed("db") && e.getenv("RAPPORT_DB") == "" {
				dir, err := os.MkdirTemp("", "rapport-bench-")
				if err != nil {
					return err
				}
				defer os.RemoveAll(dir)
				db = filepath.Join(dir, "bench.db")
			}
			return benchIngest(cmd.Context(), e, db, lc, cpuProfile)
		},
	}
	f := ingestCmd.Flags()
	f.IntVar(&lc.Events, "events", 300_000, "events to send")
	f.IntVar(&lc.BatchSize, "batch", 100, "events per /v1/batch request")
	f.IntVar(&lc.Concurrency, "concurrency", 16, "requests in flight")
	f.Float64Var(&lc.Rate, "rate", 0, "target events per second (0: as fast as possible)")
	f.IntVar(&lc.Customers, "customers", 10_000, "distinct customers")
	f.StringVar(&cpuProfile, "cpu-profile", "", "write the server's CPU profile to this file")
	cmd.AddCommand(ingestCmd, benchRecommendCmd(e), benchRecommendServerCmd(e))
	return cmd
}

// benchIngest runs `rapport serve` on db in a child process, drives load
// through it and samples the child's resident memory.
func benchIngest(ctx context.Context, e *env, db string, lc ingest.LoadConfig, cpuProfile string) error {
	st, err := store.Open(ctx, db, true)
	if err != nil {
		return err
	}
	key, err := access.CreateWriteKey(ctx, st, "bench", time.Now())
	st.Close()
	if err != nil {
		return err
	}
	args := []string{"serve", "--addr", "127.0.0.1:0", "--db", db, "--log-level", "warn"}
	if cpuProfile != "" {
		args = append(args, "--cpu-profile", cpuProfile)
	}
	child, url, err := startChild(e, args...)
	if err != nil {
		return err
	}
	defer stopChild(child)
	lc.BaseURL, lc.WriteKey = url, key.Key
	fmt.Fprintf(e.stdout, "server pid %d on %s, database %s\n", child.Process.Pid, url, redact(db))
	peak := make(chan int64, 1)
	stop := make(chan struct{})
	go samplePeakRSS(child.Process.Pid, stop, peak)
	res, err := ingest.RunLoad(ctx, lc)
	close(stop)
	if err != nil {
		return err
	}
	fmt.Fprintln(e.stdout, res.String())
	fmt.Fprintf(e.stdout, "server peak resident memory: %d MB\n", <-peak/1024)
	return nil
}

// startChild runs this program with args as a child process and waits for
// the URL it prints once it serves; stop it with stopChild.
func startChild(e *env, args ...string) (*exec.Cmd, string, error) {
	exe, err := os.Executable()
	if err != nil {
		return nil, "", err
	}
	child := exec.Command(exe, args...)
	child.Stderr = e.stderr
	out, err := child.StdoutPipe()
	if err != nil {
		return nil, "", err
	}
	if err := child.Start(); err != nil {
		return nil, "", err
	}
	url, err := readServerURL(out)
	if err != nil {
		stopChild(child)
		return nil, "", err
	}
	return child, url, nil
}

// stopChild interrupts a child server and waits for it to exit.
func stopChild(child *exec.Cmd) {
	_ = child.Process.Signal(os.Interrupt)
	_ = child.Wait()
}

var servingURL = regexp.MustCompile(`http://\S+`)

func readServerURL(out interface{ Read([]byte) (int, error) }) (string, error) {
	sc := bufio.NewScanner(out)
	for sc.Scan() {
		if m := servingURL.FindString(sc.Text()); m != "" {
			return m, nil
		}
	}
	return "", fmt.Errorf("bench: the server exited before serving")
}

// samplePeakRSS reports the highest VmRSS (kB) of a process seen every 100 ms.
func samplePeakRSS(pid int, stop <-chan struct{}, peak chan<- int64) {
	var max int64
	tick := time.NewTicker(100 * time.Millisecond)
	defer tick.Stop()
	for {
		if kb := rssKB(pid); kb > max {
			max = kb
		}
		select {
		case <-stop:
			peak <- max
			return
		case <-tick.C:
		}
	}
}

func rssKB(pid int) int64 {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			n, _ := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 10, 64)
			return n
		}
	}
	return 0
}
