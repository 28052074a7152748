package web

import (
	"fmt"
	"net/http"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/rapport-cx/rapport"
	"github.com/rapport-cx/rapport/internal/predict"
	"github.com/rapport-cx/rapport/internal/segment"
)

// segmentListRow is one line of the Segments list.
type segmentListRow struct {
	ID, Name, Words string
	Builtin         bool
	Size            int
	Spark           string // SVG polyline points of the last 30 daily sizes
}

// segmentName is a segment's name in the page's language: lifecycle
// segments have translated names, custom ones keep theirs.
func segmentName(l lang, id, name string) string {
	if segment.IsLifecycle(id) {
		return l.T(lifecycleKey(id))
	}
	return name
}

func (c *console) segmentEngine() *segment.Engine {
	return segment.NewEngine(segment.Config{Store: c.store, Clock: c.clock, Logger: c.log,
		Tags: predict.NewTagSource(c.store)})
}

// segmentsList shows every segment with its size, trend and rule in words.
func (c *console) segmentsList(w http.ResponseWriter, r *http.Request) {
	s := c.shell(r, "segments", "nav.segments")
	ctx := r.Context()
	list, err := c.store.Segments(ctx)
	if err != nil {
		c.fail(w, r, err)
		return
	}
	sizes, err := c.store.SegmentSizes(ctx)
	if err != nil {
		c.fail(w, r, err)
		return
	}
	from := c.clock.Now().UTC().AddDate(0, 0, -30).Format(time.DateOnly)
	rows := make([]segmentListRow, 0, len(list))
	for _, sg := range list {
		hist, err := c.store.SegmentSizeHistory(ctx, sg.ID, from)
		if err != nil {
			c.fail(w, r, err)
			return
		}
		rows = append(rows, segmentListRow{ID: sg.ID, Name: segmentName(s.Lang, sg.ID, sg.Name), Builtin: sg.Builtin,
			Words: segment.DescribeJSON(sg.Rule, string(s.Lang)), Size: sizes[sg.ID], Spark: sparkPoints(hist)})
	}
	sort.SliceStable(rows, func(i, j int) bool { return lifecycleRank(rows[i].ID) < lifecycleRank(rows[j].ID) })
	c.render(w, r, http.StatusOK, segmentsPage(s, rows))
}

// lifecycleRank orders lifecycle segments by precedence, custom ones after.
func lifecycleRank(id string) int {
	if i := slices.Index(segment.Precedence, id); i >= 0 {
		return i
	}
	return len(segment.Precedence)
}

// sparkPoints draws daily sizes in a 100×24 box.
func sparkPoints(hist []rapport.SegmentSize) string {
	if len(hist) == 0 {
		return ""
	}
	if len(hist) == 1 { // one day: a flat line at its level
		hist = append(hist, hist[0])
	}
	top := 1
	for _, h := range hist {
		top = max(top, h.Size)
	}
	var b strings.Builder
	for i, h := range hist {
		x := 100.0
		if len(hist) > 1 {
			x = float64(i) * 100 / float64(len(hist)-1)
		}
		y := 22 - float64(h.Size)*20/float64(top)
		fmt.Fprintf(&b, "%.1f,%.1f ", x, y)
	}
	return strings.TrimSpace(b.String())
}

// segmentView is the segment detail page's content.
type segmentView struct {
	Segment rapport.Segment
	Name    string
	Words   string
	Size    int
	Members []rapport.SegmentMember
	Page    int
	Pages   int
	Chart   sizeChart
	Tags    []tagDistribution
	Sampled int // members the distributions are computed over
}

// sizeChart feeds the size-over-time chart in app.js.
type sizeChart struct {
	Days   []string          `json:"days"`
	Sizes  []int             `json:"sizes"`
	Labels map[string]string `json:"labels"`
}

// tagDistribution is how a segment's members spread over one tag.
type tagDistribution struct {
	Key    string
	Title  string
	Values []counted
	Total  int
}

const membersPerPage = 50

// segmentDetail shows a segment: definition, size over time, key tag
// distributions and a page of members.
func (c *console) segmentDetail(w http.ResponseWriter, r *http.Request) {
	s := c.shell(r, "segments", "nav.segments")
	ctx := r.Context()
	sg, err := c.store.Segment(ctx, r.PathValue("id"))
	if err != nil {
		c.fail(w, r, err)
		return
	}
	page, _ := strconv.Atoi(r.URL.Query().Get("page"))
	page = max(page, 1)
	members, total, err := c.store.SegmentMembers(ctx, sg.ID, (page-1)*membersPerPage, membersPerPage)
	if err != nil {
		c.fail(w, r, err)
		return
	}
	hist, err := c.store.SegmentSizeHistory(ctx, sg.ID, c.clock.Now().UTC().AddDate(0, 0, -90).Format(time.DateOnly))
	if err != nil {
		c.fail(w, r, err)
		return
	}
	v := segmentView{Segment: *sg, Name: segmentName(s.Lang, sg.ID, sg.Name), Words: segment.DescribeJSON(sg.Rule, string(s.Lang)),
		Size: total, Members: members, Page: page, Pages: (total + membersPerPage - 1) / membersPerPage,
		Chart: sizeChart{Days: []string{}, Sizes: []int{}, Labels: map[string]string{"size": s.Lang.T("segments.col.size")}}}
	for _, h := range hist {
		v.Chart.Days, v.Chart.Sizes = append(v.Chart.Days, h.Day), append(v.Chart.Sizes, h.Size)
	}
	if v.Tags, v.Sampled, err = c.tagDistributions(r, sg.ID, s.Lang); err != nil {
		c.fail(w, r, err)
		return
	}
	c.render(w, r, http.StatusOK, segmentPage(s, v))
}

// distributionSample bounds the members whose profiles the detail page reads.
const distributionSample = 2000

// tagDistributions counts the members' gender, age band, region,
// registration channel and primary lifecycle stage.
func (c *console) tagDistributions(r *http.Request, id string, l lang) ([]tagDistribution, int, error) {
	ctx := r.Context()
	members, _, err := c.store.SegmentMembers(ctx, id, 0, distributionSample)
	if err != nil || len(members) == 0 {
		return nil, 0, err
	}
	ids := make([]string, len(members))
	for i, m := range members {
		ids[i] = m.ID
	}
	inputs, err := c.store.SegmentInputs(ctx, ids, rapport.EventWindow{})
	if err != nil {
		return nil, 0, err
	}
	in, err := c.store.Memberships(ctx, ids)
	if err != nil {
		return nil, 0, err
	}
	unknown := l.T("segments.unknown")
	tags := []struct {
		key string
		of  func(c *rapport.Customer) string
	}{
		{"stage", func(c *rapport.Customer) string {
			if p := segment.Primary(in[c.ID]); p != "" {
				return l.T(lifecycleKey(p))
			}
			return l.T("segments.no_stage")
		}},
		{"gender", func(c *rapport.Customer) string { return c.Basic.Gender }},
		{"age_band", func(c *rapport.Customer) string { return c.Basic.AgeBand }},
		{"region", func(c *rapport.Customer) string { return c.Basic.Region }},
		{"channel", func(c *rapport.Customer) string { return string(c.Basic.Channel) }},
	}
	out := make([]tagDistribution, 0, len(tags))
	for _, tg := range tags {
		counts := map[string]int{}
		for _, input := range inputs {
			v := tg.of(input.Customer)
			if v == "" {
				v = unknown
			}
			counts[v]++
		}
		values := byCount(counts)
		if len(values) > 8 {
			values = values[:8]
		}
		out = append(out, tagDistribution{Key: tg.key, Title: l.T(tagKey(tg.key)), Values: values, Total: len(inputs)})
	}
	return out, len(inputs), nil
}

// share is a count's width in a distribution bar, in percent.
func share(n, total int) string {
	if total == 0 {
		return "0%"
	}
	return strconv.FormatFloat(float64(n)*100/float64(total), 'f', 1, 64) + "%"
}

// segmentCSV downloads every member of a segment.
func (c *console) segmentCSV(w http.ResponseWriter, r *http.Request) {
	sg, err := c.store.Segment(r.Context(), r.PathValue("id"))
	if err != nil {
		c.fail(w, r, err)
		return
	}
	data, err := segment.MembersCSV(r.Context(), c.store, sg.ID)
	if err != nil {
		c.fail(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="segment-%s.csv"`, sg.ID))
	_, _ = w.Write(data)
}

// customerSegmentsView is the Customer 360's segments card.
type customerSegmentsView struct {
	Primary  string
	Segments []segmentChip
	History  []historyRow
}

type segmentChip struct {
	ID, Name string
	Since    string
}

type historyRow struct {
	Name, At string
	Entered  bool
}

// customerSegments is the fragment the Customer 360 loads: the customer's
// segments, primary lifecycle stage and recent entries and exits.
func (c *console) customerSegments(w http.ResponseWriter, r *http.Request) {
	s := c.shell(r, "customers", "nav.customers")
	ctx := r.Context()
	cust, err := c.store.Customer(ctx, r.PathValue("id"))
	if err != nil {
		c.fail(w, r, err)
		return
	}
	list, err := c.store.CustomerSegments(ctx, cust.ID)
	if err != nil {
		c.fail(w, r, err)
		return
	}
	hist, err := c.store.SegmentHistory(ctx, cust.ID, 10)
	if err != nil {
		c.fail(w, r, err)
		return
	}
	all, err := c.store.Segments(ctx)
	if err != nil {
		c.fail(w, r, err)
		return
	}
	names := map[string]string{}
	for _, sg := range all {
		names[sg.ID] = segmentName(s.Lang, sg.ID, sg.Name)
	}
	v := customerSegmentsView{}
	ids := make([]string, len(list))
	for i, m := range list {
		ids[i] = m.SegmentID
		v.Segments = append(v.Segments, segmentChip{ID: m.SegmentID, Name: names[m.SegmentID], Since: formatDate(m.EnteredAt)})
	}
	sort.SliceStable(v.Segments, func(i, j int) bool { return lifecycleRank(v.Segments[i].ID) < lifecycleRank(v.Segments[j].ID) })
	if p := segment.Primary(ids); p != "" {
		v.Primary = names[p]
	}
	for _, h := range hist {
		v.History = append(v.History, historyRow{Name: orDash(names[h.SegmentID]), At: formatTime(h.At), Entered: h.Entered})
	}
	c.render(w, r, http.StatusOK, customerSegmentsCard(s.Lang, v))
}

// fieldLabel names a rule field in the page's language, with its key.
func fieldLabel(l lang, name string) string {
	if _, label, ok := segment.FieldKind(name, string(l)); ok && label != "" {
		return label + " (" + name + ")"
	}
	return name
}

// eventNames are the events the builder suggests.
var eventNames = []string{rapport.EventProductViewed, rapport.EventProductAdded, rapport.EventOrderCompleted,
	rapport.EventProductsSearched, rapport.EventProductReviewed, rapport.EventTicketCreated,
	rapport.EventSurveyResponded, rapport.EventReturnRequested, rapport.EventReferralDone}

// lifecycleKey is the catalogue key of a lifecycle segment's name.
func lifecycleKey(id string) string { return "segment.name." + id }

// tagKey is the catalogue key of a distribution's title.
func tagKey(key string) string { return "segments.tag." + key }
