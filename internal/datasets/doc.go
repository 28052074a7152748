// Package datasets imports real public datasets (UCI Online Retail, product
// review sets) and Segment-shaped JSONL files into a store, idempotently.
// It turns rows into events and hands them to the store's Ingest; it never
// writes tables directly.
package datasets
