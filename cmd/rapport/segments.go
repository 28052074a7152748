package main

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/spf13/cobra"

	"github.com/rapport-cx/rapport"
	"github.com/rapport-cx/rapport/internal/jobs"
	"github.com/rapport-cx/rapport/internal/predict"
	"github.com/rapport-cx/rapport/internal/segment"
)

// segmentScanEvery is how often a node re-evaluates every customer, so
// time alone moves people between segments.
const segmentScanEvery = 10 * time.Minute

// newSegmentEngine returns the engine that keeps memberships live, with the
// lifecycle defaults stored.
func newSegmentEngine(st rapport.Store, clock rapport.Clock, log *slog.Logger) (*segment.Engine, error) {
	eng := segment.NewEngine(segment.Config{Store: st, Clock: clock, Tags: predict.NewTagSource(st), Logger: log})
	if err := eng.EnsureDefaults(context.Background()); err != nil {
		return nil, fmt.Errorf("segments: %w", err)
	}
	return eng, nil
}

// segmentScan is the periodic full re-evaluation.
func segmentScan(st rapport.Store, clock rapport.Clock) jobs.Periodic {
	eng := segment.NewEngine(segment.Config{Store: st, Clock: clock, Tags: predict.NewTagSource(st)})
	return jobs.Periodic{Name: "segments", Every: segmentScanEvery, Run: func(ctx context.Context, now time.Time) error {
		if err := eng.EnsureDefaults(ctx); err != nil {
			return err
		}
		return eng.Scan(ctx, now)
	}}
}

func segmentsCmd(e *env) *cobra.Command {
	cmd := &cobra.Command{Use: "segments", Short: "List segments and re-evaluate memberships"}
	cmd.AddCommand(&cobra.Command{
		Use:   "scan",
		Short: "Re-evaluate every customer against every segment now and print the sizes",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return withSegments(e, cmd, true)
		},
	}, &cobra.Command{
		Use:   "list",
		Short: "Print every segment with its size",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return withSegments(e, cmd, false)
		},
	})
	return cmd
}

func withSegments(e *env, cmd *cobra.Command, scan bool) error {
	cfg, st, err := loadStore(e, cmd)
	if err != nil {
		return err
	}
	defer st.Close()
	eng, err := newSegmentEngine(st, rapport.SystemClock{}, logger(cfg, e))
	if err != nil {
		return err
	}
	if scan {
		start := time.Now()
		if err := eng.Scan(cmd.Context(), time.Now()); err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "re-evaluated every customer in %v\n", time.Since(start).Round(time.Millisecond))
	}
	list, err := st.Segments(cmd.Context())
	if err != nil {
		return err
	}
	sizes, err := st.SegmentSizes(cmd.Context())
	if err != nil {
		return err
	}
	for _, sg := range list {
		fmt.Fprintf(e.stdout, "%-24s %8d  %s\n", sg.ID, sizes[sg.ID], sg.Name)
	}
	return nil
}
