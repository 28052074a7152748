-- +goose Up
-- The queue counts cases by status; without this index the count reads
-- every case row.
CREATE INDEX cases_status ON cases (status);

-- +goose Down
DROP INDEX cases_status;
