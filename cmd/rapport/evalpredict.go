package main

import (
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/spf13/cobra"

	"github.com/rapport-cx/rapport"
	"github.com/rapport-cx/rapport/internal/demo"
	"github.com/rapport-cx/rapport/internal/predict"
)

// demoEvalNow is the end of the demo shop evaluated by eval predict.
var demoEvalNow = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

func evalPredictCmd(e *env) *cobra.Command {
	var data string
	var withDemo bool
	var months int
	cmd := &cobra.Command{
		Use:   "predict",
		Short: "Backtest BG/NBD and measure the churn and next-category models on Online Retail and the demo shop",
		Long: `Reads the UCI Online Retail file (--data), calibrates BG/NBD on the first
--months months of orders and compares its forecast of each customer's
purchases in the rest with what happened and with two naive forecasts; then
fits every predictive model as of the day after the last order and prints
the churn holdout AUC, the next-category hit rate and the clusters. --demo
does the same for the generated demo shop (seed 1, ending 2026-01-01).
See docs/predict.md.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if data == "" && !withDemo {
				return errors.New("--data: the path of online_retail.csv.gz is required (or --demo)")
			}
			if months < 1 {
				return fmt.Errorf("--months: want at least 1, got %d", months)
			}
			if data != "" {
				fmt.Fprintf(e.stderr, "reading %s\n", data)
				hs, err := predict.LoadOnlineRetail(cmd.Context(), data)
				if err != nil {
					return err
				}
				if err := evalHistories(e, "Online Retail", hs, months); err != nil {
					return err
				}
			}
			if withDemo {
				fmt.Fprintln(e.stderr, "generating the demo shop")
				events := slices.Collect(demo.Generate(1, demoEvalNow, demo.Options{}))
				return evalHistories(e, "demo shop", predict.HistoriesFromEvents(events), months)
			}
			return nil
		},
	}
	f := cmd.Flags()
	f.StringVar(&data, "data", "", "path of online_retail.csv.gz")
	f.BoolVar(&withDemo, "demo", false, "also evaluate the generated demo shop")
	f.IntVar(&months, "months", 9, "calibration months of the BG/NBD backtest")
	return cmd
}

// evalHistories prints the backtest and a full run of one dataset.
func evalHistories(e *env, name string, hs []rapport.CustomerHistory, months int) error {
	if len(hs) == 0 {
		return fmt.Errorf("%s: no customer has an order", name)
	}
	first := hs[0].Orders[0].At
	for _, h := range hs {
		if h.Orders[0].At.Before(first) {
			first = h.Orders[0].At
		}
	}
	end := predict.AsOfFor(hs, time.Now())
	cutoff := time.Date(first.Year(), first.Month()+time.Month(months), 1, 0, 0, 0, 0, time.UTC)
	fmt.Fprintf(e.stdout, "== %s: %d customers with orders\n", name, len(hs))
	bt, err := predict.RunBacktest(hs, cutoff, end)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "BG/NBD calibration fit: %.2fs\n", bt.FitSeconds)
	printBacktest(e, &bt)
	start := time.Now()
	res, err := predict.Run(hs, end, predict.Options{})
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "full run as of %s: %.2fs (rfm %.3fs, BG/NBD + Gamma-Gamma %.2fs)\n", end.Format(time.DateOnly),
		time.Since(start).Seconds(), res.Report.Seconds["rfm"], res.Report.Seconds["bgnbd"])
	printReport(e, &res.Report)
	return nil
}
