-- +goose Up
-- Model runs with their quality figures, and the predicted tags of the
-- latest run per customer (docs/predict.md).

CREATE TABLE model_runs (
    id                     INTEGER PRIMARY KEY AUTOINCREMENT,
    started_at             INTEGER NOT NULL,
    finished_at            INTEGER NOT NULL,
    as_of                  INTEGER NOT NULL,
    customers              INTEGER NOT NULL DEFAULT 0,
    churn_auc              REAL    NOT NULL DEFAULT 0,
    backtest_mae           REAL    NOT NULL DEFAULT 0,
    backtest_correlation   REAL    NOT NULL DEFAULT 0,
    naive_mae              REAL    NOT NULL DEFAULT 0,
    naive_correlation      REAL    NOT NULL DEFAULT 0,
    next_category_hit_rate REAL    NOT NULL DEFAULT 0,
    report                 TEXT    NOT NULL DEFAULT ''
);

CREATE TABLE predicted_tags (
    customer_id        TEXT    PRIMARY KEY,
    run_id             INTEGER NOT NULL REFERENCES model_runs (id) ON DELETE CASCADE,
    churn_probability  REAL    NOT NULL DEFAULT 0,
    expected_purchases REAL    NOT NULL DEFAULT 0,
    expected_value     REAL    NOT NULL DEFAULT 0,
    probability_alive  REAL    NOT NULL DEFAULT 0,
    next_category      TEXT    NOT NULL DEFAULT '',
    rfm_r              INTEGER NOT NULL DEFAULT 0,
    rfm_f              INTEGER NOT NULL DEFAULT 0,
    rfm_m              INTEGER NOT NULL DEFAULT 0,
    rfm_segment        TEXT    NOT NULL DEFAULT '',
    cluster            INTEGER NOT NULL DEFAULT 0,
    computed_at        INTEGER NOT NULL
);
CREATE INDEX predicted_tags_segment ON predicted_tags (rfm_segment);

-- +goose Down
DROP TABLE predicted_tags;
DROP TABLE model_runs;
