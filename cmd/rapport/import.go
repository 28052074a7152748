package main

import (
	"context"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/rapport-cx/rapport"
	"github.com/rapport-cx/rapport/internal/datasets"
)

func importCmd(e *env) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "import",
		Short: "Import events or a public dataset (idempotent: re-running changes nothing)",
	}
	var format string
	reviews := &cobra.Command{
		Use:   "reviews PATH",
		Short: "Import a product review set (--format womens-clothing or amazon)",
		Args:  cobra.ExactArgs(1),
		PreRunE: func(*cobra.Command, []string) error {
			if format != datasets.FormatWomensClothing && format != datasets.FormatAmazon {
				return fmt.Errorf("--format: %q is not a known review set (want %s or %s)", format, datasets.FormatWomensClothing, datasets.FormatAmazon)
			}
			return nil
		},
		RunE: importRun(e, func(ctx context.Context, st rapport.Store, path string, o datasets.Options) (datasets.Result, error) {
			return datasets.Reviews(ctx, st, path, format, o)
		}),
	}
	reviews.Flags().StringVar(&format, "format", "", "womens-clothing or amazon")
	_ = reviews.MarkFlagRequired("format")
	cmd.AddCommand(
		&cobra.Command{Use: "events FILE.jsonl", Short: "Import Segment-shaped messages, one per line (gzip allowed)",
			Args: cobra.ExactArgs(1), RunE: importRun(e, eventsImporter)},
		&cobra.Command{Use: "online-retail PATH", Short: "Import the UCI Online Retail transactions (CSV, gzip allowed)",
			Args: cobra.ExactArgs(1), RunE: importRun(e, retailImporter)},
		reviews,
	)
	return cmd
}

type importer func(ctx context.Context, st rapport.Store, path string, o datasets.Options) (datasets.Result, error)

func eventsImporter(ctx context.Context, st rapport.Store, path string, o datasets.Options) (datasets.Result, error) {
	return datasets.Events(ctx, st, path, o)
}

func retailImporter(ctx context.Context, st rapport.Store, path string, o datasets.Options) (datasets.Result, error) {
	return datasets.OnlineRetail(ctx, st, path, o)
}

// importRun opens the store, runs an importer with a progress bar and prints
// what it did.
func importRun(e *env, imp importer) func(*cobra.Command, []string) error {
	return withStore(e, func(ctx context.Context, st rapport.Store, args []string) error {
		bar := newBar(e, 1, "importing")
		res, err := imp(ctx, st, args[0], datasets.Options{Progress: func(done, total int64) {
			bar.ChangeMax64(total)
			_ = bar.Set64(done)
		}})
		_ = bar.Finish()
		fmt.Fprintln(e.stderr)
		if err != nil {
			return describe(err)
		}
		fmt.Fprintf(e.stdout, "read %d rows (%d skipped), %d events: %d stored, %d already there\n",
			res.Rows, res.Skipped, res.Events, res.Stored, res.Duplicates)
		return nil
	})
}
