// Package sqlite is the embedded default backend of rapport.Store: one
// SQLite file (modernc.org/sqlite, pure Go) in the data folder. It owns the
// SQLite schema and connection settings; the queries are sqlstore's.
package sqlite

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"

	"github.com/pressly/goose/v3"
	_ "modernc.org/sqlite" // registers the "sqlite" driver

	"github.com/rapport-cx/rapport/internal/store/sqlstore"
)

//go:embed migrations/*.sql
var migrations embed.FS

// Dialect is SQLite's: writers are serialised by a single write connection
// and immediate transactions, so no lock statement is needed, and that
// connection is the only writer, so decoded profiles can stay cached between
// ingests (emptied whenever data_version shows another connection's commit).
var Dialect = sqlstore.Dialect{Name: "sqlite", InsertIgnore: true, UpdateRowByRow: true,
	ProfileCache: 50_000, ChangeCounter: "PRAGMA data_version"}

// pragmas make every connection durable (events are on disk when Ingest
// returns), concurrent for readers (WAL) and patient with writers.
const pragmas = "_pragma=journal_mode(WAL)&_pragma=busy_timeout(10000)" +
	"&_pragma=foreign_keys(1)&_pragma=synchronous(FULL)&_pragma=temp_store(MEMORY)"

// writerPragmas add, for the one writing connection, immediate
// transactions, a larger page cache and fewer, larger checkpoints.
const writerPragmas = "&_txlock=immediate&_pragma=cache_size(-65536)&_pragma=wal_autocheckpoint(10000)"

// Open opens (creating if needed) the database at path, a file path or a
// "file:" URI: one connection writes, several read.
func Open(ctx context.Context, path string) (*sqlstore.Store, error) {
	dsn, err := prepare(path)
	if err != nil {
		return nil, err
	}
	write, err := open(ctx, dsn+writerPragmas, 1)
	if err != nil {
		return nil, err
	}
	read, err := open(ctx, dsn, max(4, runtime.GOMAXPROCS(0)))
	if err != nil {
		_ = write.Close()
		return nil, err
	}
	return sqlstore.New(read, write, Dialect), nil
}

// prepare creates the folder of the database and returns its DSN.
func prepare(path string) (string, error) {
	file := strings.TrimPrefix(path, "file:")
	if i := strings.IndexByte(file, '?'); i >= 0 {
		file = file[:i]
	}
	if file == "" || file == ":memory:" {
		return "", fmt.Errorf("sqlite: %q: a file is needed (readers and the writer share it)", path)
	}
	if err := os.MkdirAll(filepath.Dir(file), 0o750); err != nil {
		return "", fmt.Errorf("sqlite: create folder: %w", err)
	}
	if !strings.HasPrefix(path, "file:") {
		path = "file:" + path
	}
	sep := "?"
	if strings.Contains(path, "?") {
		sep = "&"
	}
	return path + sep + pragmas, nil
}

func open(ctx context.Context, dsn string, conns int) (*sql.DB, error) {
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, fmt.Errorf("sqlite: open: %w", err)
	}
	db.SetMaxOpenConns(conns)
	db.SetMaxIdleConns(conns)
	db.SetConnMaxIdleTime(0)
	if err := db.PingContext(ctx); err != nil {
		_ = db.Close()
		return nil, fmt.Errorf("sqlite: open: %w", err)
	}
	return db, nil
}

// Migrate applies the migrations db lacks and returns their versions.
func Migrate(ctx context.Context, db *sql.DB) ([]int64, error) {
	fsys, err := fs.Sub(migrations, "migrations")
	if err != nil {
		return nil, fmt.Errorf("sqlite: migrations: %w", err)
	}
	p, err := goose.NewProvider(goose.DialectSQLite3, db, fsys, goose.WithAllowOutofOrder(true))
	if err != nil {
		return nil, fmt.Errorf("sqlite: migrate: %w", err)
	}
	results, err := p.Up(ctx)
	if err != nil {
		return nil, fmt.Errorf("sqlite: migrate: %w", err)
	}
	applied := make([]int64, 0, len(results))
	for _, r := range results {
		applied = append(applied, r.Source.Version)
	}
	return applied, nil
}

// OpenDB opens a pool of conns durable connections to the database at path,
// for components that keep their own tables in the same file.
func OpenDB(ctx context.Context, path string, conns int) (*sql.DB, error) {
	dsn, err := prepare(path)
	if err != nil {
		return nil, err
	}
	return open(ctx, dsn, conns)
}
