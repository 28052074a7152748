package main

import (
	"log/slog"

	"github.com/rapport-cx/rapport"
	"github.com/rapport-cx/rapport/internal/ingest"
	"github.com/rapport-cx/rapport/internal/service"
)

// serviceObserverName keys the service observer's cursor.
const serviceObserverName = "service"

// serviceObserver opens and resolves cases from Ticket events, answers
// follow-ups from CSAT answers and selects open cases' SLA policies again
// when their customer enters or leaves a segment, as they are committed. It is durable: after
// a restart it handles the ticket events it had not yet seen.
func serviceObserver(st rapport.Store, clock rapport.Clock, log *slog.Logger) ingest.Observer {
	return ingest.Observer{Name: serviceObserverName, Durable: true, Observe: service.New(st, clock, log).HandleEvents,
		Events: []string{rapport.EventTicketCreated, rapport.EventTicketResolved, rapport.EventSurveyResponded,
			rapport.EventSegmentEntered, rapport.EventSegmentExited}}
}
