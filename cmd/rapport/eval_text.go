package main

import (
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/rapport-cx/rapport/internal/datasets"
	"github.com/rapport-cx/rapport/internal/textan"
)

// evalTextCmd measures the text models (sentiment, intents) on the
// public labelled corpora.
func evalTextCmd(e *env) *cobra.Command {
	var dir, features string
	var asJSON bool
	textCmd := &cobra.Command{
		Use:   "text",
		Short: "Sentiment accuracy and macro-F1 on the Chinese shopping, hotel and Women's Clothing reviews",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			root, err := datasetsDir(dir)
			if err != nil {
				return err
			}
			cfg := textan.SentimentConfig{Weighting: textan.NBRatio}
			switch features {
			case "words+chars":
				cfg.Features = textan.SentimentFeatures
			case "chars":
				cfg.Features = textan.Features{CharMin: 1, CharMax: 5, HanCharMax: 3}
			default:
				return fmt.Errorf("--features: %q is not words+chars or chars", features)
			}
			res, err := textan.EvalSentimentCorpora(root, cfg, e.stderr)
			if err != nil {
				return err
			}
			return printEval(e, res, asJSON)
		},
	}
	f := textCmd.Flags()
	f.StringVar(&dir, "data", "", "the public datasets folder (default: $RAPPORT_DATASETS or shared/datasets above the working directory)")
	f.StringVar(&features, "features", "words+chars", "sentiment features: words+chars (gse words, word pairs, character n-grams) or chars")
	f.BoolVar(&asJSON, "json", false, "print JSON")
	return textCmd
}

// evalIntentsCmd measures the intent classifier on BANKING77.
func evalIntentsCmd(e *env) *cobra.Command {
	var dir string
	var workers int
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "intents",
		Short: "Intent accuracy and macro-F1 on BANKING77 (train on train.csv, score test.csv), training time and latency",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			root, err := datasetsDir(dir)
			if err != nil {
				return err
			}
			if workers < 0 {
				return fmt.Errorf("--workers: %d is negative", workers)
			}
			res, err := textan.EvalIntentCorpus(root, workers, e.stderr)
			if err != nil {
				return err
			}
			if err := printEval(e, []textan.EvalResult{res.EvalResult}, asJSON); err != nil {
				return err
			}
			if !asJSON {
				fmt.Fprintf(e.stdout, "mean latency per question: %s\n", res.Latency.Round(time.Microsecond))
			}
			return nil
		},
	}
	f := cmd.Flags()
	f.StringVar(&dir, "data", "", "the public datasets folder (default: $RAPPORT_DATASETS or shared/datasets above the working directory)")
	f.IntVar(&workers, "workers", 1, "goroutines training the one-vs-rest classifiers (0: one per core)")
	f.BoolVar(&asJSON, "json", false, "print JSON")
	return cmd
}

// datasetsDir resolves the --data flag.
func datasetsDir(dir string) (string, error) {
	if dir != "" {
		return dir, nil
	}
	p, err := datasets.Locate(filepath.Dir(textan.ShoppingFile))
	if err != nil {
		return "", fmt.Errorf("--data: %w", err)
	}
	return filepath.Dir(p), nil
}

func printEval(e *env, res []textan.EvalResult, asJSON bool) error {
	if asJSON {
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(res)
	}
	fmt.Fprintf(e.stdout, "%-52s %7s %7s %9s %9s  %s\n", "set", "train", "test", "accuracy", "macro-F1", "training")
	fmt.Fprintln(e.stdout, strings.Repeat("-", 100))
	for _, r := range res {
		took := ""
		if r.Training > 0 {
			took = r.Training.Round(100e6).String()
		}
		fmt.Fprintf(e.stdout, "%-52s %7d %7d %8.2f%% %9.4f  %s\n", r.Name, r.Train, r.Scores.N, 100*r.Scores.Accuracy, r.Scores.MacroF1, took)
		if r.Note != "" {
			fmt.Fprintf(e.stdout, "    %s\n", r.Note)
		}
	}
	return nil
}
