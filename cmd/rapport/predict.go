package main

import (
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"github.com/rapport-cx/rapport"
	"github.com/rapport-cx/rapport/internal/predict"
)

func predictCmd(e *env) *cobra.Command {
	var clusters int
	cmd := &cobra.Command{
		Use:   "predict",
		Short: "Fit the predictive models now and replace every customer's predicted tags",
		Long: `Fits RFM, BG/NBD with Gamma-Gamma, the churn model, the next-category model
and k-means clusters on the database's orders, stores the run with its
quality figures and replaces the predicted tags (the server refits daily on
its own). See docs/predict.md.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if clusters < 0 || clusters == 1 || clusters > 20 {
				return fmt.Errorf("--clusters: want 0 (choose by silhouette) or 2 to 20, got %d", clusters)
			}
			_, st, err := loadStore(e, cmd)
			if err != nil {
				return err
			}
			defer st.Close()
			clock := rapport.SystemClock{}
			start := clock.Now()
			opts := predict.Options{Clusters: clusters, Progress: func(step string) {
				fmt.Fprintf(e.stderr, "%6.1fs  %s\n", time.Since(start).Seconds(), step)
			}}
			run, err := predict.Refresh(cmd.Context(), st, clock, clock.Now(), opts)
			if err != nil {
				return err
			}
			return printRun(e, run)
		},
	}
	cmd.Flags().IntVar(&clusters, "clusters", 0, "number of clusters (0: choose 2–8 by silhouette)")
	return cmd
}

// printRun writes a run's quality figures.
func printRun(e *env, run *rapport.ModelRun) error {
	rep, err := predict.DecodeReport(run)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "run %d: %d customers as of %s in %.1fs\n", run.ID, run.Customers,
		run.AsOf.Format(time.DateOnly), run.FinishedAt.Sub(run.StartedAt).Seconds())
	printReport(e, rep)
	return nil
}

// printReport writes what a report says, one model a line.
func printReport(e *env, rep *predict.Report) {
	w := e.stdout
	fmt.Fprintf(w, "RFM segments:")
	for _, s := range predict.Segments {
		fmt.Fprintf(w, " %s %d;", s, rep.SegmentSizes[s])
	}
	fmt.Fprintln(w)
	if m := rep.BGNBD; m != nil {
		fmt.Fprintf(w, "BG/NBD: r=%.4g alpha=%.4g a=%.4g b=%.4g (%.2fs)\n", m.R, m.Alpha, m.A, m.B, rep.Seconds["bgnbd"])
	}
	if g := rep.GammaGamma; g != nil {
		fmt.Fprintf(w, "Gamma-Gamma: p=%.4g q=%.4g gamma=%.4g\n", g.P, g.Q, g.Gamma)
	}
	if bt := rep.Backtest; bt != nil {
		printBacktest(e, bt)
	}
	if c := rep.Churn; c != nil {
		fmt.Fprintf(w, "churn: holdout AUC %.3f (train %d, holdout %d, churn rate %.1f%%, cutoff %s)\n",
			c.AUC, c.Train, c.Holdout, 100*c.BaseRate, c.Cutoff.Format(time.DateOnly))
	}
	if n := rep.NextCategory; n != nil {
		fmt.Fprintf(w, "next category: hit rate %.1f%% (own most frequent category %.1f%%) over %d customers\n",
			100*n.HitRate, 100*n.BaselineHitRate, n.Tested)
	}
	if cl := rep.Clustering; cl != nil {
		fmt.Fprintf(w, "clusters: k=%d, silhouette %.3f\n", cl.KMeans.K, cl.KMeans.Silhouette)
		for _, c := range cl.Clusters {
			fmt.Fprintf(w, "  %d (%d customers): %s / %s\n", c.ID, c.Size, c.En, c.Zh)
		}
	}
	for _, p := range rep.Problems {
		fmt.Fprintf(w, "not fitted: %s\n", p)
	}
}

func printBacktest(e *env, bt *predict.Backtest) {
	fmt.Fprintf(e.stdout, "backtest (calibrate %s to %s, predict to %s, %d customers):\n",
		bt.CalibrationStart.Format(time.DateOnly), bt.Cutoff.Format(time.DateOnly), bt.End.Format(time.DateOnly), bt.Customers)
	fmt.Fprintf(e.stdout, "  BG/NBD            MAE %.3f  correlation %.3f  (mean predicted %.3f, actual %.3f)\n",
		bt.MAE, bt.Correlation, bt.PredictedMean, bt.ActualMean)
	fmt.Fprintf(e.stdout, "  naive (cal. rate) MAE %.3f  correlation %.3f\n", bt.NaiveMAE, bt.NaiveCorrelation)
	fmt.Fprintf(e.stdout, "  own rate x/T      MAE %.3f  correlation %.3f\n", bt.OwnRateMAE, bt.OwnRateCorrelation)
}
