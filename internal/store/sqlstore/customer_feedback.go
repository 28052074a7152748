package sqlstore

import (
	"context"
	"fmt"

	"github.com/rapport-cx/rapport"
)

// CustomerReviews lists a customer's product reviews, newest first.
func (s *Store) CustomerReviews(ctx context.Context, customerID string, limit int) ([]rapport.Review, error) {
	rows, err := s.read.QueryContext(ctx, s.q(`SELECT id, customer_id, product_id, rating, title, body, created_at
 FROM reviews WHERE customer_id = ? ORDER BY created_at DESC, id DESC LIMIT ?`), customerID, max(limit, 1))
	if err != nil {
		return nil, fmt.Errorf("reviews of %s: %w", customerID, err)
	}
	defer rows.Close()
	out := []rapport.Review{}
	for rows.Next() {
		var r rapport.Review
		var at int64
		if err := rows.Scan(&r.ID, &r.CustomerID, &r.ProductID, &r.Rating, &r.Title, &r.Body, &at); err != nil {
			return nil, fmt.Errorf("reviews of %s: %w", customerID, err)
		}
		r.CreatedAt = fromMS(at)
		out = append(out, r)
	}
	return out, rows.Err()
}

// CustomerSurveyResponses lists a customer's survey answers, newest first.
func (s *Store) CustomerSurveyResponses(ctx context.Context, customerID string, limit int) ([]rapport.SurveyResponse, error) {
	out, err := s.responses(ctx, "WHERE customer_id = ?", []any{customerID}, max(limit, 1))
	if err != nil {
		return nil, fmt.Errorf("survey answers of %s: %w", customerID, err)
	}
	return out, nil
}

// responses lists the survey answers a WHERE clause selects, newest first;
// limit 0 means 1000.
func (s *Store) responses(ctx context.Context, where string, args []any, limit int) ([]rapport.SurveyResponse, error) {
	if limit <= 0 {
		limit = 1000
	}
	rows, err := s.read.QueryContext(ctx, s.q(`SELECT id, ref, survey_id, invitation_id, customer_id, kind, score, reason, source, at
 FROM survey_responses `+where+" ORDER BY at DESC, id DESC LIMIT ?"), append(args, limit)...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []rapport.SurveyResponse{}
	for rows.Next() {
		var r rapport.SurveyResponse
		var kind string
		var at int64
		if err := rows.Scan(&r.ID, &r.Ref, &r.SurveyID, &r.InvitationID, &r.CustomerID, &kind, &r.Score, &r.Reason, &r.Source, &at); err != nil {
			return nil, err
		}
		r.Kind, r.At = rapport.SurveyKind(kind), fromMS(at)
		out = append(out, r)
	}
	return out, rows.Err()
}
