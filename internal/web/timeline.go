package web

import (
	"net/http"
	"strconv"

	"github.com/rapport-cx/rapport"
)

// timelinePageSize is how many events one "load more" brings.
const timelinePageSize = 50

// timelineView is one page of a customer's timeline.
type timelineView struct {
	CustomerID string
	Events     []eventView
	NextOffset int  // offset of the next page
	More       bool // whether a next page exists
}

// MoreURL is the address of the next page of the timeline.
func (t timelineView) MoreURL() string {
	return customerURL(t.CustomerID) + "/timeline?offset=" + strconv.Itoa(t.NextOffset)
}

// timeline returns the next page of a customer's timeline as list items.
func (c *console) timeline(w http.ResponseWriter, r *http.Request) {
	offset, _ := strconv.Atoi(r.URL.Query().Get("offset"))
	l := userLang(viewerFrom(r.Context()).User.Locale)
	tl, err := c.timelinePage(r, r.PathValue("id"), max(offset, 0), l)
	if err != nil {
		c.fail(w, r, err)
		return
	}
	c.render(w, r, http.StatusOK, timelineItems(l, tl))
}

// timelinePage reads one page of events, asking for one more to learn
// whether another page follows.
func (c *console) timelinePage(r *http.Request, id string, offset int, l lang) (timelineView, error) {
	events, err := c.store.Timeline(r.Context(), rapport.TimelineQuery{
		CustomerID: id, Offset: offset, Limit: timelinePageSize + 1,
	})
	if err != nil {
		return timelineView{}, err
	}
	tl := timelineView{CustomerID: id, More: len(events) > timelinePageSize}
	if tl.More {
		events = events[:timelinePageSize]
	}
	tl.NextOffset = offset + len(events)
	for i := range events {
		tl.Events = append(tl.Events, viewEvent(&events[i], l))
	}
	return tl, nil
}
