package service

import (
	"context"

	"github.com/rapport-cx/rapport"
)

// How much of a customer's history the case view shows.
const (
	shownOrders   = 5
	shownCases    = 20
	shownFeedback = 10
)

// Customer360 is what an agent sees of a case's customer beside the
// conversation: the live profile, segments, recent orders, earlier cases,
// survey answers and reviews. Customer is nil, and the lists empty, when
// the case names a customer with no profile.
type Customer360 struct {
	Customer *rapport.Customer           `json:"customer"`
	Segments []rapport.SegmentMembership `json:"segments"`
	Orders   []rapport.Order             `json:"orders"`
	Cases    []rapport.Case              `json:"cases"` // the customer's other cases, breached and nearest due first
	Surveys  []rapport.SurveyResponse    `json:"surveys"`
	Reviews  []rapport.Review            `json:"reviews"`
}

// CaseCustomer returns the customer 360 of a case. Returns ENOTFOUND if
// there is no such case.
func (s *Service) CaseCustomer(ctx context.Context, caseID int64) (*Customer360, error) {
	c, err := s.store.Case(ctx, caseID)
	if err != nil {
		return nil, err
	}
	out := &Customer360{Segments: []rapport.SegmentMembership{}, Orders: []rapport.Order{}, Cases: []rapport.Case{},
		Surveys: []rapport.SurveyResponse{}, Reviews: []rapport.Review{}}
	if out.Customer, err = s.customer(ctx, c.CustomerID); err != nil || out.Customer == nil {
		return out, err
	}
	id := out.Customer.ID // a merged anonymous id resolves to the known customer
	if out.Segments, err = s.store.CustomerSegments(ctx, id); err != nil {
		return nil, err
	}
	if out.Orders, err = s.store.Orders(ctx, id, shownOrders); err != nil {
		return nil, err
	}
	cases, _, err := s.store.ListCases(ctx, rapport.CaseQuery{CustomerID: c.CustomerID, Limit: shownCases + 1})
	if err != nil {
		return nil, err
	}
	for _, e := range cases {
		if e.ID != c.ID && len(out.Cases) < shownCases {
			out.Cases = append(out.Cases, e)
		}
	}
	if out.Surveys, err = s.store.CustomerSurveyResponses(ctx, id, shownFeedback); err != nil {
		return nil, err
	}
	if out.Reviews, err = s.store.CustomerReviews(ctx, id, shownFeedback); err != nil {
		return nil, err
	}
	return out, nil
}
