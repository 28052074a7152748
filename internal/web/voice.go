package web

import (
	"net/http"
	"sort"
	"strconv"
	"strings"

	"github.com/rapport-cx/rapport"
	"github.com/rapport-cx/rapport/internal/insight"
)

// quoteRow is one customer sentence on the page.
type quoteRow struct {
	Text       string
	CustomerID string
	Kind       string
	Score      string
	When       string
	Negative   bool
}

// aspectRow is one pain point as the pages show it.
type aspectRow struct {
	Rank     int
	Aspect   string
	Label    string
	P        insight.PainPoint
	Share    string
	Rating   string
	Trend    string
	TrendUp  bool
	Segments string
	Tiers    string // affected customers by RFM tier
	Revenue  string
	Owner    string
	Rule     string
	Quotes   []quoteRow
}

// voiceView is the Voice of customer page.
type voiceView struct {
	Chart    insightChart
	Aspects  []aspectRow
	Words    []wordList
	Quotes   []quoteRow
	TextOnly bool // no text analyzer: sentiment from scores, aspects from tickets and returns
	Empty    bool
	Window   string // says so when the window ends at the latest feedback
}

// wordList is the keywords of one aspect's negative sentences.
type wordList struct {
	Aspect string
	Label  string
	Words  []string
}

// painView is the Pain points page.
type painView struct {
	Rows     []aspectRow
	TextOnly bool
	Frequent string
	Severe   string
	Window   string
}

func (c *console) aspectRows(l lang, points []insight.PainPoint) []aspectRow {
	var out []aspectRow
	for i, p := range points {
		owner, rule, days := insight.Assign(p)
		row := aspectRow{Rank: i + 1, Aspect: p.Aspect, Label: l.T("aspect." + p.Aspect), P: p,
			Share: formatPercent(p.NegativeShare), Revenue: formatMoney(p.Revenue),
			Owner: l.Tf("pain.owner", l.T("owner."+owner), days), Rule: l.T(subKey("pain.rule", rule))}
		if p.AvgRating > 0 {
			row.Rating = formatRating(p.AvgRating)
		}
		d := p.Recent - p.Previous
		row.Trend, row.TrendUp = l.Tf("pain.trend", p.Recent, p.Previous), d > 0
		var segs []string
		for _, st := range sortedByCount(p.Segments) {
			segs = append(segs, l.T("stage."+st)+" "+strconv.Itoa(p.Segments[st]))
		}
		row.Segments = strings.Join(segs, " · ")
		var tiers []string
		for _, tier := range sortedByCount(p.Tiers) {
			tiers = append(tiers, l.T("rfmseg."+tier)+" "+strconv.Itoa(p.Tiers[tier]))
		}
		row.Tiers = strings.Join(tiers, " · ")
		for _, q := range p.Quotes {
			qr := quoteRow{Text: q.Text, CustomerID: q.CustomerID, Kind: l.T("kind." + q.Kind), When: formatDate(q.At), Negative: true}
			if q.Kind != "ticket" && q.Kind != "return" {
				qr.Score = strconv.Itoa(q.Score)
			}
			row.Quotes = append(row.Quotes, qr)
		}
		out = append(out, row)
	}
	return out
}

func sortedByCount(m map[string]int) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		if m[keys[i]] != m[keys[j]] {
			return m[keys[i]] > m[keys[j]]
		}
		return keys[i] < keys[j]
	})
	return keys
}

// voicePage shows sentiment over time, aspect bars, word lists and quotes.
func (c *console) voicePage(w http.ResponseWriter, r *http.Request) {
	s := c.shell(r, "insights", "voice.title")
	f, err := c.facts(r)
	if err != nil {
		c.fail(w, r, err)
		return
	}
	v := voiceView{TextOnly: c.analyzer == nil, Empty: len(f.Feedback) == 0, Window: windowNote(s.Lang, f), Chart: insightChart{Series: map[string][]float64{},
		Labels: map[string]string{insight.Positive: s.Lang.T("sentiment.positive"), insight.Neutral: s.Lang.T("sentiment.neutral"),
			insight.Negative: s.Lang.T("sentiment.negative"), "negative_mentions": s.Lang.T("voice.negative_mentions"),
			"other_mentions": s.Lang.T("voice.other_mentions")}}}
	voice := insight.VoiceOf(f, c.analyzer)
	for _, p := range voice.Sentiment {
		total := float64(p.Positive + p.Neutral + p.Negative)
		v.Chart.Periods = append(v.Chart.Periods, p.Period)
		v.Chart.Series[insight.Positive] = append(v.Chart.Series[insight.Positive], round1(100*float64(p.Positive)/total))
		v.Chart.Series[insight.Neutral] = append(v.Chart.Series[insight.Neutral], round1(100*float64(p.Neutral)/total))
		v.Chart.Series[insight.Negative] = append(v.Chart.Series[insight.Negative], round1(100*float64(p.Negative)/total))
	}
	v.Aspects = c.aspectRows(s.Lang, voice.Aspects)
	for _, a := range v.Aspects {
		v.Chart.Bars = append(v.Chart.Bars, barPoint{Name: a.Label, Negative: a.P.Negative, Other: a.P.Mentions - a.P.Negative})
		words := wordList{Aspect: a.Aspect, Label: a.Label}
		for _, t := range voice.Keywords[a.Aspect] {
			words.Words = append(words.Words, t.Term)
		}
		v.Words = append(v.Words, words)
		if len(a.Quotes) > 0 {
			v.Quotes = append(v.Quotes, a.Quotes[0])
		}
	}
	c.render(w, r, http.StatusOK, voicePageView(s, v))
}

// painPointsPage ranks the pain points and explains the ranking.
func (c *console) painPointsPage(w http.ResponseWriter, r *http.Request) {
	s := c.shell(r, "insights", "pain.title")
	f, err := c.facts(r)
	if err != nil {
		c.fail(w, r, err)
		return
	}
	v := painView{Rows: c.aspectRows(s.Lang, insight.PainPoints(f, c.analyzer)), TextOnly: c.analyzer == nil, Window: windowNote(s.Lang, f),
		Frequent: formatPercent(insight.FrequentShare), Severe: strconv.FormatFloat(insight.SevereLevel, 'f', 1, 64)}
	c.render(w, r, http.StatusOK, painPageView(s, v))
}

// createAction turns a pain point into an action item by S1's rule.
func (c *console) createAction(w http.ResponseWriter, r *http.Request) {
	f, err := c.facts(r)
	if err != nil {
		c.fail(w, r, err)
		return
	}
	aspect := r.PostFormValue("aspect")
	for _, p := range insight.PainPoints(f, c.analyzer) {
		if p.Aspect != aspect {
			continue
		}
		a, err := insight.NewActionItem(p, r.PostFormValue("title"), r.PostFormValue("metric"), c.clock.Now())
		if err == nil {
			err = c.store.CreateActionItem(r.Context(), a)
		}
		if err != nil {
			c.fail(w, r, err)
			return
		}
		http.Redirect(w, r, "/actions/"+strconv.FormatInt(a.ID, 10), http.StatusSeeOther)
		return
	}
	c.fail(w, r, rapport.Errorf(rapport.ENOTFOUND, "no pain point %q", aspect))
}
