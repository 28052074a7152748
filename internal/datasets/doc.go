// Package datasets imports real public datasets (UCI Online Retail, the
// Women's E-Commerce Clothing and Amazon review sets) and Segment-shaped
// JSONL files into a store. Each importer streams its file, turns rows into
// events with deterministic message ids (so importing again stores nothing
// new), and hands them to the store's Ingest in batches, reporting progress
// in bytes read. How each dataset maps to events is documented on its
// importer. It never writes tables directly and never interprets events for
// profiles.
package datasets
