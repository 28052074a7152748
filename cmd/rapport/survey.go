package main

import (
	"encoding/json"
	"fmt"
	"log/slog"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/rapport-cx/rapport"
	"github.com/rapport-cx/rapport/internal/ingest"
	"github.com/rapport-cx/rapport/internal/survey"
)

// surveyObserver schedules triggered survey invitations and records
// answers from committed events. It is durable: after a restart it handles
// the events it had not yet seen. Trigger events are any survey's choice,
// so it sees every event.
func surveyObserver(st rapport.Store, clock rapport.Clock, log *slog.Logger) ingest.Observer {
	return ingest.Observer{Name: "surveys", Durable: true, Observe: survey.New(st, clock, log).Observe}
}

func surveyCmd(e *env) *cobra.Command {
	cmd := &cobra.Command{Use: "survey", Short: "Surveys and customer interviews"}
	cmd.AddCommand(surveySampleCmd(e), surveyScanCmd(e))
	return cmd
}

func surveySampleCmd(e *env) *cobra.Command {
	var perTier, excludeDays int
	var record, asJSON bool
	var asOf string
	cmd := &cobra.Command{
		Use:   "sample",
		Short: "Draw this month's interview list: customers from every lifecycle stage, not contacted recently",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			_, st, err := loadStore(e, cmd)
			if err != nil {
				return err
			}
			defer st.Close()
			at, err := asOfTime(asOf)
			if err != nil {
				return err
			}
			res, err := survey.New(st, nil, nil).Sample(cmd.Context(), perTier, excludeDays, record, at)
			if err != nil {
				return fmt.Errorf("survey sample: %s", rapport.ErrorMessage(err))
			}
			if asJSON {
				enc := json.NewEncoder(e.stdout)
				enc.SetIndent("", "  ")
				return enc.Encode(res)
			}
			printSample(e, res, record)
			return nil
		},
	}
	cmd.Flags().IntVar(&perTier, "per-tier", 4, "customers drawn from each lifecycle stage")
	cmd.Flags().IntVar(&excludeDays, "exclude-days", 90, "leave out customers surveyed or interviewed within this many days")
	cmd.Flags().BoolVar(&record, "record", false, "note the drawn customers as contacted today")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	cmd.Flags().StringVar(&asOf, "as-of", "", "draw as of this date (YYYY-MM-DD) instead of today")
	return cmd
}

func printSample(e *env, res *survey.SampleResult, record bool) {
	fmt.Fprintf(e.stdout, "Interview list for %s: %d customers (%d left out as contacted recently)\n",
		res.Month, len(res.Picks), res.Excluded)
	tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "STAGE\tCUSTOMER\tNAME\tEMAIL\tORDERS\tREVENUE\tLAST ORDER")
	for _, p := range res.Picks {
		last := ""
		if !p.LastOrder.IsZero() {
			last = p.LastOrder.Format("2006-01-02")
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%d\t%.2f\t%s\n", p.Stage, p.CustomerID, p.Name, p.Email, p.Orders, p.Revenue, last)
	}
	_ = tw.Flush()
	for _, st := range survey.Stages {
		if n := res.Shortfall[st]; n > 0 {
			fmt.Fprintf(e.stdout, "Stage %s has %d fewer eligible customers than asked.\n", st, n)
		}
	}
	if record {
		fmt.Fprintln(e.stdout, "Recorded as contacted today.")
	}
}

func surveyScanCmd(e *env) *cobra.Command {
	return &cobra.Command{
		Use:   "scan",
		Short: "Issue due survey invitations now (serve does this every minute)",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			_, st, err := loadStore(e, cmd)
			if err != nil {
				return err
			}
			defer st.Close()
			return survey.New(st, nil, nil).Scan(cmd.Context(), time.Now())
		},
	}
}

// asOfTime parses a --as-of date; empty means now.
func asOfTime(s string) (time.Time, error) {
	if s == "" {
		return time.Now().UTC(), nil
	}
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		return t, fmt.Errorf("--as-of %q: want a date like 2026-05-20", s)
	}
	return t.Add(12 * time.Hour), nil
}
