// Package demo generates a realistic, deterministic demo shop: a Chinese
// online retailer with 300 products in 12 categories, thousands of customers
// across the app, the mini-program and the website, and a year of their
// visits, searches, orders, deliveries, returns, reviews, service cases,
// surveys and referrals, as Segment-shaped events.
//
// It owns the simulation only. It hands events to rapport.EventStore.Ingest
// and never interprets them for profiles or writes tables itself.
package demo
