package survey

import (
	"time"

	"github.com/rapport-cx/rapport"
)

// Lifecycle stages, in display order. Until shop-defined segments can be
// targeted, surveys and the interview sample use these stages.
const (
	StageNew     = "new"     // first seen or first order within 30 days
	StageActive  = "active"  // ordered within 90 days
	StageLoyal   = "loyal"   // ordered within 90 days and at least 3 orders
	StageAtRisk  = "at_risk" // last order 90 to 180 days ago
	StageLapsed  = "lapsed"  // last order over 180 days ago, or never ordered after 30 days
	stageWindow  = 30 * 24 * time.Hour
	activeWindow = 90 * 24 * time.Hour
	riskWindow   = 180 * 24 * time.Hour
)

// Stages lists the lifecycle stages in display order.
var Stages = []string{StageNew, StageActive, StageLoyal, StageAtRisk, StageLapsed}

// Lifecycle is a customer's lifecycle stage as of now.
func Lifecycle(c *rapport.Customer, now time.Time) string {
	st := c.Stats
	first := st.FirstSeen
	if !c.Basic.RegisteredAt.IsZero() && (first.IsZero() || c.Basic.RegisteredAt.Before(first)) {
		first = c.Basic.RegisteredAt
	}
	if st.Orders == 0 || st.LastOrderAt.IsZero() {
		if now.Sub(first) <= stageWindow {
			return StageNew
		}
		return StageLapsed
	}
	since := now.Sub(st.LastOrderAt)
	switch {
	case since > riskWindow:
		return StageLapsed
	case since > activeWindow:
		return StageAtRisk
	case st.Orders >= 3:
		return StageLoyal
	case now.Sub(st.FirstOrderAt) <= stageWindow:
		return StageNew
	}
	return StageActive
}
