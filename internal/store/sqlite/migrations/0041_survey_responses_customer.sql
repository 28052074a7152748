-- +goose Up
-- A customer's answers are read for the customer 360 beside a service case.
CREATE INDEX survey_responses_customer ON survey_responses (customer_id, at, id);
