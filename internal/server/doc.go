// Package server assembles one Rapport node: it mounts ingestion (/v1), the
// JSON API (/api), the console (/), health checks and Prometheus metrics on one
// ServeMux (routes.go lists them all), and runs it with a graceful shutdown that
// drains every accepted event into the store before returning.
package server
