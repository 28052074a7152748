-- +goose Up
-- Surveys: definitions, invitations (the durable timers of triggered and
-- scheduled surveys), answers, the customers' last contact (for the
-- frequency cap) and the shop-wide rules. Times are Unix milliseconds.

CREATE TABLE surveys (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    survey_key    TEXT    NOT NULL UNIQUE,
    definition    TEXT    NOT NULL,
    trigger_event TEXT    NOT NULL DEFAULT '',
    schedule      TEXT    NOT NULL DEFAULT '',
    next_run_at   INTEGER NOT NULL DEFAULT 0,
    active        INTEGER NOT NULL DEFAULT 1,
    created_at    INTEGER NOT NULL
);

CREATE TABLE survey_invitations (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    survey_id    INTEGER NOT NULL REFERENCES surveys (id) ON DELETE CASCADE,
    customer_id  TEXT    NOT NULL,
    trigger_ref  TEXT    NOT NULL,
    status       TEXT    NOT NULL,
    due_at       INTEGER NOT NULL,
    sent_at      INTEGER NOT NULL DEFAULT 0,
    expires_at   INTEGER NOT NULL DEFAULT 0,
    responded_at INTEGER NOT NULL DEFAULT 0,
    UNIQUE (survey_id, customer_id, trigger_ref)
);
CREATE INDEX survey_invitations_due ON survey_invitations (status, due_at);
CREATE INDEX survey_invitations_customer ON survey_invitations (customer_id);

CREATE TABLE survey_responses (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    ref           TEXT    NOT NULL UNIQUE,
    survey_id     INTEGER NOT NULL REFERENCES surveys (id) ON DELETE CASCADE,
    invitation_id INTEGER NOT NULL DEFAULT 0,
    customer_id   TEXT    NOT NULL,
    kind          TEXT    NOT NULL,
    score         INTEGER NOT NULL,
    reason        TEXT    NOT NULL DEFAULT '',
    source        TEXT    NOT NULL,
    at            INTEGER NOT NULL
);
CREATE INDEX survey_responses_survey ON survey_responses (survey_id, at);

CREATE TABLE customer_contacts (
    customer_id TEXT    PRIMARY KEY,
    last_at     INTEGER NOT NULL
);

CREATE TABLE survey_settings (
    id       INTEGER PRIMARY KEY CHECK (id = 1),
    cap_days INTEGER NOT NULL,
    secret   TEXT    NOT NULL,
    webhook  TEXT    NOT NULL DEFAULT ''
);

-- Feedback analyses read touchpoints by event name.
CREATE INDEX events_name_ts ON events (name, ts);

CREATE TABLE action_items (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    title       TEXT    NOT NULL,
    aspect      TEXT    NOT NULL DEFAULT '',
    owner       TEXT    NOT NULL,
    rule        TEXT    NOT NULL DEFAULT '',
    metric      TEXT    NOT NULL DEFAULT '',
    status      TEXT    NOT NULL,
    due_at      INTEGER NOT NULL,
    changed_at  INTEGER NOT NULL DEFAULT 0,
    notified_at INTEGER NOT NULL DEFAULT 0,
    note        TEXT    NOT NULL DEFAULT '',
    created_at  INTEGER NOT NULL
);
CREATE INDEX action_items_due ON action_items (status, due_at);

-- +goose Down
DROP TABLE action_items;
DROP INDEX events_name_ts;
DROP TABLE survey_settings;
DROP TABLE customer_contacts;
DROP TABLE survey_responses;
DROP TABLE survey_invitations;
DROP TABLE surveys;
