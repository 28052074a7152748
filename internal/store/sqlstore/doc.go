// Package sqlstore implements rapport.Store once over database/sql for every
// SQL backend. What differs between backends (placeholders, how writers are
// serialised) is a Dialect; the schema itself lives in each backend's
// migrations. It must not import a database driver.
package sqlstore
