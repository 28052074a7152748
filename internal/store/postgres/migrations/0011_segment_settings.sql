-- +goose Up
-- The lifecycle segments' settings (window, thresholds, rating rule, day
-- bounds) as one JSON document; no row means the defaults.

CREATE TABLE segment_settings (
    id         INTEGER PRIMARY KEY,
    doc        TEXT    NOT NULL,
    updated_at BIGINT  NOT NULL
);

-- +goose Down
DROP TABLE segment_settings;
