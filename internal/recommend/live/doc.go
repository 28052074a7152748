// Package live serves recommendations from the fitted models: it keeps each
// customer's history in memory and folds newly committed events into it, so
// a customer's recommendations change as soon as an event is stored; it
// retrains on a schedule and on data growth, and swaps the new model in only
// if its validation score is not worse; it persists the live model so a
// restarted node serves at once; and it measures served lists online.
//
// It reads and writes through rapport.RecommendStore and never imports a
// store package.
package live
