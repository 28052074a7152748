// Package textan reads customer text — reviews, survey comments, service
// conversations — in Chinese, English and any language with star-rated
// examples: it tokenises, turns text into sparse feature vectors, trains
// fast linear classifiers (sentiment, intents), finds pain-point aspects
// with the sentence that triggered them, and extracts keywords.
//
// It owns no storage and reads no clock: callers pass the texts and labels
// and keep the results. Chinese word segmentation uses gse, whose
// dictionary is loaded once, on the first Chinese text.
package textan
