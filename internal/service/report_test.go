package service

import (
	"testing"
	"time"

	"github.com/rapport-cx/rapport"
)

// reportCase is a resolved case with a first reply after fr and a
// resolution after res, each met or not.
func reportCase(team string, typ rapport.CaseType, at time.Time, fr, res time.Duration, frMet, resMet bool) rapport.Case {
	outcome := func(met bool) string {
		if met {
			return rapport.OutcomeMet
		}
		return rapport.OutcomeBreached
	}
	return rapport.Case{Team: team, Type: typ, Status: rapport.StatusResolved, CreatedAt: at, SLA: rapport.CaseSLA{Clocks: []rapport.SLAClock{
		{Name: rapport.ClockFirstResponse, StartedAt: at, StoppedAt: at.Add(fr), Outcome: outcome(frMet)},
		{Name: rapport.ClockResolution, StartedAt: at, StoppedAt: at.Add(res), Outcome: outcome(resMet)},
	}}}
}

func TestReportAllMetIs100(t *testing.T) {
	var cases []rapport.Case
	for i := range 7 {
		cases = append(cases, reportCase("a", rapport.CaseComplaint, sh(1, 9, 0), time.Duration(i+1)*time.Minute, time.Hour, true, true))
	}
	if r := buildReport(cases, sh(1, 0, 0), sh(30, 0, 0)); r.Total.PctMet != 100 || r.Total.Met != 14 {
		t.Fatalf("all met: %+v", r.Total)
	}
}

func TestReportGroupsAndMedians(t *testing.T) {
	oct := time.Date(2026, 10, 5, 9, 0, 0, 0, time.UTC)
	nov := time.Date(2026, 11, 5, 9, 0, 0, 0, time.UTC)
	cases := []rapport.Case{
		reportCase("returns", rapport.CaseReturn, oct, 10*time.Minute, 2*time.Hour, true, true),
		reportCase("returns", rapport.CaseReturn, nov, 30*time.Minute, 6*time.Hour, true, false),
		reportCase("support", rapport.CaseComplaint, nov, 50*time.Minute, 4*time.Hour, false, false),
		{Team: "support", Type: rapport.CaseComplaint, Status: rapport.StatusOpen, CreatedAt: nov, SLA: rapport.CaseSLA{Clocks: []rapport.SLAClock{
			{Name: rapport.ClockFirstResponse, StartedAt: nov, Breached: true}, // running, past due
		}}},
	}
	r := buildReport(cases, oct, nov.AddDate(0, 1, 0))
	// Outcomes: met 3 (10m, 30m, 2h), breached 4 (6h, 50m, 4h, the running one).
	if r.Total.Cases != 4 || r.Total.Met != 3 || r.Total.Breached != 4 {
		t.Fatalf("total %+v", r.Total)
	}
	if got, want := r.Total.PctMet, 3.0/7*100; got != want {
		t.Fatalf("%% met %v, want %v", got, want)
	}
	// First replies 10, 30, 50 min → 30; resolutions 120, 360, 240 → 240.
	if r.Total.MedianFirstResponse != 30 || r.Total.MedianResolution != 240 {
		t.Fatalf("medians %+v", r.Total)
	}
	if len(r.ByTeam) != 2 || r.ByTeam[0].Key != "returns" || r.ByTeam[0].MedianFirstResponse != 20 || r.ByTeam[0].PctMet != 75 {
		t.Fatalf("by team %+v", r.ByTeam)
	}
	if len(r.ByMonth) != 2 || r.ByMonth[0].Key != "2026-10" || r.ByMonth[0].Cases != 1 || r.ByMonth[1].Cases != 3 {
		t.Fatalf("by month %+v", r.ByMonth)
	}
	if len(r.ByType) != 2 || r.ByType[0].Key != "complaint" || r.ByType[0].PctMet != 0 {
		t.Fatalf("by type %+v", r.ByType)
	}
}
