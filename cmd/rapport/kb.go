package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/rapport-cx/rapport/internal/assistant"
)

// kbCmd manages the assistant's knowledge base.
func kbCmd(e *env) *cobra.Command {
	cmd := &cobra.Command{Use: "kb", Short: "Manage the FAQ assistant's knowledge base"}
	var format string
	importCmd := &cobra.Command{
		Use:   "import FILE",
		Short: "Add questions and answers from a CSV (question, answer, lang, examples separated by |, handover) or JSON file",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if format == "" {
				format = strings.TrimPrefix(strings.ToLower(filepath.Ext(args[0])), ".")
			}
			f, err := os.Open(args[0])
			if err != nil {
				return err
			}
			defer f.Close()
			entries, err := assistant.ParseKB(f, format, time.Now())
			if err != nil {
				return fmt.Errorf("%s: %w", args[0], err)
			}
			_, st, err := loadStore(e, cmd)
			if err != nil {
				return err
			}
			defer st.Close()
			for i := range entries {
				if err := st.CreateKBEntry(cmd.Context(), &entries[i]); err != nil {
					return fmt.Errorf("entry %d: %w", i+1, err)
				}
			}
			fmt.Fprintf(e.stdout, "imported %d entries\n", len(entries))
			return nil
		},
	}
	importCmd.Flags().StringVar(&format, "format", "", "csv or json (default: from the file name)")
	listCmd := &cobra.Command{
		Use:   "list",
		Short: "Print the knowledge base",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			_, st, err := loadStore(e, cmd)
			if err != nil {
				return err
			}
			defer st.Close()
			es, err := st.KBEntries(cmd.Context())
			if err != nil {
				return err
			}
			for _, x := range es {
				flag := ""
				if x.Handover {
					flag = " [hand-over]"
				}
				fmt.Fprintf(e.stdout, "%d\t%s\t%s%s\t(%d examples)\n", x.ID, x.Lang, x.Question, flag, len(x.Examples))
			}
			return nil
		},
	}
	cmd.AddCommand(importCmd, listCmd)
	return cmd
}
