package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sync"

	"github.com/rapport-cx/rapport"
)

// Store is rapport.Store over database/sql.
type Store struct {
	read    *sql.DB // queries outside transactions
	write   *sql.DB // transactions; may be read itself
	dialect Dialect
	queries sync.Map // query → rebound query
	stmts   stmtCache
	cache   *profileCache // nil unless the dialect enables it
}

var _ rapport.Store = (*Store)(nil)

// New returns a store reading through read and writing through write, which
// may be the same pool. The store owns both and closes them.
func New(read, write *sql.DB, d Dialect) *Store {
	s := &Store{read: read, write: write, dialect: d, stmts: stmtCache{
		ready: map[string]*sql.Stmt{}, pending: map[string]bool{},
	}}
	if d.ProfileCache > 0 {
		s.cache = newProfileCache(d.ProfileCache)
	}
	return s
}

// DB returns the pool that writes, for migrations.
func (s *Store) DB() *sql.DB { return s.write }

// Close releases the store's statements and connections.
func (s *Store) Close() error {
	s.stmts.close()
	err := s.write.Close()
	if s.read != s.write {
		err = errors.Join(err, s.read.Close())
	}
	return err
}

// q returns query rebound for the dialect, computed once per query string.
func (s *Store) q(query string) string {
	if v, ok := s.queries.Load(query); ok {
		return v.(string)
	}
	r := s.dialect.rebind(query)
	s.queries.Store(query, r)
	return r
}

// inTx runs fn in a write transaction, committing when it returns nil.
func (s *Store) inTx(ctx context.Context, fn func(t *txq) error) error {
	if err := s.stmts.warm(ctx, s.write, s.q); err != nil {
		return err
	}
	tx, err := s.write.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("%s: begin: %w", s.dialect.Name, err)
	}
	t := &txq{s: s, tx: tx, stmts: map[string]*sql.Stmt{}}
	if err := fn(t); err != nil {
		_ = tx.Rollback()
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("%s: commit: %w", s.dialect.Name, err)
	}
	return nil
}

// stmtCache keeps prepared statements on the write pool. A query first seen
// inside a transaction is prepared there and remembered, then prepared on
// the pool before the next transaction begins: preparing on the pool while
// a transaction holds its only connection would wait forever.
type stmtCache struct {
	mu      sync.Mutex
	ready   map[string]*sql.Stmt
	pending map[string]bool
}

func (c *stmtCache) get(query string) *sql.Stmt {
	c.mu.Lock()
	defer c.mu.Unlock()
	st := c.ready[query]
	if st == nil {
		c.pending[query] = true
	}
	return st
}

func (c *stmtCache) warm(ctx context.Context, db *sql.DB, rebind func(string) string) error {
	c.mu.Lock()
	var todo []string
	for query := range c.pending {
		todo = append(todo, query)
	}
	c.mu.Unlock()
	for _, query := range todo { // unlocked: preparing may wait for a busy connection
		st, err := db.PrepareContext(ctx, rebind(query))
		if err != nil {
			return fmt.Errorf("prepare: %w", err)
		}
		c.mu.Lock()
		if c.ready[query] == nil {
			c.ready[query], st = st, nil
		}
		delete(c.pending, query)
		c.mu.Unlock()
		if st != nil {
			_ = st.Close()
		}
	}
	return nil
}

func (c *stmtCache) close() {
	c.mu.Lock()
	defer c.mu.Unlock()
	for q, st := range c.ready {
		_ = st.Close()
		delete(c.ready, q)
	}
}

// txq runs queries in one write transaction through prepared statements.
type txq struct {
	s     *Store
	tx    *sql.Tx
	stmts map[string]*sql.Stmt
}

func (t *txq) stmt(ctx context.Context, query string) (*sql.Stmt, error) {
	if st := t.stmts[query]; st != nil {
		return st, nil
	}
	var st *sql.Stmt
	if shared := t.s.stmts.get(query); shared != nil {
		st = t.tx.StmtContext(ctx, shared)
	} else {
		var err error
		if st, err = t.tx.PrepareContext(ctx, t.s.q(query)); err != nil {
			return nil, fmt.Errorf("%s: prepare: %w", t.s.dialect.Name, err)
		}
	}
	t.stmts[query] = st
	return st, nil
}

func (t *txq) exec(ctx context.Context, query string, args ...any) (sql.Result, error) {
	st, err := t.stmt(ctx, query)
	if err != nil {
		return nil, err
	}
	return st.ExecContext(ctx, args...)
}

func (t *txq) query(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	st, err := t.stmt(ctx, query)
	if err != nil {
		return nil, err
	}
	return st.QueryContext(ctx, args...)
}
