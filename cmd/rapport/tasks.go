package main

import (
	"github.com/rapport-cx/rapport"
	"github.com/rapport-cx/rapport/internal/jobs"
)

// periodicTasks lists the background scans a serving node runs.
func periodicTasks(st rapport.Store, clock rapport.Clock) []jobs.Periodic {
	_, _ = st, clock
	return nil
}
