package service

import (
	"context"
	"slices"
	"time"

	"github.com/rapport-cx/rapport"
)

// SLARow is one group of the SLA report.
type SLARow struct {
	Key      string  `json:"key"`
	Cases    int     `json:"cases"`
	Met      int     `json:"met"`      // clocks that reached their target in time
	Breached int     `json:"breached"` // clocks that missed it (running ones past due included)
	PctMet   float64 `json:"pct_met"`  // met / (met + breached) × 100; 0 without outcomes
	// Medians in minutes of wall time: opening to first agent reply, and
	// opening to resolution; 0 without any.
	MedianFirstResponse float64 `json:"median_first_response_minutes"`
	MedianResolution    float64 `json:"median_resolution_minutes"`
}

// SLAReport is the SLA report over the cases opened in [From, To).
type SLAReport struct {
	From    time.Time `json:"from"`
	To      time.Time `json:"to"`
	Total   SLARow    `json:"total"`
	ByTeam  []SLARow  `json:"by_team"`
	ByType  []SLARow  `json:"by_type"`
	ByMonth []SLARow  `json:"by_month"` // month of opening, UTC, "2026-11"
}

// acc gathers one group's figures.
type acc struct {
	row         SLARow
	first, full []float64
}

func (a *acc) add(c *rapport.Case) {
	a.row.Cases++
	for _, k := range c.SLA.Clocks {
		switch {
		case k.Outcome == rapport.OutcomeMet:
			a.row.Met++
		case k.Outcome == rapport.OutcomeBreached || k.Breached:
			a.row.Breached++
		}
	}
	if k := firstClock(c); k != nil && !k.Running() {
		a.first = append(a.first, k.StoppedAt.Sub(c.CreatedAt).Minutes())
	}
	if k := c.SLA.Clock(rapport.ClockResolution); k != nil && !k.Running() &&
		(c.Status == rapport.StatusResolved || c.Status == rapport.StatusClosed) {
		a.full = append(a.full, k.StoppedAt.Sub(c.CreatedAt).Minutes())
	}
}

func firstClock(c *rapport.Case) *rapport.SLAClock {
	for i := range c.SLA.Clocks {
		if c.SLA.Clocks[i].Name == rapport.ClockFirstResponse {
			return &c.SLA.Clocks[i]
		}
	}
	return nil
}

func (a *acc) done() SLARow {
	r := a.row
	if n := r.Met + r.Breached; n > 0 {
		r.PctMet = float64(r.Met) / float64(n) * 100
	}
	r.MedianFirstResponse, r.MedianResolution = median(a.first), median(a.full)
	return r
}

// median is the middle value, the mean of the two middle ones for an even count.
func median(v []float64) float64 {
	if len(v) == 0 {
		return 0
	}
	s := slices.Clone(v)
	slices.Sort(s)
	m := len(s) / 2
	if len(s)%2 == 1 {
		return s[m]
	}
	return (s[m-1] + s[m]) / 2
}

// SLAReport computes the report over the cases opened in [from, to).
func (s *Service) SLAReport(ctx context.Context, from, to time.Time) (*SLAReport, error) {
	cases, err := s.store.CasesBetween(ctx, from, to)
	if err != nil {
		return nil, err
	}
	return buildReport(cases, from, to), nil
}

func buildReport(cases []rapport.Case, from, to time.Time) *SLAReport {
	total := &acc{row: SLARow{Key: "all"}}
	groups := [3]map[string]*acc{{}, {}, {}}
	for i := range cases {
		c := &cases[i]
		total.add(c)
		team := c.Team
		if team == "" {
			team = "-"
		}
		for g, key := range []string{team, string(c.Type), c.CreatedAt.UTC().Format("2006-01")} {
			a := groups[g][key]
			if a == nil {
				a = &acc{row: SLARow{Key: key}}
				groups[g][key] = a
			}
			a.add(c)
		}
	}
	rows := func(m map[string]*acc) []SLARow {
		out := []SLARow{}
		for _, a := range m {
			out = append(out, a.done())
		}
		slices.SortFunc(out, func(a, b SLARow) int {
			if a.Key < b.Key {
				return -1
			}
			if a.Key > b.Key {
				return 1
			}
			return 0
		})
		return out
	}
	return &SLAReport{From: from, To: to, Total: total.done(), ByTeam: rows(groups[0]), ByType: rows(groups[1]), ByMonth: rows(groups[2])}
}
