-- +goose Up
-- The queue lists the cases of one status at a time, breached first, then
-- nearest due: with the status leading the sort columns, a page of the
-- queue walks this index instead of sorting every case of the status, and
-- the count per status reads it too. It replaces both the status-only
-- index and the sort index, whose closed-but-breached cases came first.
CREATE INDEX cases_status_queue ON cases (status, breached DESC, due_sort, id);
DROP INDEX cases_status;
DROP INDEX cases_queue;

-- +goose Down
CREATE INDEX cases_queue ON cases (breached DESC, due_sort, id);
CREATE INDEX cases_status ON cases (status);
DROP INDEX cases_status_queue;
