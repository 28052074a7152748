-- +goose Up
-- Recommendations: the live model (one row), item availability and the log
-- of served lists. Times are Unix milliseconds.

CREATE TABLE recommend_models (
    slot         TEXT    PRIMARY KEY,
    kind         TEXT    NOT NULL,
    validation   REAL    NOT NULL DEFAULT 0,
    trained_at   BIGINT  NOT NULL,
    users        BIGINT  NOT NULL DEFAULT 0,
    items        BIGINT  NOT NULL DEFAULT 0,
    interactions BIGINT  NOT NULL DEFAULT 0,
    last_seq     BIGINT  NOT NULL DEFAULT 0,
    data         BYTEA   NOT NULL
);

CREATE TABLE recommend_items (
    product_id TEXT    PRIMARY KEY,
    in_stock   BIGINT  NOT NULL DEFAULT 1,
    excluded   BIGINT  NOT NULL DEFAULT 0,
    updated_at BIGINT  NOT NULL
);

CREATE TABLE recommend_served (
    request_id  TEXT    PRIMARY KEY,
    customer_id TEXT    NOT NULL,
    scene       TEXT    NOT NULL,
    model       TEXT    NOT NULL,
    items       TEXT    NOT NULL,
    served_at   BIGINT  NOT NULL
);
CREATE INDEX recommend_served_at ON recommend_served (served_at);

-- +goose Down
DROP TABLE recommend_served;
DROP TABLE recommend_items;
DROP TABLE recommend_models;
