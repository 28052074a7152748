// Package service owns customer service: cases and their conversations, SLA
// clocks measured in business hours, escalations, follow-ups, after-sale
// requests with rule-based approval, automation rules and the webhooks they
// publish (sent by package webhook).
//
// It depends on the domain interfaces of package rapport only. Timers are
// kept in the cases themselves and moved by a scan function (ScanTimers)
// that the jobs runner calls; every write is conditional
// on the version read, and every side effect carries a stable key, so a
// scan run twice or after a restart fires each timer once.
package service
