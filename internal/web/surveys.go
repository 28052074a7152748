package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/rapport-cx/rapport"
	"github.com/rapport-cx/rapport/internal/satisfaction"
	"github.com/rapport-cx/rapport/internal/survey"
)

// scoreCard is one satisfaction score as the console shows it.
type scoreCard struct {
	Key       string // csat, nps, ces or a breakdown key
	Label     string
	Display   string
	Raw       string
	Interval  string
	Meta      string
	Small     bool
	SmallNote string
}

func newScoreCard(l lang, key, label string, s satisfaction.Score) scoreCard {
	card := scoreCard{Key: key, Label: label, Raw: rawFloat(s.Value), Small: s.Small,
		SmallNote: l.Tf("score.small", satisfaction.MinAnswers)}
	switch {
	case s.Count == 0:
		card.Display, card.Interval = "–", l.T("score.no_answers")
	case s.Kind == satisfaction.CES:
		card.Display = strconv.FormatFloat(s.Value, 'f', 2, 64)
		card.Interval = l.Tf("score.ci", strconv.FormatFloat(s.Low, 'f', 2, 64), strconv.FormatFloat(s.High, 'f', 2, 64))
	case s.Kind == satisfaction.NPS:
		card.Display = strconv.FormatFloat(s.Value, 'f', 1, 64)
		card.Interval = l.Tf("score.ci", strconv.FormatFloat(s.Low, 'f', 1, 64), strconv.FormatFloat(s.High, 'f', 1, 64))
	default:
		card.Display = strconv.FormatFloat(s.Value, 'f', 1, 64) + "%"
		card.Interval = l.Tf("score.ci", strconv.FormatFloat(s.Low, 'f', 1, 64)+"%", strconv.FormatFloat(s.High, 'f', 1, 64)+"%")
	}
	card.Meta = l.Tf("score.count", formatInt(s.Count))
	if s.Invited > 0 {
		card.Meta += " · " + l.Tf("score.rate", formatPercent(s.ResponseRate))
	}
	return card
}

// surveyRow is one survey of the list.
type surveyRow struct {
	Survey  rapport.Survey
	Score   scoreCard
	Counts  map[string]int
	Trigger string
}

// surveysView is the Surveys page.
type surveysView struct {
	Rows       []surveyRow
	Error      string
	Kinds      []string
	Triggers   []string
	Segments   []segmentOption
	Touchpoint []string
	Sample     *survey.SampleResult
}

// segmentOption is a segment a survey can target.
type segmentOption struct {
	ID, Name string
}

// segmentOptions lists every segment, lifecycle ones first, by name in the page's language.
func (c *console) segmentOptions(r *http.Request, l lang) ([]segmentOption, error) {
	list, err := c.store.Segments(r.Context())
	if err != nil {
		return nil, err
	}
	out := make([]segmentOption, len(list))
	for i, sg := range list {
		out[i] = segmentOption{ID: sg.ID, Name: segmentName(l, sg.ID, sg.Name)}
	}
	return out, nil
}

// surveysPage lists the surveys with their scores, the builder and the interview sample.
func (c *console) surveysPage(w http.ResponseWriter, r *http.Request) {
	c.renderSurveys(w, r, http.StatusOK, "", nil)
}

func (c *console) renderSurveys(w http.ResponseWriter, r *http.Request, status int, problem string, sample *survey.SampleResult) {
	s := c.shell(r, "surveys", "nav.surveys")
	list, err := c.store.Surveys(r.Context())
	if err != nil {
		c.fail(w, r, err)
		return
	}
	segments, err := c.segmentOptions(r, s.Lang)
	if err != nil {
		c.fail(w, r, err)
		return
	}
	v := surveysView{Error: problem, Kinds: []string{"csat", "nps", "ces"}, Segments: segments, Touchpoint: survey.Touchpoints,
		Triggers: []string{rapport.EventTicketResolved, rapport.EventOrderDelivered, rapport.EventReturnRequested, rapport.EventOrderCompleted},
		Sample:   sample}
	for _, sv := range list {
		row, err := c.surveyRow(r, s.Lang, sv)
		if err != nil {
			c.fail(w, r, err)
			return
		}
		v.Rows = append(v.Rows, row)
	}
	c.render(w, r, status, surveysPageView(s, v))
}

func (c *console) surveyRow(r *http.Request, l lang, sv rapport.Survey) (surveyRow, error) {
	counts, err := c.store.InvitationCounts(r.Context(), sv.ID)
	if err != nil {
		return surveyRow{}, err
	}
	answers, err := c.store.SurveyResponses(r.Context(), sv.ID, 100000)
	if err != nil {
		return surveyRow{}, err
	}
	scores := make([]int, len(answers))
	for i, a := range answers {
		scores[i] = a.Score
	}
	invited := counts[rapport.InviteSent] + counts[rapport.InviteAnswered]
	score := satisfaction.Compute(survey.ScoreKind(sv.Kind), scores, invited)
	trigger := sv.TriggerEvent
	if sv.Schedule != "" {
		trigger = l.Tf("surveys.scheduled", l.T(subKey("surveys.schedule", sv.Schedule)), sv.Sample)
	}
	return surveyRow{Survey: sv, Counts: counts, Trigger: trigger,
		Score: newScoreCard(l, strconv.FormatInt(sv.ID, 10), strings.ToUpper(string(sv.Kind)), score)}, nil
}

// createSurvey stores the builder's survey.
func (c *console) createSurvey(w http.ResponseWriter, r *http.Request) {
	sv := &rapport.Survey{
		Name: r.PostFormValue("name"), Kind: rapport.SurveyKind(r.PostFormValue("kind")),
		QuestionEN: r.PostFormValue("question_en"), QuestionZH: r.PostFormValue("question_zh"),
		ReasonEN: r.PostFormValue("reason_en"), ReasonZH: r.PostFormValue("reason_zh"),
		Touchpoint: r.PostFormValue("touchpoint"), TriggerEvent: r.PostFormValue("trigger_event"),
		Schedule: r.PostFormValue("schedule"), Segments: r.PostForm["segments"], Active: true,
	}
	sv.DelayMinutes, _ = strconv.Atoi(r.PostFormValue("delay_minutes"))
	sv.Sample, _ = strconv.Atoi(r.PostFormValue("sample"))
	sv.LinkDays, _ = strconv.Atoi(r.PostFormValue("link_days"))
	if sv.Schedule != "" {
		sv.TriggerEvent = ""
	}
	if err := c.surveys.Create(r.Context(), sv); err != nil {
		if rapport.ErrorCode(err) == rapport.EINVALID || rapport.ErrorCode(err) == rapport.ECONFLICT {
			c.renderSurveys(w, r, http.StatusUnprocessableEntity, rapport.ErrorMessage(err), nil)
			return
		}
		c.fail(w, r, err)
		return
	}
	http.Redirect(w, r, "/surveys/"+strconv.FormatInt(sv.ID, 10), http.StatusSeeOther)
}

// drawSample shows this month's interview list.
func (c *console) drawSample(w http.ResponseWriter, r *http.Request) {
	per, err := strconv.Atoi(r.PostFormValue("per_tier"))
	if err != nil {
		per = 4
	}
	res, err := c.surveys.Sample(r.Context(), per, 90, r.PostFormValue("record") == "1", c.clock.Now())
	if err != nil {
		if rapport.ErrorCode(err) == rapport.EINVALID {
			c.renderSurveys(w, r, http.StatusUnprocessableEntity, rapport.ErrorMessage(err), nil)
			return
		}
		c.fail(w, r, err)
		return
	}
	c.renderSurveys(w, r, http.StatusOK, "", res)
}

// surveyDetailView is one survey's results and preview.
type surveyDetailView struct {
	Row       surveyRow
	Responses []rapport.SurveyResponse
	PreviewEN answerView
	PreviewZH answerView
	Statuses  []string
	Target    []string // names of the targeted segments; empty: everyone
}

// surveyDetail shows one survey's results and a preview in both languages.
func (c *console) surveyDetail(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		c.notFound(w, r)
		return
	}
	sv, err := c.store.Survey(r.Context(), id)
	if err != nil {
		c.fail(w, r, err)
		return
	}
	s := c.shell(r, "surveys", "nav.surveys")
	s.Title = sv.Name
	row, err := c.surveyRow(r, s.Lang, *sv)
	if err != nil {
		c.fail(w, r, err)
		return
	}
	responses, err := c.store.SurveyResponses(r.Context(), sv.ID, 50)
	if err != nil {
		c.fail(w, r, err)
		return
	}
	v := surveyDetailView{Row: row, Responses: responses, PreviewEN: newAnswerView(langEN, sv), PreviewZH: newAnswerView(langZH, sv),
		Statuses: []string{rapport.InvitePending, rapport.InviteSent, rapport.InviteAnswered, rapport.InviteCapped, rapport.InviteSkipped}}
	for _, id := range sv.Segments {
		name := id
		if sg, err := c.store.Segment(r.Context(), id); err == nil {
			name = segmentName(s.Lang, id, sg.Name)
		}
		v.Target = append(v.Target, name)
	}
	c.render(w, r, http.StatusOK, surveyDetailPage(s, v))
}
