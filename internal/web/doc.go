// Package web is the console that CX staff use in a browser: login and
// sessions, the Overview KPIs, customer search and the Customer 360, in
// English and Chinese. Pages are templ components rendered on the server;
// htmx, ECharts and the style sheet are embedded, so the binary needs no
// Node at run time.
//
// It reads everything through the rapport.Store interface and must not
// import a store package or compute figures itself: every number it shows
// comes from the store.
package web

//go:generate go run github.com/a-h/templ/cmd/templ@v0.3.977 generate
