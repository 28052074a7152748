package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"strings"

	"github.com/spf13/cobra"

	"github.com/rapport-cx/rapport"
	"github.com/rapport-cx/rapport/internal/config"
	"github.com/rapport-cx/rapport/internal/store"
)

// env is the process environment a command runs in.
type env struct {
	getenv func(string) string
	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer
}

func newRoot(e *env) *cobra.Command {
	root := &cobra.Command{
		Use:           "rapport",
		Short:         "Rapport: customer profiles, segments, service, surveys and insight for online shops",
		SilenceUsage:  true,
		SilenceErrors: true,
		Version:       version,
	}
	config.AddFlags(root.PersistentFlags())
	root.AddCommand(serveCmd(e), demoCmd(e), importCmd(e), migrateCmd(e),
		usersCmd(e), keysCmd(e), tokensCmd(e), benchCmd(e),
		predictCmd(e),
		evalCmd(e))
	root.AddCommand(surveyCmd(e))
	root.AddCommand(segmentsCmd(e))
	root.AddCommand(kbCmd(e))
	return root
}

// load reads the configuration of a command.
func load(e *env, cmd *cobra.Command) (config.Config, error) {
	return config.Load(e.getenv, cmd.Flags())
}

// logger builds the structured logger the configuration asks for.
func logger(cfg config.Config, e *env) *slog.Logger {
	var level slog.Level
	if err := level.UnmarshalText([]byte(cfg.LogLevel)); err != nil {
		level = slog.LevelInfo
	}
	opts := &slog.HandlerOptions{Level: level}
	if cfg.LogFormat == "json" {
		return slog.New(slog.NewJSONHandler(e.stderr, opts))
	}
	return slog.New(slog.NewTextHandler(e.stderr, opts))
}

// openStore opens (and migrates) the configured database.
func openStore(ctx context.Context, cfg config.Config) (rapport.Store, error) {
	s, err := store.Open(ctx, cfg.DB, true)
	if err != nil {
		return nil, fmt.Errorf("open database %s: %w", redact(cfg.DB), err)
	}
	return s, nil
}

// loadStore reads the configuration and opens its store; the caller closes it.
func loadStore(e *env, cmd *cobra.Command) (config.Config, rapport.Store, error) {
	cfg, err := load(e, cmd)
	if err != nil {
		return cfg, nil, err
	}
	st, err := openStore(cmd.Context(), cfg)
	return cfg, st, err
}

// redact hides a password in a database URL before it is printed.
func redact(dsn string) string {
	scheme, rest, ok := strings.Cut(dsn, "://")
	if !ok {
		return dsn
	}
	userinfo, host, ok := strings.Cut(rest, "@")
	if !ok {
		return dsn
	}
	if user, _, hasPass := strings.Cut(userinfo, ":"); hasPass {
		return scheme + "://" + user + ":***@" + host
	}
	return dsn
}
