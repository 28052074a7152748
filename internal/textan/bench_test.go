package textan

import (
	"sync/atomic"
	"syscall"
	"testing"
	"time"
	"unicode/utf8"
)

// cpuTime is the process's user and system time so far.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkSentimentShortReviews scores short real reviews (at most 80
// characters) from the test split with a model trained on 20,000 training
// reviews. reviews/s is wall-clock throughput; reviews/cpu-s divides by
// the CPU time the process used instead, which is the figure that holds
// on a shared machine (run with -cpu 1).
func BenchmarkSentimentShortReviews(b *testing.B) {
	train, test := StratifiedSplit(shoppingData(b), 0.2, SentimentSplitSeed)
	m := TrainSentimentOn(subsample(train, 20000), SentimentConfig{})
	var short []string
	for _, d := range test {
		if utf8.RuneCountInString(d.Text) <= 80 {
			short = append(short, d.Text)
		}
	}
	m.Score(short[0])
	b.ResetTimer()
	cpu0 := cpuTime()
	for i := 0; b.Loop(); i++ {
		m.Score(short[i%len(short)])
	}
	cpu := cpuTime() - cpu0
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "reviews/s")
	b.ReportMetric(float64(b.N)/cpu.Seconds(), "reviews/cpu-s")
}

// BenchmarkSentimentShortReviewsParallel scores the same reviews from
// GOMAXPROCS goroutines sharing one model (run with -cpu 2 for two cores).
func BenchmarkSentimentShortReviewsParallel(b *testing.B) {
	train, test := StratifiedSplit(shoppingData(b), 0.2, SentimentSplitSeed)
	m := TrainSentimentOn(subsample(train, 20000), SentimentConfig{})
	var short []string
	for _, d := range test {
		if utf8.RuneCountInString(d.Text) <= 80 {
			short = append(short, d.Text)
		}
	}
	m.Score(short[0])
	var next atomic.Int64
	b.ResetTimer()
	cpu0 := cpuTime()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			m.Score(short[int(next.Add(1))%len(short)])
		}
	})
	cpu := cpuTime() - cpu0
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "reviews/s")
	b.ReportMetric(float64(b.N)/cpu.Seconds(), "reviews/cpu-s")
}

// BenchmarkWordsShortReviews segments short real reviews (gse for Chinese).
func BenchmarkWordsShortReviews(b *testing.B) {
	var short []string
	for _, d := range subsample(shoppingData(b), 20000) {
		if utf8.RuneCountInString(d.Text) <= 80 {
			short = append(short, Normalize(d.Text))
		}
	}
	Words(short[0])
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		Words(short[i%len(short)])
	}
}

// BenchmarkHashShortReviews hashes the sentiment n-grams of short reviews.
func BenchmarkHashShortReviews(b *testing.B) {
	var short []string
	for _, d := range subsample(shoppingData(b), 20000) {
		if utf8.RuneCountInString(d.Text) <= 80 {
			short = append(short, d.Text)
		}
	}
	SentimentFeatures.Hash(short[0])
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		SentimentFeatures.Hash(short[i%len(short)])
	}
}
