-- +goose Up
-- How far each ingest observer (survey triggers, service tickets, ...) has
-- got through the events table, so that a restart hands it the events it
-- had not yet handled.
CREATE TABLE observer_cursors (
    name TEXT   PRIMARY KEY,
    seq  BIGINT NOT NULL
);
