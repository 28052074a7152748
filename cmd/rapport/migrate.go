package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/rapport-cx/rapport/internal/store"
)

func migrateCmd(e *env) *cobra.Command {
	return &cobra.Command{
		Use:   "migrate",
		Short: "Apply the database migrations that are not applied yet, then exit",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			cfg, err := load(e, cmd)
			if err != nil {
				return err
			}
			applied, err := store.Migrate(cmd.Context(), cfg.DB)
			if err != nil {
				return fmt.Errorf("migrate %s: %w", redact(cfg.DB), err)
			}
			if len(applied) == 0 {
				fmt.Fprintln(e.stdout, "database is up to date")
				return nil
			}
			fmt.Fprintf(e.stdout, "applied migrations %v\n", applied)
			return nil
		},
	}
}
