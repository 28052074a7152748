package main

import (
	"fmt"
	"io"
	"slices"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/rapport-cx/rapport/internal/recommend/offline"
)

// evalCmd groups offline evaluations of Rapport's models on public data.
func evalCmd(e *env) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "eval",
		Short: "Evaluate Rapport's models offline on public datasets",
	}
	cmd.AddCommand(evalRecommendCmd(e), evalPredictCmd(e), evalTextCmd(e), evalIntentsCmd(e))
	return cmd
}

func evalRecommendCmd(e *env) *cobra.Command {
	var protocol, data string
	var models []string
	cmd := &cobra.Command{
		Use:   "recommend",
		Short: "Reproduce a recommendation protocol (ml100k or online-retail) and print every model's figures",
		Long: `Splits the dataset as the protocol says, chooses each model's hyper-parameters
on a validation split carved from the training part only, refits the chosen
model on the whole training part and prints precision, recall, nDCG, hit rate
and MAP at 10 and 20, catalogue coverage and training time. See
docs/recommendations.md.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			p, ok := offline.Protocols[protocol]
			if !ok {
				return fmt.Errorf("--protocol: unknown protocol %q (want ml100k or online-retail)", protocol)
			}
			if data == "" {
				return fmt.Errorf("--data: the dataset's path is required (u.data for ml100k, online_retail.csv.gz for online-retail)")
			}
			families, err := pickFamilies(models)
			if err != nil {
				return err
			}
			start := time.Now()
			reports, err := offline.Run(cmd.Context(), p, data, families, func(s string) {
				fmt.Fprintf(e.stderr, "[%s] %s\n", time.Since(start).Round(time.Second), s)
			})
			if err != nil {
				return err
			}
			printReports(e.stdout, protocol, reports)
			return nil
		},
	}
	f := cmd.Flags()
	f.StringVar(&protocol, "protocol", "", "ml100k or online-retail")
	f.StringVar(&data, "data", "", "path of the dataset file")
	f.StringSliceVar(&models, "models", nil, "model families to evaluate (popularity, item-knn, ials, ease); default all")
	return cmd
}

func pickFamilies(names []string) ([]offline.Family, error) {
	all := offline.Families()
	if len(names) == 0 {
		return all, nil
	}
	var out []offline.Family
	for _, n := range names {
		i := slices.IndexFunc(all, func(f offline.Family) bool { return f.Name == n })
		if i < 0 {
			return nil, fmt.Errorf("--models: unknown model %q (want popularity, item-knn, ials or ease)", n)
		}
		out = append(out, all[i])
	}
	return out, nil
}

// printReports writes one table row per model and cutoff.
func printReports(w io.Writer, protocol string, reports []offline.Report) {
	fmt.Fprintf(w, "protocol %s, %d users evaluated\n\n", protocol, reportUsers(reports))
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "model\tk\tnDCG\tP\tR\tHR\tMAP\tcoverage\ttrain\tvalidation nDCG@10\t")
	for _, r := range reports {
		for _, k := range offline.Cutoffs {
			a := r.Test.At[k]
			fmt.Fprintf(tw, "%s\t%d\t%.4f\t%.4f\t%.4f\t%.4f\t%.4f\t%.4f\t%s\t%.4f\t\n", r.Test.Model, k,
				a.NDCG, a.Precision, a.Recall, a.HitRate, a.MAP, r.Test.Coverage[k],
				r.Test.Train.Round(time.Millisecond), r.Chosen.At[10].NDCG)
		}
	}
	tw.Flush()
	fmt.Fprintln(w, "\n"+strings.TrimSpace(`
nDCG, P (precision), R (recall), HR (hit rate), MAP at k over users with
truth; coverage: share of training items recommended to anyone at k; train:
fitting time on the whole training part; validation: the chosen parameters'
nDCG@10 on the validation split of the training part.`))
}

func reportUsers(reports []offline.Report) int {
	if len(reports) == 0 {
		return 0
	}
	return reports[0].Test.Users
}
