// Package rapport holds the domain of the Rapport customer-experience platform:
// touchpoint events, customer profiles, the KPI overview, console users and
// access credentials, and the store interfaces every backend implements.
//
// It imports only the standard library. Engines (profile, ingest, …) depend on
// it; storage backends and the HTTP layer implement and consume its interfaces.
package rapport
