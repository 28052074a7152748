package web

import (
	"testing"

	"github.com/rapport-cx/rapport"
	"github.com/rapport-cx/rapport/internal/service"
)

// Every value a service page labels has a label in both languages.
func TestServiceLabels(t *testing.T) {
	groups := map[string][]string{
		"status": {"all", "active"}, "type": nil, "priority": nil,
		"stage":    {string(rapport.StagePreSale), string(rapport.StageInSale), string(rapport.StageAfterSale)},
		"clock":    {rapport.ClockFirstResponse, rapport.ClockNextResponse, rapport.ClockResolution},
		"outcome":  {rapport.OutcomeMet, rapport.OutcomeBreached, "paused", "running"},
		"kind":     {rapport.AuthorCustomer, rapport.AuthorAgent, rapport.AuthorNote, rapport.AuthorSystem},
		"decision": {service.DecisionAuto, service.DecisionManual, service.DecisionApproved, service.DecisionRejected},
	}
	for _, s := range rapport.CaseStatuses {
		groups["status"] = append(groups["status"], string(s))
	}
	for _, v := range rapport.CaseTypes {
		groups["type"] = append(groups["type"], string(v))
	}
	for _, v := range rapport.Priorities {
		groups["priority"] = append(groups["priority"], string(v))
	}
	for g, values := range groups {
		for _, v := range values {
			k := "service." + g + "." + v
			if messagesEN[k] == "" || messagesZH[k] == "" {
				t.Errorf("%s lacks a label in English or Chinese", k)
			}
		}
	}
}
