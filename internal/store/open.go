// Package store opens the rapport.Store a DSN names: PostgreSQL for
// postgres:// URLs, the embedded SQLite file otherwise. The backends live in
// its sub-packages and pass the suite in storetest.
package store

import (
	"context"
	"database/sql"
	"errors"
	"strings"

	"github.com/rapport-cx/rapport"
	"github.com/rapport-cx/rapport/internal/store/postgres"
	"github.com/rapport-cx/rapport/internal/store/sqlite"
	"github.com/rapport-cx/rapport/internal/store/sqlstore"
)

// backend is one way to open and migrate a store.
type backend struct {
	open    func(context.Context, string) (*sqlstore.Store, error)
	migrate func(context.Context, *sql.DB) ([]int64, error)
}

func backendOf(dsn string) backend {
	if IsPostgres(dsn) {
		return backend{postgres.Open, postgres.Migrate}
	}
	return backend{sqlite.Open, sqlite.Migrate}
}

// IsPostgres reports whether dsn names a PostgreSQL database.
func IsPostgres(dsn string) bool {
	return strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://")
}

// Open opens the store dsn names, first bringing its schema up to date when
// migrate is set.
func Open(ctx context.Context, dsn string, migrate bool) (rapport.Store, error) {
	b := backendOf(dsn)
	s, err := b.open(ctx, dsn)
	if err != nil {
		return nil, err
	}
	if migrate {
		if _, err := b.migrate(ctx, s.DB()); err != nil {
			return nil, errors.Join(err, s.Close())
		}
	}
	return s, nil
}

// Migrate brings the schema of the store dsn names up to date and returns
// the versions it applied, oldest first.
func Migrate(ctx context.Context, dsn string) (applied []int64, err error) {
	b := backendOf(dsn)
	s, err := b.open(ctx, dsn)
	if err != nil {
		return nil, err
	}
	defer func() { err = errors.Join(err, s.Close()) }()
	return b.migrate(ctx, s.DB())
}
