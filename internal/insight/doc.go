// Package insight turns feedback into decisions: satisfaction by
// touchpoint, lifecycle stage, channel and category with trends, a driver
// analysis of what moves the scores, a ranked list of pain points with the
// quotes behind them, and the owner–deadline loop of action items.
//
// It reads touchpoint events and profiles through the domain's store
// interfaces and reads text through an Analyzer, so the text analysis is a
// dependency it does not own.
package insight
