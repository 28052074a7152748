-- +goose Up
-- Times are Unix milliseconds (0 = none), JSON is text, flags are 0/1, and
-- months are "YYYY-MM" computed when written: the same on every backend.

CREATE TABLE events (
    seq          INTEGER PRIMARY KEY,
    message_id   TEXT    NOT NULL UNIQUE CHECK (message_id <> ''),
    customer_id  TEXT    NOT NULL,
    type         TEXT    NOT NULL,
    name         TEXT    NOT NULL DEFAULT '',
    channel      TEXT    NOT NULL DEFAULT '',
    source       TEXT    NOT NULL DEFAULT '',
    user_id      TEXT    NOT NULL DEFAULT '',
    anonymous_id TEXT    NOT NULL DEFAULT '',
    previous_id  TEXT    NOT NULL DEFAULT '',
    group_id     TEXT    NOT NULL DEFAULT '',
    ts           INTEGER NOT NULL,
    received_at  INTEGER NOT NULL,
    properties   TEXT    NOT NULL DEFAULT '',
    traits       TEXT    NOT NULL DEFAULT '',
    context      TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX events_customer_ts ON events (customer_id, ts, seq);

CREATE TABLE customers (
    id            TEXT    PRIMARY KEY,
    known         INTEGER NOT NULL DEFAULT 0,
    email         TEXT    NOT NULL DEFAULT '',
    phone         TEXT    NOT NULL DEFAULT '',
    name          TEXT    NOT NULL DEFAULT '',
    basic         TEXT    NOT NULL DEFAULT '',
    traits        TEXT    NOT NULL DEFAULT '',
    stats         TEXT    NOT NULL DEFAULT '',
    first_seen    INTEGER NOT NULL DEFAULT 0,
    last_seen     INTEGER NOT NULL DEFAULT 0,
    first_month   TEXT    NOT NULL DEFAULT '',
    order_count   INTEGER NOT NULL DEFAULT 0,
    revenue       REAL    NOT NULL DEFAULT 0,
    last_order_at INTEGER NOT NULL DEFAULT 0,
    created_at    INTEGER NOT NULL,
    updated_at    INTEGER NOT NULL
);
CREATE INDEX customers_known_last_seen ON customers (known, last_seen);
CREATE INDEX customers_known_first_month ON customers (known, first_month);

CREATE TABLE identities (
    alias_id    TEXT PRIMARY KEY,
    customer_id TEXT NOT NULL
);
CREATE INDEX identities_customer ON identities (customer_id);

CREATE TABLE orders (
    id           TEXT    PRIMARY KEY,
    customer_id  TEXT    NOT NULL,
    status       TEXT    NOT NULL,
    total        REAL    NOT NULL DEFAULT 0,
    refunded     REAL    NOT NULL DEFAULT 0,
    currency     TEXT    NOT NULL DEFAULT '',
    channel      TEXT    NOT NULL DEFAULT '',
    placed_at    INTEGER NOT NULL,
    placed_month TEXT    NOT NULL,
    promised_at  INTEGER NOT NULL DEFAULT 0,
    delivered_at INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX orders_customer_placed ON orders (customer_id, placed_at);
CREATE INDEX orders_month ON orders (placed_month);

CREATE TABLE order_items (
    order_id   TEXT    NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
    line       INTEGER NOT NULL,
    product_id TEXT    NOT NULL,
    name       TEXT    NOT NULL DEFAULT '',
    category   TEXT    NOT NULL DEFAULT '',
    price      REAL    NOT NULL DEFAULT 0,
    quantity   INTEGER NOT NULL DEFAULT 1,
    PRIMARY KEY (order_id, line)
);
CREATE INDEX order_items_product ON order_items (product_id);

CREATE TABLE products (
    id       TEXT PRIMARY KEY,
    name     TEXT NOT NULL DEFAULT '',
    category TEXT NOT NULL DEFAULT '',
    brand    TEXT NOT NULL DEFAULT '',
    price    REAL NOT NULL DEFAULT 0
);

CREATE TABLE reviews (
    id          TEXT    PRIMARY KEY,
    customer_id TEXT    NOT NULL,
    product_id  TEXT    NOT NULL,
    rating      REAL    NOT NULL,
    title       TEXT    NOT NULL DEFAULT '',
    body        TEXT    NOT NULL DEFAULT '',
    created_at  INTEGER NOT NULL
);
CREATE INDEX reviews_customer ON reviews (customer_id);
CREATE INDEX reviews_product ON reviews (product_id);

CREATE TABLE users (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    email         TEXT    NOT NULL,
    name          TEXT    NOT NULL DEFAULT '',
    role          TEXT    NOT NULL,
    locale        TEXT    NOT NULL DEFAULT '',
    password_hash TEXT    NOT NULL DEFAULT '',
    created_at    INTEGER NOT NULL
);
CREATE UNIQUE INDEX users_email ON users (lower(email));

CREATE TABLE sessions (
    token_hash TEXT    PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    csrf       TEXT    NOT NULL,
    expires_at INTEGER NOT NULL,
    created_at INTEGER NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE api_tokens (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    name       TEXT    NOT NULL DEFAULT '',
    prefix     TEXT    NOT NULL DEFAULT '',
    hash       TEXT    NOT NULL UNIQUE,
    scopes     TEXT    NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL,
    revoked_at INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE write_keys (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    write_key  TEXT    NOT NULL UNIQUE,
    source     TEXT    NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL,
    revoked_at INTEGER NOT NULL DEFAULT 0
);
