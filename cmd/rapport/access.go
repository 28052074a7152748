package main

import (
	"bufio"
	"context"
	"fmt"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/rapport-cx/rapport"
	"github.com/rapport-cx/rapport/internal/access"
)

// withStore runs fn with the configured store open.
func withStore(e *env, fn func(ctx context.Context, st rapport.Store, args []string) error) func(*cobra.Command, []string) error {
	return func(cmd *cobra.Command, args []string) error {
		_, st, err := loadStore(e, cmd)
		if err != nil {
			return err
		}
		defer st.Close()
		return fn(cmd.Context(), st, args)
	}
}

func usersCmd(e *env) *cobra.Command {
	var email, name, role string
	create := &cobra.Command{
		Use:   "create",
		Short: "Create a console user; the password is read from standard input",
		Args:  cobra.NoArgs,
		RunE: withStore(e, func(ctx context.Context, st rapport.Store, _ []string) error {
			password, err := bufio.NewReader(e.stdin).ReadString('\n')
			if err != nil && password == "" {
				return fmt.Errorf("password: expected on standard input")
			}
			u, err := access.CreateUser(ctx, st, email, name, rapport.Role(role), strings.TrimRight(password, "\r\n"), time.Now())
			if err != nil {
				return describe(err)
			}
			fmt.Fprintf(e.stdout, "created %s user %s (id %d)\n", u.Role, u.Email, u.ID)
			return nil
		}),
	}
	create.Flags().StringVar(&email, "email", "", "login email")
	create.Flags().StringVar(&name, "name", "", "display name")
	create.Flags().StringVar(&role, "role", "analyst", "admin, analyst or agent")
	cmd := &cobra.Command{Use: "users", Short: "Manage console users"}
	cmd.AddCommand(create)
	return cmd
}

func keysCmd(e *env) *cobra.Command {
	cmd := &cobra.Command{Use: "keys", Short: "Manage ingestion write keys"}
	cmd.AddCommand(
		&cobra.Command{Use: "create SOURCE", Short: "Create a write key for an event source", Args: cobra.ExactArgs(1),
			RunE: withStore(e, func(ctx context.Context, st rapport.Store, args []string) error {
				k, err := access.CreateWriteKey(ctx, st, args[0], time.Now())
				if err != nil {
					return describe(err)
				}
				fmt.Fprintf(e.stdout, "%s\n", k.Key)
				return nil
			})},
		&cobra.Command{Use: "list", Short: "List write keys", Args: cobra.NoArgs,
			RunE: withStore(e, func(ctx context.Context, st rapport.Store, _ []string) error {
				keys, err := st.ListWriteKeys(ctx)
				if err != nil {
					return err
				}
				w := tabwriter.NewWriter(e.stdout, 2, 4, 2, ' ', 0)
				fmt.Fprintln(w, "ID\tSOURCE\tKEY\tCREATED\tREVOKED")
				for _, k := range keys {
					fmt.Fprintf(w, "%d\t%s\t%s\t%s\t%s\n", k.ID, k.Source, k.Key, day(k.CreatedAt), day(k.RevokedAt))
				}
				return w.Flush()
			})},
		&cobra.Command{Use: "revoke ID", Short: "Revoke a write key", Args: cobra.ExactArgs(1),
			RunE: withStore(e, func(ctx context.Context, st rapport.Store, args []string) error {
				return revoke(e, args[0], "write key", func(id int64) error { return st.RevokeWriteKey(ctx, id, time.Now()) })
			})},
	)
	return cmd
}

func tokensCmd(e *env) *cobra.Command {
	var scopes []string
	create := &cobra.Command{Use: "create NAME", Short: "Create an API token (printed once)", Args: cobra.ExactArgs(1),
		RunE: withStore(e, func(ctx context.Context, st rapport.Store, args []string) error {
			raw, _, err := access.CreateAPIToken(ctx, st, args[0], scopes, time.Now())
			if err != nil {
				return describe(err)
			}
			fmt.Fprintln(e.stdout, raw)
			return nil
		})}
	create.Flags().StringSliceVar(&scopes, "scope", []string{rapport.ScopeRead}, "read, write, admin (repeatable)")
	cmd := &cobra.Command{Use: "tokens", Short: "Manage API tokens"}
	cmd.AddCommand(create,
		&cobra.Command{Use: "list", Short: "List API tokens", Args: cobra.NoArgs,
			RunE: withStore(e, func(ctx context.Context, st rapport.Store, _ []string) error {
				list, err := st.ListAPITokens(ctx)
				if err != nil {
					return err
				}
				w := tabwriter.NewWriter(e.stdout, 2, 4, 2, ' ', 0)
				fmt.Fprintln(w, "ID\tNAME\tPREFIX\tSCOPES\tCREATED\tREVOKED")
				for _, t := range list {
					fmt.Fprintf(w, "%d\t%s\t%s…\t%s\t%s\t%s\n", t.ID, t.Name, t.Prefix, strings.Join(t.Scopes, ","), day(t.CreatedAt), day(t.RevokedAt))
				}
				return w.Flush()
			})},
		&cobra.Command{Use: "revoke ID", Short: "Revoke an API token", Args: cobra.ExactArgs(1),
			RunE: withStore(e, func(ctx context.Context, st rapport.Store, args []string) error {
				return revoke(e, args[0], "token", func(id int64) error { return st.RevokeAPIToken(ctx, id, time.Now()) })
			})},
	)
	return cmd
}

func revoke(e *env, arg, what string, fn func(int64) error) error {
	id, err := strconv.ParseInt(arg, 10, 64)
	if err != nil || id < 1 {
		return fmt.Errorf("ID: %q is not a positive number", arg)
	}
	if err := fn(id); err != nil {
		return describe(err)
	}
	fmt.Fprintf(e.stdout, "revoked %s %d\n", what, id)
	return nil
}

// describe turns a domain error into a message naming the field.
func describe(err error) error {
	if e, ok := err.(*rapport.Error); ok {
		if e.Field != "" {
			return fmt.Errorf("%s: %s", e.Field, e.Message)
		}
		return fmt.Errorf("%s", e.Message)
	}
	return err
}

func day(t time.Time) string {
	if t.IsZero() {
		return "-"
	}
	return t.UTC().Format("2006-01-02 15:04")
}
