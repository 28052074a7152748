// Package httpapi serves Rapport's JSON API under /api/v1 with huma on the
// standard ServeMux, and its OpenAPI 3.1 document at /api/openapi.json. It
// authenticates bearer tokens, checks their scopes, and maps domain errors to
// HTTP statuses in one place (errors.go). It owns no business rules: handlers
// decode, call the store or an engine, and encode.
package httpapi
