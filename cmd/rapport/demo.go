package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/rapport-cx/rapport"
	"github.com/rapport-cx/rapport/internal/access"
	"github.com/rapport-cx/rapport/internal/demo"
)

// demoAdmin is the console login the demo creates.
const demoAdmin = "admin@rapport.local"

func demoCmd(e *env) *cobra.Command {
	var seed int64
	cmd := &cobra.Command{
		Use:   "demo",
		Short: "Serve a realistic generated shop on the embedded database (loaded once, reused after)",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			cfg, err := load(e, cmd)
			if err != nil {
				return err
			}
			ctx, log := cmd.Context(), logger(cfg, e)
			st, err := openStore(ctx, cfg)
			if err != nil {
				return err
			}
			defer st.Close()
			if err := loadDemo(ctx, e, st, dataDir(cfg.DB), seed); err != nil {
				return err
			}
			password, key, err := demoAccess(ctx, st, dataDir(cfg.DB))
			if err != nil {
				return err
			}
			return serve(ctx, cfg, st, log, func(addr string) {
				fmt.Fprintf(e.stdout, "\nRapport demo is ready.\n  console:   http://%s/\n  login:     %s\n  password:  %s\n  write key: %s\n  (Ctrl-C stops it; data stays in %s)\n\n",
					addr, demoAdmin, password, key, dataDir(cfg.DB))
			})
		},
	}
	cmd.Flags().Int64Var(&seed, "seed", 1, "seed of the generated shop")
	return cmd
}

// dataDir is the folder that holds the embedded database and demo files.
func dataDir(dsn string) string {
	if strings.Contains(dsn, "://") {
		return "data"
	}
	return filepath.Dir(strings.TrimPrefix(dsn, "file:"))
}

// loadDemo generates and stores the demo shop once per data folder and seed.
func loadDemo(ctx context.Context, e *env, st rapport.Store, dir string, seed int64) error {
	marker := filepath.Join(dir, fmt.Sprintf("demo-seed-%d.loaded", seed))
	if _, err := os.Stat(marker); err == nil {
		fmt.Fprintf(e.stdout, "demo shop (seed %d) already loaded in %s\n", seed, dir)
		return nil
	}
	// The service observer has never run on this data: starting it at the
	// beginning makes the shop's tickets the cases of the service queue.
	if err := st.SaveObserverCursor(ctx, serviceObserverName, 0); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "generating the demo shop (seed %d)…\n", seed)
	bar := newBar(e, 1, "demo customers")
	res, err := demo.Load(ctx, st, seed, time.Now().UTC(), func(done, total int64) {
		bar.ChangeMax64(total)
		_ = bar.Set64(done)
	})
	_ = bar.Finish()
	if err != nil {
		return fmt.Errorf("load demo: %w", err)
	}
	fmt.Fprintf(e.stdout, "\nstored %d events (%d already there)\n", res.Stored, res.Duplicates)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	return os.WriteFile(marker, []byte(time.Now().UTC().Format(time.RFC3339)+"\n"), 0o644)
}

// demoAccess makes sure the demo admin and a write key exist and returns the
// admin's password (kept in the data folder, readable by its owner only).
func demoAccess(ctx context.Context, st rapport.Store, dir string) (password, key string, err error) {
	pwFile := filepath.Join(dir, "demo-admin-password")
	if b, err := os.ReadFile(pwFile); err == nil {
		password = strings.TrimSpace(string(b))
	}
	_, err = st.UserByEmail(ctx, demoAdmin)
	switch {
	case err == nil && password == "":
		return "", "", errors.New("the demo admin exists but its password file is missing: create a user with `rapport users create`")
	case rapport.ErrorCode(err) == rapport.ENOTFOUND:
		if password, err = createDemoAdmin(ctx, st, pwFile); err != nil {
			return "", "", err
		}
	case err != nil:
		return "", "", err
	}
	key, err = demoWriteKey(ctx, st)
	return password, key, err
}

// createDemoAdmin creates the demo admin with a random password and keeps the
// password in pwFile, readable by its owner only.
func createDemoAdmin(ctx context.Context, st rapport.Store, pwFile string) (string, error) {
	password := access.NewToken("")[:16]
	if _, err := access.CreateUser(ctx, st, demoAdmin, "Demo admin", rapport.RoleAdmin, password, time.Now()); err != nil {
		return "", err
	}
	return password, os.WriteFile(pwFile, []byte(password+"\n"), 0o600)
}

func demoWriteKey(ctx context.Context, st rapport.Store) (string, error) {
	keys, err := st.ListWriteKeys(ctx)
	if err != nil {
		return "", err
	}
	for _, k := range keys {
		if k.Source == "demo" && k.RevokedAt.IsZero() {
			return k.Key, nil
		}
	}
	k, err := access.CreateWriteKey(ctx, st, "demo", time.Now())
	if err != nil {
		return "", err
	}
	return k.Key, nil
}
