// Package predict owns the predicted tag layer of the profile: RFM scores and
// named RFM segments, BG/NBD and Gamma-Gamma forecasts of purchases and value,
// a churn model, the likely next category and k-means clusters, each with the
// backtest or holdout figure that says how good it is.
//
// It reads rapport.CustomerHistory values and returns plain results; it never
// touches a store, the clock or the network. Callers choose "now" (asOf).
package predict
