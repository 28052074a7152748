package httpapi

import (
	"context"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"github.com/rapport-cx/rapport"
	"github.com/rapport-cx/rapport/internal/satisfaction"
	"github.com/rapport-cx/rapport/internal/survey"
)

// surveyRoutes registers the survey operations.
func surveyRoutes(api huma.API, h *handlers) {
	get(api, "list-surveys", "/api/v1/surveys", rapport.ScopeRead, "Every survey with its score", h.listSurveys)
	op(api, http.MethodPost, "create-survey", "/api/v1/surveys", rapport.ScopeWrite, "Create a CSAT, NPS or CES survey", h.createSurvey)
	get(api, "get-survey", "/api/v1/surveys/{id}", rapport.ScopeRead, "One survey with its score and invitation counts", h.getSurvey)
	get(api, "list-survey-invitations", "/api/v1/surveys/{id}/invitations", rapport.ScopeRead,
		"A survey's invitations, with the answer link of each sent one", h.listInvitations)
	op(api, http.MethodPost, "answer-survey", "/api/v1/surveys/{id}/responses", rapport.ScopeWrite,
		"Record a customer's answer to a survey", h.answerSurvey)
	get(api, "list-survey-responses", "/api/v1/surveys/{id}/responses", rapport.ScopeRead, "A survey's answers, newest first", h.listResponses)
	op(api, http.MethodPost, "draw-interview-sample", "/api/v1/interviews/sample", rapport.ScopeWrite,
		"Draw this month's interview list across lifecycle stages", h.drawSample)
}

// SurveyResult is a survey with its score and invitation counts.
type SurveyResult struct {
	rapport.Survey
	Score       satisfaction.Score `json:"score"`
	Invitations map[string]int     `json:"invitations"`
}

func (h *handlers) surveyResult(ctx context.Context, sv rapport.Survey) (SurveyResult, error) {
	counts, err := h.store.InvitationCounts(ctx, sv.ID)
	if err != nil {
		return SurveyResult{}, err
	}
	answers, err := h.store.SurveyResponses(ctx, sv.ID, 1000000)
	if err != nil {
		return SurveyResult{}, err
	}
	scores := make([]int, len(answers))
	for i, a := range answers {
		scores[i] = a.Score
	}
	score := satisfaction.Compute(survey.ScoreKind(sv.Kind), scores, counts[rapport.InviteSent]+counts[rapport.InviteAnswered])
	return SurveyResult{Survey: sv, Score: score, Invitations: counts}, nil
}

// SurveysOutput lists surveys.
type SurveysOutput struct {
	Body struct {
		Surveys []SurveyResult `json:"surveys"`
	}
}

func (h *handlers) listSurveys(ctx context.Context, _ *struct{}) (*SurveysOutput, error) {
	list, err := h.store.Surveys(ctx)
	if err != nil {
		return nil, h.toHTTP(err)
	}
	out := &SurveysOutput{}
	out.Body.Surveys = []SurveyResult{}
	for _, sv := range list {
		r, err := h.surveyResult(ctx, sv)
		if err != nil {
			return nil, h.toHTTP(err)
		}
		out.Body.Surveys = append(out.Body.Surveys, r)
	}
	return out, nil
}

// CreateSurveyInput is a survey definition; empty questions get the standard wording.
type CreateSurveyInput struct {
	Body struct {
		Key          string   `json:"key,omitempty" maxLength:"100" doc:"Stable name; also the survey_id of Survey Responded events"`
		Name         string   `json:"name" maxLength:"200"`
		Kind         string   `json:"kind" enum:"csat,nps,ces"`
		QuestionEN   string   `json:"question_en,omitempty"`
		QuestionZH   string   `json:"question_zh,omitempty"`
		ReasonEN     string   `json:"reason_en,omitempty"`
		ReasonZH     string   `json:"reason_zh,omitempty"`
		Touchpoint   string   `json:"touchpoint,omitempty" doc:"pre_sale, ordering, delivery, after_sale or product"`
		TriggerEvent string   `json:"trigger_event,omitempty" doc:"Event that triggers an invitation, e.g. Ticket Resolved"`
		DelayMinutes int      `json:"delay_minutes,omitempty"`
		Segments     []string `json:"segments,omitempty" doc:"Segment ids to target, custom or lifecycle (e.g. churn_risk): only their members at sending time are invited; none = everyone"`
		Schedule     string   `json:"schedule,omitempty" doc:"monthly or quarterly, for relationship surveys"`
		Sample       int      `json:"sample,omitempty" doc:"Customers invited per scheduled run"`
		LinkDays     int      `json:"link_days,omitempty" doc:"Days an answer link stays valid (default 7)"`
	}
}

// SurveyOutput is one survey with its results.
type SurveyOutput struct {
	Body SurveyResult
}

func (h *handlers) createSurvey(ctx context.Context, in *CreateSurveyInput) (*SurveyOutput, error) {
	b := in.Body
	sv := &rapport.Survey{Key: b.Key, Name: b.Name, Kind: rapport.SurveyKind(b.Kind), QuestionEN: b.QuestionEN,
		QuestionZH: b.QuestionZH, ReasonEN: b.ReasonEN, ReasonZH: b.ReasonZH, Touchpoint: b.Touchpoint,
		TriggerEvent: b.TriggerEvent, DelayMinutes: b.DelayMinutes, Segments: b.Segments,
		Schedule: b.Schedule, Sample: b.Sample, LinkDays: b.LinkDays, Active: true}
	if err := survey.New(h.store, h.clock, h.log).Create(ctx, sv); err != nil {
		return nil, h.toHTTP(err)
	}
	r, err := h.surveyResult(ctx, *sv)
	if err != nil {
		return nil, h.toHTTP(err)
	}
	return &SurveyOutput{Body: r}, nil
}

func (h *handlers) getSurvey(ctx context.Context, in *IDInput) (*SurveyOutput, error) {
	sv, err := h.store.Survey(ctx, in.ID)
	if err != nil {
		return nil, h.toHTTP(err)
	}
	r, err := h.surveyResult(ctx, *sv)
	if err != nil {
		return nil, h.toHTTP(err)
	}
	return &SurveyOutput{Body: r}, nil
}

// InvitationWithLink is an invitation and, once sent, its answer link path.
type InvitationWithLink struct {
	rapport.Invitation
	Link string `json:"link,omitempty" doc:"Path of the hosted answer page, to append to the server's address"`
}

// InvitationsOutput lists invitations.
type InvitationsOutput struct {
	Body struct {
		Invitations []InvitationWithLink `json:"invitations"`
	}
}

// InvitationsInput filters a survey's invitations.
type InvitationsInput struct {
	ID     int64  `path:"id" minimum:"1"`
	Status string `query:"status" enum:"pending,sent,answered,capped,skipped,"`
	Limit  int    `query:"limit" minimum:"0" maximum:"1000"`
}

func (h *handlers) listInvitations(ctx context.Context, in *InvitationsInput) (*InvitationsOutput, error) {
	if _, err := h.store.Survey(ctx, in.ID); err != nil {
		return nil, h.toHTTP(err)
	}
	list, err := h.store.Invitations(ctx, rapport.InvitationQuery{SurveyID: in.ID, Status: in.Status, Limit: in.Limit})
	if err != nil {
		return nil, h.toHTTP(err)
	}
	svc := survey.New(h.store, h.clock, h.log)
	out := &InvitationsOutput{}
	out.Body.Invitations = []InvitationWithLink{}
	for _, inv := range list {
		item := InvitationWithLink{Invitation: inv}
		if inv.Status == rapport.InviteSent {
			token, err := svc.LinkFor(ctx, &inv)
			if err != nil {
				return nil, h.toHTTP(err)
			}
			item.Link = "/s/" + token
		}
		out.Body.Invitations = append(out.Body.Invitations, item)
	}
	return out, nil
}

// AnswerInput is one customer's answer.
type AnswerInput struct {
	ID   int64 `path:"id" minimum:"1"`
	Body struct {
		CustomerID string `json:"customer_id" minLength:"1"`
		Score      int    `json:"score" doc:"CSAT 1–5, NPS 0–10, CES 1–7"`
		Reason     string `json:"reason,omitempty" maxLength:"2000"`
	}
}

// ResponseOutput is one recorded answer.
type ResponseOutput struct {
	Body *rapport.SurveyResponse
}

func (h *handlers) answerSurvey(ctx context.Context, in *AnswerInput) (*ResponseOutput, error) {
	r, err := survey.New(h.store, h.clock, h.log).Answer(ctx, in.ID, in.Body.CustomerID, in.Body.Score, in.Body.Reason)
	if err != nil {
		return nil, h.toHTTP(err)
	}
	return &ResponseOutput{Body: r}, nil
}

// ResponsesOutput lists answers.
type ResponsesOutput struct {
	Body struct {
		Responses []rapport.SurveyResponse `json:"responses"`
	}
}

func (h *handlers) listResponses(ctx context.Context, in *IDInput) (*ResponsesOutput, error) {
	if _, err := h.store.Survey(ctx, in.ID); err != nil {
		return nil, h.toHTTP(err)
	}
	list, err := h.store.SurveyResponses(ctx, in.ID, 1000)
	if err != nil {
		return nil, h.toHTTP(err)
	}
	out := &ResponsesOutput{}
	out.Body.Responses = list
	return out, nil
}

// SampleInput asks for an interview list.
type SampleInput struct {
	Body struct {
		PerTier     int  `json:"per_tier" minimum:"1" maximum:"1000" default:"4"`
		ExcludeDays int  `json:"exclude_days" minimum:"0" default:"90"`
		Record      bool `json:"record,omitempty" doc:"Note the drawn customers as contacted now"`
	}
}

// SampleOutput is an interview list.
type SampleOutput struct {
	Body *survey.SampleResult
}

func (h *handlers) drawSample(ctx context.Context, in *SampleInput) (*SampleOutput, error) {
	res, err := survey.New(h.store, h.clock, h.log).Sample(ctx, in.Body.PerTier, in.Body.ExcludeDays, in.Body.Record, h.clock.Now())
	if err != nil {
		return nil, h.toHTTP(err)
	}
	return &SampleOutput{Body: res}, nil
}
