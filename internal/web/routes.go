package web

import "net/http"

// routes lists every console route. Pages need a session; POSTs other than
// /login also need the session's CSRF token.
func (c *console) routes() http.Handler {
	mux := http.NewServeMux()
	mux.Handle("GET /static/", c.assets.handler())
	mux.HandleFunc("GET /favicon.ico", favicon)

	mux.HandleFunc("GET /login", c.loginPage)
	mux.HandleFunc("POST /login", c.login)
	mux.Handle("POST /logout", c.action(c.logout))
	mux.Handle("POST /locale", c.action(c.switchLocale))

	mux.Handle("GET /{$}", c.page(c.overview))
	mux.Handle("GET /customers", c.page(c.customers))
	mux.Handle("GET /customers/{id}", c.page(c.customer))
	mux.Handle("GET /customers/{id}/timeline", c.page(c.timeline))

	mux.Handle("GET /segments", c.page(c.segmentsList))
	mux.Handle("GET /segments/create", c.page(c.newSegment))
	mux.Handle("POST /segments", c.action(c.saveSegment))
	mux.Handle("POST /segments/preview", c.action(c.previewSegment))
	mux.Handle("GET /segments/settings", c.page(c.segmentSettings))
	mux.Handle("POST /segments/settings", c.action(c.saveSegmentSettings))
	mux.Handle("GET /segments/{id}", c.page(c.segmentDetail))
	mux.Handle("POST /segments/{id}", c.action(c.saveSegment))
	mux.Handle("GET /segments/{id}/edit", c.page(c.editSegment))
	mux.Handle("POST /segments/{id}/delete", c.action(c.deleteSegment))
	mux.Handle("GET /segments/{id}/members.csv", c.page(c.segmentCSV))
	mux.Handle("GET /customers/{id}/segments", c.page(c.customerSegments))

	// Capabilities of the design that later releases build.
	mux.Handle("GET /segments/rfm", c.page(c.rfmPage))
	mux.Handle("GET /segments/clusters", c.page(c.clustersPage))
	mux.Handle("GET /recommendations", c.page(c.recommendationsPage))
	mux.Handle("POST /recommendations/settings", c.action(c.adminOnly(c.saveRecommendSettings)))
	mux.Handle("GET /service", c.page(c.serviceQueue))
	mux.Handle("GET /service/cases/{id}", c.page(c.serviceCase))
	mux.Handle("POST /service/cases/{id}/reply", c.action(c.replyCase))
	mux.Handle("GET /service/report", c.page(c.serviceReport))
	mux.Handle("GET /service/settings", c.page(c.serviceSettings))
	mux.Handle("POST /service/settings", c.action(c.adminOnly(c.saveServiceSettings)))
	mux.Handle("POST /service/settings/dry-run", c.action(c.dryRunRules))
	mux.Handle("POST /service/settings/calendars", c.action(c.adminOnly(c.saveCalendars)))
	mux.Handle("POST /service/settings/rules", c.action(c.adminOnly(c.saveRules)))
	mux.Handle("POST /service/settings/policies", c.action(c.adminOnly(c.savePolicies)))
	mux.Handle("GET /service/kb", c.page(c.kbPage))
	mux.Handle("POST /service/kb", c.action(c.saveKB))
	mux.Handle("POST /service/kb/try", c.action(c.tryKB))
	mux.Handle("POST /service/kb/{id}", c.action(c.saveKB))
	mux.Handle("POST /service/kb/{id}/delete", c.action(c.deleteKB))
	mux.Handle("GET /surveys", c.page(c.surveysPage))
	mux.Handle("POST /surveys", c.action(c.createSurvey))
	mux.Handle("POST /surveys/sample", c.action(c.drawSample))
	mux.Handle("GET /surveys/{id}", c.page(c.surveyDetail))
	mux.HandleFunc("GET /s/{token}", c.answerPage)
	mux.HandleFunc("POST /s/{token}", c.answer)
	mux.Handle("GET /insights", c.page(c.satisfactionPage))
	mux.Handle("GET /insights/voice", c.page(c.voicePage))
	mux.Handle("GET /insights/pain-points", c.page(c.painPointsPage))
	mux.Handle("GET /actions", c.page(c.actionsPage))
	mux.Handle("POST /actions", c.action(c.createAction))
	mux.Handle("GET /actions/{id}", c.page(c.actionPage))
	mux.Handle("POST /actions/{id}", c.action(c.updateAction))
	mux.Handle("GET /experiments", c.page(c.later("experiments")))
	mux.Handle("GET /settings", c.page(c.adminOnly(c.writeKeys)))
	mux.Handle("POST /settings/write-keys", c.action(c.adminOnly(c.createWriteKey)))
	mux.Handle("POST /settings/write-keys/{id}/revoke", c.action(c.adminOnly(c.revokeWriteKey)))
	mux.Handle("GET /settings/webhooks", c.page(c.adminOnly(c.webhooks)))
	mux.Handle("POST /settings/webhooks", c.action(c.adminOnly(c.createWebhook)))
	mux.Handle("POST /settings/webhooks/{id}/disable", c.action(c.adminOnly(c.disableWebhook)))

	mux.Handle("GET /", c.page(c.notFound))
	return mux
}
