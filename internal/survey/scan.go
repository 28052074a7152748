package survey

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"time"

	"github.com/rapport-cx/rapport"
)

// scanBatch is how many due invitations one scan issues at most.
const scanBatch = 500

// Scan moves surveys forward to now: each scheduled survey whose run is due
// invites its sample, then every due invitation is issued, capped or
// skipped. Conditional updates make each step happen once, also when scans
// overlap or repeat after a restart.
func (s *Service) Scan(ctx context.Context, now time.Time) error {
	surveys, err := s.store.Surveys(ctx)
	if err != nil {
		return err
	}
	byID := map[int64]*rapport.Survey{}
	for i := range surveys {
		sv := &surveys[i]
		byID[sv.ID] = sv
		if sv.Active && sv.Schedule != "" && !sv.NextRunAt.IsZero() && !now.Before(sv.NextRunAt) {
			if err := s.runSchedule(ctx, sv, now); err != nil {
				return err
			}
		}
	}
	set, err := s.Settings(ctx)
	if err != nil {
		return err
	}
	due, err := s.store.DueInvitations(ctx, now, scanBatch)
	if err != nil {
		return err
	}
	for _, inv := range due {
		if err := s.issue(ctx, byID[inv.SurveyID], &inv, set.CapDays, now); err != nil {
			return err
		}
	}
	return nil
}

func (s *Service) issue(ctx context.Context, sv *rapport.Survey, inv *rapport.Invitation, capDays int, now time.Time) error {
	ok := sv != nil && sv.Active
	if ok {
		_, err := s.store.Customer(ctx, inv.CustomerID)
		switch {
		case rapport.ErrorCode(err) == rapport.ENOTFOUND:
			ok = false
		case err != nil:
			return err
		default:
			if ok, err = s.targeted(ctx, sv, inv.CustomerID); err != nil {
				return err
			}
		}
	}
	if !ok {
		if err := s.store.SkipInvitation(ctx, inv.ID); err != nil && rapport.ErrorCode(err) != rapport.ENOTFOUND {
			return err
		}
		return nil
	}
	status, err := s.store.IssueInvitation(ctx, inv.ID, now, capDays, now.Add(sv.LinkTTL()))
	if err == nil && status != "" {
		s.log.Info("survey invitation", "survey", sv.Key, "customer", inv.CustomerID, "status", status)
	}
	return err
}

// runSchedule claims a scheduled survey's due run and invites a random
// sample of the targeted customers.
func (s *Service) runSchedule(ctx context.Context, sv *rapport.Survey, now time.Time) error {
	run := sv.NextRunAt
	claimed, err := s.store.ClaimSurveyRun(ctx, sv.ID, run, NextPeriod(sv.Schedule, now))
	if err != nil || !claimed {
		return err
	}
	ids, err := s.audience(ctx, sv)
	if err != nil {
		return err
	}
	r := rand.New(rand.NewPCG(uint64(sv.ID), uint64(run.Unix())))
	r.Shuffle(len(ids), func(i, j int) { ids[i], ids[j] = ids[j], ids[i] })
	ref := "run-" + run.Format("2006-01-02")
	picks := ids[:min(sv.Sample, len(ids))]
	for _, id := range picks {
		if _, err := s.store.ScheduleInvitation(ctx, &rapport.Invitation{SurveyID: sv.ID, CustomerID: id, TriggerRef: ref, DueAt: now}); err != nil {
			return fmt.Errorf("schedule run %s of survey %s: %w", ref, sv.Key, err)
		}
	}
	s.log.Info("survey run", "survey", sv.Key, "run", ref, "invited", len(picks))
	return nil
}

// memberPage is how many members audience reads per store round trip.
const memberPage = 5000

// audience lists the customers a scheduled survey can sample now, sorted:
// the members of its segments, or every known customer without any.
func (s *Service) audience(ctx context.Context, sv *rapport.Survey) ([]string, error) {
	if len(sv.Segments) == 0 {
		ids, err := s.store.CustomerIDs(ctx)
		slices.Sort(ids)
		return ids, err
	}
	seen := map[string]bool{}
	for _, seg := range sv.Segments {
		for offset := 0; ; offset += memberPage {
			page, total, err := s.store.SegmentMembers(ctx, seg, offset, memberPage)
			if err != nil {
				return nil, fmt.Errorf("survey %s: members of segment %s: %w", sv.Key, seg, err)
			}
			for _, m := range page {
				seen[m.ID] = true
			}
			if len(page) == 0 || offset+len(page) >= total {
				break
			}
		}
	}
	ids := make([]string, 0, len(seen))
	for id := range seen {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	return ids, nil
}
