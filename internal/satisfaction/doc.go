// Package satisfaction computes the satisfaction scores — CSAT, NPS and
// CES — from raw answers, each with its count, response rate and a 95%
// confidence interval, flagged when it rests on too few answers.
//
// It owns the definitions of the scores and nothing else: it reads no store
// and knows nothing of surveys or customers.
package satisfaction
