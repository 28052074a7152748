// Package jobs runs Rapport's durable background work: periodic scans that
// move timers, schedules and re-evaluations forward.
//
// State lives in each capability's own tables; a scan reads what is due at
// the time it is given and changes it with conditional updates, so running
// it twice, or after a restart, fires nothing twice. Tests call scans with
// chosen times; in production the runner calls them on a schedule.
package jobs

import (
	"context"
	"time"
)

// Periodic is a scan run every Every with the current time.
type Periodic struct {
	Name  string
	Every time.Duration
	Run   func(ctx context.Context, now time.Time) error
}
