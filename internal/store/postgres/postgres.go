// Package postgres is the production backend of rapport.Store: PostgreSQL
// through pgx, shared by several stateless serve nodes. It owns the
// PostgreSQL schema and connection settings; the queries are sqlstore's.
package postgres

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"hash/fnv"
	"io/fs"

	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver
	"github.com/pressly/goose/v3"
	"github.com/pressly/goose/v3/lock"

	"github.com/rapport-cx/rapport/internal/store/sqlstore"
)

//go:embed migrations/*.sql
var migrations embed.FS

// Dialect is PostgreSQL's: numbered placeholders, and ingest transactions
// take an advisory lock, one per schema, so that profiles updated from
// several nodes never lose an update.
var Dialect = sqlstore.Dialect{
	Name:      "postgres",
	Numbered:  true,
	WriteLock: "SELECT pg_advisory_xact_lock(7421, hashtext(current_schema()))",
}

// MaxConns bounds the connections one node opens.
const MaxConns = 16

// Open connects to the database at dsn (a postgres:// URL or key=value
// string; a search_path parameter selects the schema).
func Open(ctx context.Context, dsn string) (*sqlstore.Store, error) {
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		return nil, fmt.Errorf("postgres: open: %w", err)
	}
	db.SetMaxOpenConns(MaxConns)
	db.SetMaxIdleConns(MaxConns)
	if err := db.PingContext(ctx); err != nil {
		_ = db.Close()
		return nil, fmt.Errorf("postgres: open: %w", err)
	}
	return sqlstore.New(db, db, Dialect), nil
}

// Migrate applies the migrations db lacks and returns their versions. A
// session lock on the schema keeps nodes starting together from migrating
// twice.
func Migrate(ctx context.Context, db *sql.DB) ([]int64, error) {
	fsys, err := fs.Sub(migrations, "migrations")
	if err != nil {
		return nil, fmt.Errorf("postgres: migrations: %w", err)
	}
	var schema string
	if err := db.QueryRowContext(ctx, "SELECT current_schema()").Scan(&schema); err != nil {
		return nil, fmt.Errorf("postgres: migrate: %w", err)
	}
	id := fnv.New64a()
	_, _ = id.Write([]byte("rapport migrations " + schema))
	locker, err := lock.NewPostgresSessionLocker(lock.WithLockID(int64(id.Sum64())), lock.WithLockTimeout(1, 300))
	if err != nil {
		return nil, fmt.Errorf("postgres: migrate: %w", err)
	}
	p, err := goose.NewProvider(goose.DialectPostgres, db, fsys, goose.WithSessionLocker(locker), goose.WithAllowOutofOrder(true))
	if err != nil {
		return nil, fmt.Errorf("postgres: migrate: %w", err)
	}
	results, err := p.Up(ctx)
	if err != nil {
		return nil, fmt.Errorf("postgres: migrate: %w", err)
	}
	applied := make([]int64, 0, len(results))
	for _, r := range results {
		applied = append(applied, r.Source.Version)
	}
	return applied, nil
}
