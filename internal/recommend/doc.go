// Package recommend owns Rapport's recommendation models: the weighted
// interaction matrix built from events, time-decayed popularity, item-item
// KNN, implicit ALS and EASE, the ranking metrics used to choose between
// them, and the scoring of a customer's history against a fitted model.
//
// It is pure computation: it reads no store, no clock and no network. The
// serving layer (Service) keeps the fitted model in memory and folds new
// events into a customer's history as they are committed.
package recommend
