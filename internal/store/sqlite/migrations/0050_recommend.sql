-- +goose Up
-- Recommendations: the live model (one row), item availability and the log
-- of served lists. Times are Unix milliseconds.

CREATE TABLE recommend_models (
    slot         TEXT    PRIMARY KEY,
    kind         TEXT    NOT NULL,
    validation   REAL    NOT NULL DEFAULT 0,
    trained_at   INTEGER NOT NULL,
    users        INTEGER NOT NULL DEFAULT 0,
    items        INTEGER NOT NULL DEFAULT 0,
    interactions INTEGER NOT NULL DEFAULT 0,
    last_seq     INTEGER NOT NULL DEFAULT 0,
    data         BLOB    NOT NULL
);

CREATE TABLE recommend_items (
    product_id TEXT    PRIMARY KEY,
    in_stock   INTEGER NOT NULL DEFAULT 1,
    excluded   INTEGER NOT NULL DEFAULT 0,
    updated_at INTEGER NOT NULL
);

CREATE TABLE recommend_served (
    request_id  TEXT    PRIMARY KEY,
    customer_id TEXT    NOT NULL,
    scene       TEXT    NOT NULL,
    model       TEXT    NOT NULL,
    items       TEXT    NOT NULL,
    served_at   INTEGER NOT NULL
);
CREATE INDEX recommend_served_at ON recommend_served (served_at);

-- +goose Down
DROP TABLE recommend_served;
DROP TABLE recommend_items;
DROP TABLE recommend_models;
