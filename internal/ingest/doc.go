// Package ingest owns the Segment HTTP Tracking API: it reads /v1/track,
// /v1/identify, /v1/page, /v1/screen, /v1/group, /v1/alias and /v1/batch
// requests exactly as Segment and RudderStack client libraries send them,
// validates and normalises each message into a rapport.Event, and hands the
// events to a group-commit Pipeline that writes them to the store and
// answers each request only once its events are durably committed.
//
// It owns parsing, validation, write-key checks, clock-skew correction,
// channel detection, size limits and back-pressure. It must not interpret
// events for profiles (internal/profile does) nor touch storage beyond
// rapport.EventStore.Ingest and rapport.AccessStore.WriteKeyByKey.
//
// Numbers inside properties, traits and context are kept as json.Number, so
// ids and amounts arrive at the store exactly as the client wrote them
// (no float64 rounding of large integers or long decimals).
package ingest
