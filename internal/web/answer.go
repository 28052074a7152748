package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/rapport-cx/rapport"
	"github.com/rapport-cx/rapport/internal/satisfaction"
	"github.com/rapport-cx/rapport/internal/survey"
)

// answerView is the hosted answer page of one invitation.
type answerView struct {
	Lang     lang
	Action   string // where the form posts; "" in a preview
	Question string
	Reason   string
	Scale    []int
	Low      string // label of the scale's low end
	High     string
	Kind     string
	Problem  string // message key when the link cannot be answered
	Invalid  string // message of a refused answer
	Done     bool
}

// answerLang is the language of the hosted page: ?lang= or the browser's.
func answerLang(r *http.Request) lang {
	if l, ok := parseLang(r.URL.Query().Get("lang")); ok {
		return l
	}
	return negotiate(r.Header.Get("Accept-Language"))
}

func newAnswerView(l lang, sv *rapport.Survey) answerView {
	v := answerView{Lang: l, Kind: string(sv.Kind), Question: sv.QuestionEN, Reason: sv.ReasonEN}
	if l == langZH {
		v.Question, v.Reason = sv.QuestionZH, sv.ReasonZH
	}
	lo, hi := satisfaction.Range(survey.ScoreKind(sv.Kind))
	for i := lo; i <= hi; i++ {
		v.Scale = append(v.Scale, i)
	}
	v.Low, v.High = l.T(subKey("answer.low", string(sv.Kind))), l.T(subKey("answer.high", string(sv.Kind)))
	return v
}

// answerPage shows the question of a signed link; no login is needed.
func (c *console) answerPage(w http.ResponseWriter, r *http.Request) {
	l := answerLang(r)
	sv, _, err := c.surveys.Open(r.Context(), r.PathValue("token"))
	if err != nil {
		c.answerProblem(w, r, l, err)
		return
	}
	v := newAnswerView(l, sv)
	v.Action = "/s/" + r.PathValue("token") + "?lang=" + string(l)
	c.render(w, r, http.StatusOK, answerDoc(v))
}

// answer records the answer posted from the hosted page.
func (c *console) answer(w http.ResponseWriter, r *http.Request) {
	l := answerLang(r)
	r.Body = http.MaxBytesReader(w, r.Body, maxFormBytes)
	token := r.PathValue("token")
	score, convErr := strconv.Atoi(strings.TrimSpace(r.PostFormValue("score")))
	if convErr != nil {
		score = -1
	}
	_, err := c.surveys.AnswerLink(r.Context(), token, score, r.PostFormValue("reason"))
	if rapport.ErrorCode(err) == rapport.EINVALID {
		sv, _, openErr := c.surveys.Open(r.Context(), token)
		if openErr != nil {
			c.answerProblem(w, r, l, openErr)
			return
		}
		v := newAnswerView(l, sv)
		v.Action, v.Invalid = "/s/"+token+"?lang="+string(l), l.T("answer.pick")
		c.render(w, r, http.StatusUnprocessableEntity, answerDoc(v))
		return
	}
	if err != nil {
		c.answerProblem(w, r, l, err)
		return
	}
	c.render(w, r, http.StatusOK, answerDoc(answerView{Lang: l, Done: true}))
}

// answerProblem explains why a link cannot be answered.
func (c *console) answerProblem(w http.ResponseWriter, r *http.Request, l lang, err error) {
	status, key := http.StatusInternalServerError, "answer.error"
	switch err {
	case survey.ErrForged:
		status, key = http.StatusForbidden, "answer.forged"
	case survey.ErrExpired:
		status, key = http.StatusGone, "answer.expired"
	case survey.ErrAnswered:
		status, key = http.StatusConflict, "answer.answered"
	default:
		c.log.Error("web: survey answer", "err", err)
	}
	c.render(w, r, status, answerDoc(answerView{Lang: l, Problem: key}))
}

// subKey names one entry of a family of catalogue keys: prefix.name.
func subKey(prefix, name string) string { return prefix + "." + name }
