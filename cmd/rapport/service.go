package main

import (
	"log/slog"

	"github.com/rapport-cx/rapport"
	"github.com/rapport-cx/rapport/internal/service"
)

// serviceHook opens and resolves cases from Ticket events as they are committed.
func serviceHook(st rapport.Store, clock rapport.Clock, log *slog.Logger) func([]*rapport.Event) {
	hook, _ := service.New(st, clock, log).Hook(1024)
	return hook
}
