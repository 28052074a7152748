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
