// Package survey runs Rapport's surveys: it validates definitions, turns
// trigger events and schedules into invitations, issues them under the
// frequency cap, signs and checks answer links, records answers from the
// hosted page, the API and Survey Responded events, and draws the monthly
// interview sample.
//
// It depends on the domain's store interfaces only; the hosted page and the
// API are in internal/web and internal/httpapi.
package survey
