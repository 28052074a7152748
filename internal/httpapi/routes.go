package httpapi

import (
	"context"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"github.com/rapport-cx/rapport"
)

// routes lists every JSON API operation in one place.
func routes(api huma.API, h *handlers) {
	get(api, "get-overview", "/api/v1/overview", rapport.ScopeRead, "Shop KPIs and monthly trends", h.overview)
	get(api, "get-counts", "/api/v1/counts", rapport.ScopeRead, "Sizes of the main tables", h.counts)
	get(api, "search-customers", "/api/v1/customers", rapport.ScopeRead, "Search customers by id, email, phone or name", h.searchCustomers)
	get(api, "get-customer", "/api/v1/customers/{id}", rapport.ScopeRead, "One customer's live profile", h.customer)
	get(api, "get-customer-timeline", "/api/v1/customers/{id}/timeline", rapport.ScopeRead, "Every touchpoint of a customer, in order", h.timeline)
	get(api, "get-customer-orders", "/api/v1/customers/{id}/orders", rapport.ScopeRead, "A customer's orders, newest first", h.orders)

	get(api, "list-segments", "/api/v1/segments", rapport.ScopeRead, "Every segment with its rule in words and size", h.listSegments)
	op(api, http.MethodPost, "create-segment", "/api/v1/segments", rapport.ScopeWrite, "Create a custom segment and evaluate it", h.createSegment)
	get(api, "get-segment-settings", "/api/v1/segments/settings", rapport.ScopeRead, "The lifecycle segments' settings: windows, thresholds, rating rule, day bounds", h.getSegmentSettings)
	op(api, http.MethodPut, "put-segment-settings", "/api/v1/segments/settings", rapport.ScopeWrite, "Change the lifecycle settings; the six lifecycle rules are rewritten and re-evaluated", h.putSegmentSettings)
	op(api, http.MethodPost, "preview-segment", "/api/v1/segments/preview", rapport.ScopeRead, "Count the customers an unsaved rule holds now", h.previewSegment)
	get(api, "get-segment", "/api/v1/segments/{id}", rapport.ScopeRead, "One segment: definition, size and size over time", h.getSegment)
	op(api, http.MethodPut, "update-segment", "/api/v1/segments/{id}", rapport.ScopeWrite, "Edit a segment's name, description and rule", h.updateSegment)
	op(api, http.MethodDelete, "delete-segment", "/api/v1/segments/{id}", rapport.ScopeWrite, "Delete a custom segment", h.deleteSegment)
	get(api, "list-segment-members", "/api/v1/segments/{id}/members", rapport.ScopeRead, "A segment's members, newest entries first", h.segmentMembers)
	get(api, "export-segment-members", "/api/v1/segments/{id}/members.csv", rapport.ScopeRead, "Every member of a segment as CSV", h.segmentMembersCSV)
	get(api, "get-customer-segments", "/api/v1/customers/{id}/segments", rapport.ScopeRead, "A customer's segments, primary stage and history", h.customerSegments)

	get(api, "get-customer-predictions", "/api/v1/customers/{id}/predictions", rapport.ScopeRead, "A customer's predicted tags, how they are made and how good they are", h.predictions)
	get(api, "get-latest-model-run", "/api/v1/models/latest", rapport.ScopeRead, "The latest fit of the predictive models: parameters, RFM grid, clusters, quality", h.latestModelRun)
	get(api, "list-model-runs", "/api/v1/models", rapport.ScopeRead, "Fits of the predictive models with their quality figures, newest first", h.modelRuns)

	get(api, "get-recommendations", "/api/v1/recommendations", rapport.ScopeRead, "Ranked items for a customer or visitor in a scene, with reasons and a review", h.recommendations)
	get(api, "get-recommendation-status", "/api/v1/recommendations/status", rapport.ScopeRead, "The live recommendation model: kind, validation score, last trained, data size", h.recommendationStatus)
	get(api, "get-recommendation-metrics", "/api/v1/recommendations/metrics", rapport.ScopeRead, "Reach (推介率), click-through, conversion and attributed revenue per scene and model", h.recommendationMetrics)
	op(api, http.MethodPut, "set-item-availability", "/api/v1/recommendations/items/{id}", rapport.ScopeWrite, "Hide an out-of-stock item or exclude an item from recommendations", h.setItemAvailability)
	op(api, http.MethodPost, "retrain-recommendations", "/api/v1/recommendations/retrain", rapport.ScopeAdmin, "Retrain now; the new model goes live only if it validates no worse", h.retrainRecommendations)
	get(api, "get-recommendation-settings", "/api/v1/recommendations/settings", rapport.ScopeRead, "Event weights, repeat categories, per-category limit, EASE ceiling and retrain interval", h.recommendSettings)
	op(api, http.MethodPut, "update-recommendation-settings", "/api/v1/recommendations/settings", rapport.ScopeAdmin, "Replace the recommendation settings; every node applies them", h.updateRecommendSettings)

	get(api, "list-cases", "/api/v1/cases", rapport.ScopeRead, "The case queue: breached first, then nearest SLA due time", h.listCases)
	op(api, http.MethodPost, "create-case", "/api/v1/cases", rapport.ScopeWrite, "Open a service case; its SLA policy is chosen and its clocks start", h.createCase)
	get(api, "get-case", "/api/v1/cases/{id}", rapport.ScopeRead, "One case with its SLA clocks and conversation", h.getCase)
	get(api, "get-case-customer", "/api/v1/cases/{id}/customer", rapport.ScopeRead, "A case's customer 360: profile, segments, orders, earlier cases, survey answers, reviews", h.caseCustomer)
	op(api, http.MethodPost, "reply-case", "/api/v1/cases/{id}/messages", rapport.ScopeWrite, "Add a customer message, agent reply or internal note", h.replyCase)
	op(api, http.MethodPost, "assign-case", "/api/v1/cases/{id}/assign", rapport.ScopeWrite, "Change a case's owner, team, priority, type or labels", h.assignCase)
	op(api, http.MethodPost, "set-case-status", "/api/v1/cases/{id}/status", rapport.ScopeWrite, "Move a case to pending, resolved, closed, or reopen it", h.caseStatus)
	op(api, http.MethodPost, "answer-follow-up", "/api/v1/cases/{id}/follow-up", rapport.ScopeWrite, "Record the customer's answer to a follow-up", h.followUpAnswer)
	get(api, "get-sla-report", "/api/v1/service/report", rapport.ScopeRead, "SLA report: % met, median first response and resolution by team, type and month", h.slaReport)
	get(api, "get-service-config", "/api/v1/service/config", rapport.ScopeRead, "Calendars, SLA policies, follow-ups, automation and approval rules", h.getServiceConfig)
	op(api, http.MethodPut, "put-service-config", "/api/v1/service/config", rapport.ScopeAdmin, "Replace the service configuration", h.putServiceConfig)
	op(api, http.MethodPost, "create-after-sale", "/api/v1/after-sales", rapport.ScopeWrite, "Request a return, exchange, refund or quality claim", h.createAfterSale)
	get(api, "list-after-sales", "/api/v1/after-sales", rapport.ScopeRead, "After-sale requests, newest first", h.listAfterSales)
	op(api, http.MethodPost, "dry-run-after-sales", "/api/v1/after-sales/dry-run", rapport.ScopeRead, "What approval rules would have decided on past requests", h.dryRunAfterSales)
	get(api, "get-after-sale", "/api/v1/after-sales/{id}", rapport.ScopeRead, "One after-sale request with its status steps", h.getAfterSale)
	op(api, http.MethodPost, "decide-after-sale", "/api/v1/after-sales/{id}/decision", rapport.ScopeWrite, "Approve or reject a request waiting for a person", h.decideAfterSale)
	op(api, http.MethodPost, "advance-after-sale", "/api/v1/after-sales/{id}/status", rapport.ScopeWrite, "Move an approved request to its next step", h.advanceAfterSale)
	get(api, "list-webhooks", "/api/v1/webhooks", rapport.ScopeAdmin, "Webhook endpoints", h.listWebhooks)
	op(api, http.MethodPost, "create-webhook", "/api/v1/webhooks", rapport.ScopeAdmin, "Register a webhook endpoint; the response shows its signing secret once", h.createWebhook)
	get(api, "list-webhook-deliveries", "/api/v1/webhooks/deliveries", rapport.ScopeAdmin, "The webhook delivery log, newest first", h.listDeliveries)
	op(api, http.MethodDelete, "disable-webhook", "/api/v1/webhooks/{id}", rapport.ScopeAdmin, "Disable a webhook endpoint; its pending deliveries fail", h.disableWebhook)

	get(api, "list-write-keys", "/api/v1/write-keys", rapport.ScopeAdmin, "List ingestion write keys", h.listWriteKeys)
	op(api, http.MethodPost, "create-write-key", "/api/v1/write-keys", rapport.ScopeAdmin, "Create a write key for an event source", h.createWriteKey)
	op(api, http.MethodDelete, "revoke-write-key", "/api/v1/write-keys/{id}", rapport.ScopeAdmin, "Revoke a write key", h.revokeWriteKey)
	get(api, "list-tokens", "/api/v1/tokens", rapport.ScopeAdmin, "List API tokens", h.listTokens)
	op(api, http.MethodPost, "create-token", "/api/v1/tokens", rapport.ScopeAdmin, "Create an API token", h.createToken)
	op(api, http.MethodDelete, "revoke-token", "/api/v1/tokens/{id}", rapport.ScopeAdmin, "Revoke an API token", h.revokeToken)

	surveyRoutes(api, h)
	assistantRoutes(api, h)
	insightRoutes(api, h)
}

func get[I, O any](api huma.API, id, path, scope, summary string, handler func(ctx context.Context, in *I) (*O, error)) {
	op(api, http.MethodGet, id, path, scope, summary, handler)
}

func op[I, O any](api huma.API, method, id, path, scope, summary string, handler func(ctx context.Context, in *I) (*O, error)) {
	huma.Register(api, huma.Operation{
		OperationID: id,
		Method:      method,
		Path:        path,
		Summary:     summary,
		Metadata:    map[string]any{scopeKey: scope},
		Errors:      []int{http.StatusBadRequest, http.StatusUnauthorized, http.StatusForbidden, http.StatusNotFound},
	}, handler)
}
