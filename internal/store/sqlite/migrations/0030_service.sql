-- +goose Up
-- Service cases, their conversations, configuration documents, after-sale
-- requests and webhook deliveries. sla, follow_up and doc are JSON; due_sort,
-- breached and timer_at are derived from sla when written, for the queue
-- order and the timer scan.

CREATE TABLE cases (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    external_id TEXT    NOT NULL DEFAULT '',
    customer_id TEXT    NOT NULL DEFAULT '',
    subject     TEXT    NOT NULL DEFAULT '',
    type        TEXT    NOT NULL,
    stage       TEXT    NOT NULL DEFAULT '',
    channel     TEXT    NOT NULL DEFAULT '',
    priority    TEXT    NOT NULL,
    status      TEXT    NOT NULL,
    owner       TEXT    NOT NULL DEFAULT '',
    team        TEXT    NOT NULL DEFAULT '',
    order_id    TEXT    NOT NULL DEFAULT '',
    product_ids TEXT    NOT NULL DEFAULT '',
    labels      TEXT    NOT NULL DEFAULT '',
    parent_id   INTEGER NOT NULL DEFAULT 0,
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL,
    sla         TEXT    NOT NULL DEFAULT '',
    follow_up   TEXT    NOT NULL DEFAULT '',
    due_sort    INTEGER NOT NULL,
    breached    INTEGER NOT NULL DEFAULT 0,
    timer_at    INTEGER NOT NULL DEFAULT 0,
    version     INTEGER NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX cases_external_id ON cases (external_id) WHERE external_id <> '';
CREATE INDEX cases_queue ON cases (breached DESC, due_sort, id);
CREATE INDEX cases_timer ON cases (timer_at) WHERE timer_at > 0;
CREATE INDEX cases_customer ON cases (customer_id, created_at);
CREATE INDEX cases_created ON cases (created_at);

CREATE TABLE case_messages (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    case_id    INTEGER NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
    kind       TEXT    NOT NULL,
    author     TEXT    NOT NULL DEFAULT '',
    body       TEXT    NOT NULL,
    created_at INTEGER NOT NULL
);
CREATE INDEX case_messages_case ON case_messages (case_id, id);

CREATE TABLE service_settings (
    key        TEXT    PRIMARY KEY,
    doc        TEXT    NOT NULL,
    updated_at INTEGER NOT NULL
);

CREATE TABLE after_sales (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    kind        TEXT    NOT NULL,
    order_id    TEXT    NOT NULL,
    customer_id TEXT    NOT NULL DEFAULT '',
    status      TEXT    NOT NULL,
    doc         TEXT    NOT NULL,
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL,
    version     INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX after_sales_created ON after_sales (created_at);

CREATE TABLE webhook_endpoints (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    url        TEXT    NOT NULL,
    secret     TEXT    NOT NULL,
    events     TEXT    NOT NULL DEFAULT '',
    active     INTEGER NOT NULL DEFAULT 1,
    created_at INTEGER NOT NULL
);

CREATE TABLE webhook_deliveries (
    id              TEXT    NOT NULL,
    endpoint_id     INTEGER NOT NULL REFERENCES webhook_endpoints (id) ON DELETE CASCADE,
    event           TEXT    NOT NULL,
    payload         TEXT    NOT NULL,
    status          TEXT    NOT NULL,
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER NOT NULL DEFAULT 0,
    last_code       INTEGER NOT NULL DEFAULT 0,
    last_error      TEXT    NOT NULL DEFAULT '',
    created_at      INTEGER NOT NULL,
    delivered_at    INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (id, endpoint_id)
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (status, next_attempt_at);
CREATE INDEX webhook_deliveries_created ON webhook_deliveries (created_at);

-- +goose Down
DROP TABLE webhook_deliveries;
DROP TABLE webhook_endpoints;
DROP TABLE after_sales;
DROP TABLE service_settings;
DROP TABLE case_messages;
DROP TABLE cases;
