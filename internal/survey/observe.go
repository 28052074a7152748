package survey

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/rapport-cx/rapport"
	"github.com/rapport-cx/rapport/internal/profile"
)

// Observe reacts to stored events: a trigger event schedules an invitation
// to each active survey it triggers, due after the survey's delay; a Survey
// Responded event naming a defined survey (by key) records its answer.
func (s *Service) Observe(ctx context.Context, events []*rapport.Event) error {
	var surveys []rapport.Survey
	loaded := false
	var errs []error
	for _, e := range events {
		if e.Type != rapport.TypeTrack || e.CustomerID == "" || strings.HasPrefix(e.CustomerID, rapport.AnonymousPrefix) {
			continue
		}
		if !loaded {
			var err error
			if surveys, err = s.store.Surveys(ctx); err != nil {
				return err
			}
			loaded = true
		}
		for i := range surveys {
			sv := &surveys[i]
			switch {
			case e.Name == rapport.EventSurveyResponded && profile.Text(e.Properties["survey_id"]) == sv.Key:
				errs = append(errs, s.recordEvent(ctx, sv, e))
			case sv.Active && sv.TriggerEvent != "" && e.Name == sv.TriggerEvent:
				_, err := s.store.ScheduleInvitation(ctx, &rapport.Invitation{SurveyID: sv.ID, CustomerID: e.CustomerID,
					TriggerRef: e.MessageID, DueAt: e.Timestamp.Add(sv.Delay())})
				errs = append(errs, err)
			}
		}
	}
	return errors.Join(errs...)
}

// recordEvent stores the answer a Survey Responded event carries. Answers
// Rapport itself recorded come back as events with the same ref and are
// skipped.
func (s *Service) recordEvent(ctx context.Context, sv *rapport.Survey, e *rapport.Event) error {
	score, ok := profile.Number(e.Properties["score"])
	if !ok {
		return fmt.Errorf("survey %s: event %s has no numeric score", sv.Key, e.MessageID)
	}
	reason := profile.Text(e.Properties["reason"])
	r := &rapport.SurveyResponse{Ref: e.MessageID, SurveyID: sv.ID, CustomerID: e.CustomerID, Kind: sv.Kind,
		Score: int(score), Reason: reason, Source: "event", At: e.Timestamp}
	err := s.store.RecordResponse(ctx, r)
	if rapport.ErrorCode(err) == rapport.ECONFLICT {
		return nil
	}
	return err
}
