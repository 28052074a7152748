package survey

import (
	"context"
	"crypto/rand"
	"fmt"
	"log/slog"
	"slices"
	"strings"

	"github.com/rapport-cx/rapport"
	"github.com/rapport-cx/rapport/internal/satisfaction"
)

// Service runs surveys over a store.
type Service struct {
	store rapport.Store
	clock rapport.Clock
	log   *slog.Logger
}

// New returns a survey service. A nil clock is the system clock, a nil logger discards.
func New(st rapport.Store, clock rapport.Clock, log *slog.Logger) *Service {
	if clock == nil {
		clock = rapport.SystemClock{}
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Service{store: st, clock: clock, log: log}
}

// Settings returns the shop's survey rules, creating the link secret on first use.
func (s *Service) Settings(ctx context.Context) (rapport.SurveySettings, error) {
	secret := make([]byte, 32)
	if _, err := rand.Read(secret); err != nil {
		return rapport.SurveySettings{}, fmt.Errorf("survey secret: %w", err)
	}
	return s.store.SurveySettings(ctx, secret)
}

// Create validates and stores a new survey. A scheduled survey first runs
// at the start of the next period. Every targeted segment must exist.
func (s *Service) Create(ctx context.Context, sv *rapport.Survey) error {
	sv.CreatedAt = s.clock.Now()
	if err := Validate(sv); err != nil {
		return err
	}
	for _, id := range sv.Segments {
		if _, err := s.store.Segment(ctx, id); rapport.ErrorCode(err) == rapport.ENOTFOUND {
			return rapport.FieldErrorf("segments", "there is no segment %q", id)
		} else if err != nil {
			return err
		}
	}
	if sv.Schedule != "" && sv.NextRunAt.IsZero() {
		sv.NextRunAt = NextPeriod(sv.Schedule, sv.CreatedAt)
	}
	return s.store.CreateSurvey(ctx, sv)
}

// LinkFor returns the answer token of a sent invitation.
func (s *Service) LinkFor(ctx context.Context, inv *rapport.Invitation) (string, error) {
	if inv.Status != rapport.InviteSent && inv.Status != rapport.InviteAnswered {
		return "", rapport.Errorf(rapport.ECONFLICT, "invitation %d is %s, not sent", inv.ID, inv.Status)
	}
	set, err := s.Settings(ctx)
	if err != nil {
		return "", err
	}
	return Sign(set.Secret, Link{SurveyID: inv.SurveyID, InvitationID: inv.ID, CustomerID: inv.CustomerID, Expires: inv.ExpiresAt}), nil
}

// Open checks a token and returns the survey it answers. It fails with
// ErrForged, ErrExpired or ErrAnswered.
func (s *Service) Open(ctx context.Context, token string) (*rapport.Survey, Link, error) {
	set, err := s.Settings(ctx)
	if err != nil {
		return nil, Link{}, err
	}
	l, err := Verify(set.Secret, token, s.clock.Now())
	if err != nil {
		return nil, l, err
	}
	inv, err := s.store.Invitation(ctx, l.InvitationID)
	if err != nil || inv.SurveyID != l.SurveyID || inv.CustomerID != l.CustomerID {
		return nil, l, ErrForged
	}
	if inv.Status == rapport.InviteAnswered {
		return nil, l, ErrAnswered
	}
	sv, err := s.store.Survey(ctx, l.SurveyID)
	if err != nil {
		return nil, l, ErrForged
	}
	return sv, l, nil
}

// AnswerLink records the answer given through a signed link.
func (s *Service) AnswerLink(ctx context.Context, token string, score int, reason string) (*rapport.SurveyResponse, error) {
	sv, l, err := s.Open(ctx, token)
	if err != nil {
		return nil, err
	}
	r := &rapport.SurveyResponse{SurveyID: sv.ID, InvitationID: l.InvitationID, CustomerID: l.CustomerID,
		Source: "link", Ref: fmt.Sprintf("survey-%d-invitation-%d", sv.ID, l.InvitationID)}
	if err := s.record(ctx, sv, r, score, reason); err != nil {
		if rapport.ErrorCode(err) == rapport.ECONFLICT {
			return nil, ErrAnswered
		}
		return nil, err
	}
	return r, nil
}

// Answer records an answer given through the API.
func (s *Service) Answer(ctx context.Context, surveyID int64, customerID string, score int, reason string) (*rapport.SurveyResponse, error) {
	if strings.TrimSpace(customerID) == "" {
		return nil, rapport.FieldErrorf("customer_id", "the customer id is required")
	}
	sv, err := s.store.Survey(ctx, surveyID)
	if err != nil {
		return nil, err
	}
	if _, err := s.store.Customer(ctx, customerID); err != nil {
		if rapport.ErrorCode(err) == rapport.ENOTFOUND {
			return nil, rapport.FieldErrorf("customer_id", "there is no customer %s", customerID)
		}
		return nil, err
	}
	nonce := make([]byte, 8)
	_, _ = rand.Read(nonce)
	r := &rapport.SurveyResponse{SurveyID: sv.ID, CustomerID: customerID, Source: "api", Ref: fmt.Sprintf("survey-%d-api-%x", sv.ID, nonce)}
	return r, s.record(ctx, sv, r, score, reason)
}

// record validates and stores an answer, then adds it to the customer's
// timeline as a Survey Responded event.
func (s *Service) record(ctx context.Context, sv *rapport.Survey, r *rapport.SurveyResponse, score int, reason string) error {
	if !satisfaction.Valid(ScoreKind(sv.Kind), score) {
		lo, hi := satisfaction.Range(ScoreKind(sv.Kind))
		return rapport.FieldErrorf("score", "a %s answer is a whole number from %d to %d, not %d", sv.Kind, lo, hi, score)
	}
	if len(reason) > 2000 {
		return rapport.FieldErrorf("reason", "the reason must be at most 2000 characters")
	}
	r.Kind, r.Score, r.Reason, r.At = sv.Kind, score, strings.TrimSpace(reason), s.clock.Now()
	if err := s.store.RecordResponse(ctx, r); err != nil {
		return err
	}
	props := map[string]any{"survey_id": sv.Key, "survey_type": string(sv.Kind), "score": float64(score), "source": r.Source}
	if sv.Kind == rapport.SurveyNPS {
		props["nps"] = float64(score)
	}
	if r.Reason != "" {
		props["reason"] = r.Reason
	}
	if sv.Touchpoint != "" {
		props["touchpoint"] = sv.Touchpoint
	}
	e := &rapport.Event{MessageID: r.Ref, Type: rapport.TypeTrack, Name: rapport.EventSurveyResponded, UserID: r.CustomerID,
		Channel: rapport.ChannelWeb, Source: "survey", Timestamp: r.At, ReceivedAt: r.At, Properties: props}
	if _, err := s.store.Ingest(ctx, []*rapport.Event{e}); err != nil {
		s.log.Error("survey: answer stored but its event was not", "ref", r.Ref, "err", err)
	}
	return nil
}

// targeted says whether a customer is in a survey's target: in one of its
// segments now, or anyone when it names none.
func (s *Service) targeted(ctx context.Context, sv *rapport.Survey, customerID string) (bool, error) {
	if len(sv.Segments) == 0 {
		return true, nil
	}
	in, err := s.store.CustomerSegments(ctx, customerID)
	if rapport.ErrorCode(err) == rapport.ENOTFOUND {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	for _, m := range in {
		if slices.Contains(sv.Segments, m.SegmentID) {
			return true, nil
		}
	}
	return false, nil
}
