package main

import (
	"time"

	"github.com/rapport-cx/rapport"
	"github.com/rapport-cx/rapport/internal/insight"
	"github.com/rapport-cx/rapport/internal/jobs"
	"github.com/rapport-cx/rapport/internal/predict"
	"github.com/rapport-cx/rapport/internal/service"
	"github.com/rapport-cx/rapport/internal/survey"
	"github.com/rapport-cx/rapport/internal/webhook"
)

// periodicTasks lists the background scans a serving node runs.
func periodicTasks(st rapport.Store, clock rapport.Clock) []jobs.Periodic {
	return []jobs.Periodic{
		{Name: "survey-invitations", Every: time.Minute, Run: survey.New(st, clock, nil).Scan},
		{Name: "action-items-overdue", Every: 10 * time.Minute, Run: insight.ScanOverdue(st)},
		segmentScan(st, clock),
		{Name: "predict-refit", Every: time.Hour, Run: predict.Scan(st, clock)},
		{Name: "service-timers", Every: time.Minute, Run: service.New(st, clock, nil).ScanTimers},
		recommendScan(st, clock),
		{Name: "webhooks", Every: 10 * time.Second, Run: (&webhook.Sender{Store: st}).Deliver},
	}
}
