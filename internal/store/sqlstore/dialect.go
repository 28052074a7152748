package sqlstore

import (
	"strconv"
	"strings"
)

// Dialect describes what differs between the SQL backends.
type Dialect struct {
	// Name names the backend in errors ("sqlite", "postgres").
	Name string
	// Numbered rewrites ? placeholders as $1, $2, … (PostgreSQL).
	Numbered bool
	// WriteLock, when set, runs first in every ingest transaction so that
	// concurrent writers on several nodes take turns.
	WriteLock string
	// InsertIgnore writes events with INSERT OR IGNORE (SQLite) instead of
	// ON CONFLICT DO NOTHING: a statement that cannot abort half-way needs
	// no statement journal. Ingest checks message ids itself first.
	InsertIgnore bool
	// UpdateRowByRow writes a batch of rows with one UPDATE each (SQLite,
	// in process, where a statement costs no round trip and a many-row
	// UPDATE FROM costs more), instead of many rows per statement.
	UpdateRowByRow bool
	// ProfileCache, when positive, keeps up to this many decoded profiles
	// in memory between ingests. Only for a backend this process alone
	// writes to (SQLite's single write connection), never for a database
	// several nodes share.
	ProfileCache int
	// ChangeCounter, with ProfileCache, is a query whose value changes when
	// another connection commits (SQLite's PRAGMA data_version); the cache
	// is emptied when it does.
	ChangeCounter string
}

// rebind rewrites the ? placeholders of query for the dialect. Queries never
// contain a literal question mark.
func (d Dialect) rebind(query string) string {
	if !d.Numbered || !strings.Contains(query, "?") {
		return query
	}
	var b strings.Builder
	b.Grow(len(query) + len(query)/4)
	n := 0
	for i := 0; i < len(query); i++ {
		if query[i] != '?' {
			b.WriteByte(query[i])
			continue
		}
		n++
		b.WriteByte('$')
		b.WriteString(strconv.Itoa(n))
	}
	return b.String()
}
