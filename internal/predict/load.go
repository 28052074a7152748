package predict

import (
	"context"
	"sort"
	"time"

	"github.com/rapport-cx/rapport"
	"github.com/rapport-cx/rapport/internal/datasets"
)

// collector is an EventStore that keeps the events an importer hands it.
type collector struct{ events []*rapport.Event }

func (c *collector) Ingest(_ context.Context, es []*rapport.Event) (rapport.IngestResult, error) {
	c.events = append(c.events, es...)
	return rapport.IngestResult{Stored: len(es)}, nil
}

func (c *collector) Timeline(context.Context, rapport.TimelineQuery) ([]rapport.Event, error) {
	return nil, nil
}

// LoadOnlineRetail reads the UCI Online Retail file through the same importer
// as `rapport import` and returns the customers' histories without a store:
// each Order Completed of a known customer is an order, each day with any of
// their events an active day.
func LoadOnlineRetail(ctx context.Context, path string) ([]rapport.CustomerHistory, error) {
	c := &collector{}
	if _, err := datasets.OnlineRetail(ctx, c, path, datasets.Options{}); err != nil {
		return nil, err
	}
	return HistoriesFromEvents(c.events), nil
}

// HistoriesFromEvents groups the events of known customers (by UserID) into
// histories, sorted by customer id.
func HistoriesFromEvents(es []*rapport.Event) []rapport.CustomerHistory {
	by := make(map[string]*rapport.CustomerHistory)
	days := make(map[string]map[time.Time]bool)
	for _, e := range es {
		if e.UserID == "" {
			continue
		}
		h := by[e.UserID]
		if h == nil {
			h = &rapport.CustomerHistory{CustomerID: e.UserID}
			by[e.UserID] = h
			days[e.UserID] = make(map[time.Time]bool)
		}
		days[e.UserID][e.Timestamp.UTC().Truncate(Day)] = true
		if e.Type == rapport.TypeTrack && e.Name == rapport.EventOrderCompleted {
			h.Orders = append(h.Orders, orderOf(e))
		}
	}
	out := make([]rapport.CustomerHistory, 0, len(by))
	for id, h := range by {
		if len(h.Orders) == 0 {
			continue
		}
		sort.SliceStable(h.Orders, func(i, j int) bool { return h.Orders[i].At.Before(h.Orders[j].At) })
		for d := range days[id] {
			h.ActiveDays = append(h.ActiveDays, d)
		}
		sort.Slice(h.ActiveDays, func(i, j int) bool { return h.ActiveDays[i].Before(h.ActiveDays[j]) })
		out = append(out, *h)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].CustomerID < out[j].CustomerID })
	return out
}

func orderOf(e *rapport.Event) rapport.HistoryOrder {
	o := rapport.HistoryOrder{At: e.Timestamp, Channel: e.Channel}
	o.Total, _ = e.Properties["total"].(float64)
	ps, _ := e.Properties["products"].([]any)
	for _, p := range ps {
		if m, ok := p.(map[string]any); ok {
			if c, _ := m["category"].(string); c != "" {
				o.Categories = append(o.Categories, c)
			}
		}
	}
	return o
}
