-- +goose Up
-- Recommendations: a version on the live model, increased at every save, so
-- that every node notices a model another node trained; and the shop's
-- settings (one JSON document).

ALTER TABLE recommend_models ADD COLUMN version BIGINT NOT NULL DEFAULT 0;

CREATE TABLE recommend_settings (
    slot       TEXT   PRIMARY KEY,
    doc        TEXT   NOT NULL,
    updated_at BIGINT NOT NULL
);

-- +goose Down
DROP TABLE recommend_settings;
ALTER TABLE recommend_models DROP COLUMN version;
