// Package assistant answers customers from the shop's knowledge base: it
// recognises the question with a classifier trained on the entries'
// example questions (retrained when the knowledge base changes), replies
// with the matching answer, a confidence and its sources, and hands the
// conversation to a person — through a CaseOpener — when it is not
// confident, when the customer asks for a person, or when the topic is on
// the hand-over list.
//
// It reads and writes through rapport.KnowledgeStore and never touches
// cases itself.
package assistant
