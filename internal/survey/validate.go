package survey

import (
	"slices"
	"strings"
	"time"

	"github.com/rapport-cx/rapport"
	"github.com/rapport-cx/rapport/internal/satisfaction"
)

// Touchpoints a survey or a review can be about.
var Touchpoints = []string{"pre_sale", "ordering", "delivery", "after_sale", "product"}

// Schedules of relationship surveys.
var Schedules = []string{"monthly", "quarterly"}

// Validate checks a definition and fills defaults: default questions of its
// kind, a 7-day link and a key from the name. It returns an EINVALID error
// naming the first bad field.
func Validate(s *rapport.Survey) error {
	s.Name = strings.TrimSpace(s.Name)
	switch {
	case s.Name == "" || len(s.Name) > 200:
		return rapport.FieldErrorf("name", "the name must be 1 to 200 characters")
	case s.Kind != rapport.SurveyCSAT && s.Kind != rapport.SurveyNPS && s.Kind != rapport.SurveyCES:
		return rapport.FieldErrorf("kind", "the kind must be csat, nps or ces, not %q", s.Kind)
	case s.Touchpoint != "" && !slices.Contains(Touchpoints, s.Touchpoint):
		return rapport.FieldErrorf("touchpoint", "the touchpoint must be one of %s", strings.Join(Touchpoints, ", "))
	case s.TriggerEvent == "" && s.Schedule == "":
		return rapport.FieldErrorf("trigger_event", "a survey needs a trigger event or a schedule")
	case s.TriggerEvent != "" && s.Schedule != "":
		return rapport.FieldErrorf("schedule", "a survey has a trigger event or a schedule, not both")
	case s.Schedule != "" && !slices.Contains(Schedules, s.Schedule):
		return rapport.FieldErrorf("schedule", "the schedule must be monthly or quarterly, not %q", s.Schedule)
	case s.Schedule != "" && (s.Sample < 1 || s.Sample > 100000):
		return rapport.FieldErrorf("sample", "a scheduled survey needs a sample of 1 to 100000 customers")
	case s.DelayMinutes < 0 || s.DelayMinutes > 60*24*90:
		return rapport.FieldErrorf("delay_minutes", "the delay must be 0 to 129600 minutes (90 days)")
	case s.LinkDays < 0 || s.LinkDays > 90:
		return rapport.FieldErrorf("link_days", "links can last 1 to 90 days")
	}
	for _, id := range s.Segments {
		if strings.TrimSpace(id) == "" {
			return rapport.FieldErrorf("segments", "a segment id must not be empty")
		}
	}
	slices.Sort(s.Segments)
	s.Segments = slices.Compact(s.Segments)
	if s.LinkDays == 0 {
		s.LinkDays = 7
	}
	if s.Key == "" {
		s.Key = keyOf(s.Name, s.CreatedAt)
	}
	q := defaultQuestions[s.Kind]
	for _, f := range []struct {
		dst *string
		def string
	}{
		{&s.QuestionEN, q[0]}, {&s.QuestionZH, q[1]}, {&s.ReasonEN, q[2]}, {&s.ReasonZH, q[3]},
	} {
		if strings.TrimSpace(*f.dst) == "" {
			*f.dst = f.def
		}
	}
	return nil
}

// defaultQuestions are the standard wording of each kind: question in
// English and Chinese, then the reason question in both.
var defaultQuestions = map[rapport.SurveyKind][4]string{
	rapport.SurveyCSAT: {"How satisfied are you with your experience?", "您对本次体验的满意度如何？",
		"What could we do better?", "我们有哪些可以做得更好？"},
	rapport.SurveyNPS: {"How likely are you to recommend us to a friend or colleague?", "您有多大可能向朋友或同事推荐我们？",
		"What is the main reason for your score?", "您给出这个分数的主要原因是什么？"},
	rapport.SurveyCES: {"How easy was it to get what you needed?", "办理这件事对您来说有多容易？",
		"What made it easy or hard?", "哪些地方让您觉得容易或困难？"},
}

// ScoreKind maps a survey kind to its satisfaction score.
func ScoreKind(k rapport.SurveyKind) satisfaction.Kind { return satisfaction.Kind(k) }

func keyOf(name string, created time.Time) string {
	var b strings.Builder
	for _, r := range strings.ToLower(name) {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			b.WriteRune(r)
		case b.Len() > 0 && !strings.HasSuffix(b.String(), "-"):
			b.WriteByte('-')
		}
	}
	key := strings.Trim(b.String(), "-")
	if key == "" {
		key = "survey"
	}
	return key + "-" + created.UTC().Format("20060102150405")
}

// NextPeriod is the start of the month or quarter after t (UTC).
func NextPeriod(schedule string, t time.Time) time.Time {
	t = t.UTC()
	months := 1
	if schedule == "quarterly" {
		months = 3 - (int(t.Month())-1)%3
	}
	return time.Date(t.Year(), t.Month()+time.Month(months), 1, 0, 0, 0, 0, time.UTC)
}
