-- +goose Up
-- Segments: definitions (the rule is JSON text), current members, the
-- history of entries and exits, and one size per segment per day.

CREATE TABLE segments (
    id          TEXT    PRIMARY KEY,
    name        TEXT    NOT NULL,
    description TEXT    NOT NULL DEFAULT '',
    builtin     INTEGER NOT NULL DEFAULT 0,
    rule        TEXT    NOT NULL,
    created_at  INTEGER  NOT NULL,
    updated_at  INTEGER  NOT NULL
);

CREATE TABLE segment_members (
    segment_id  TEXT    NOT NULL,
    customer_id TEXT    NOT NULL,
    entered_at  INTEGER  NOT NULL,
    PRIMARY KEY (segment_id, customer_id)
);
CREATE INDEX segment_members_customer ON segment_members (customer_id);
CREATE INDEX segment_members_entered ON segment_members (segment_id, entered_at);

CREATE TABLE segment_history (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    segment_id  TEXT    NOT NULL,
    customer_id TEXT    NOT NULL,
    entered     INTEGER NOT NULL,
    at          INTEGER  NOT NULL
);
CREATE INDEX segment_history_customer ON segment_history (customer_id, at);

CREATE TABLE segment_sizes (
    segment_id TEXT    NOT NULL,
    day        TEXT    NOT NULL,
    size       INTEGER NOT NULL,
    PRIMARY KEY (segment_id, day)
);

-- +goose Down
DROP TABLE segment_sizes;
DROP TABLE segment_history;
DROP TABLE segment_members;
DROP TABLE segments;
