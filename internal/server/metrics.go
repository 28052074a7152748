package server

import (
	"github.com/prometheus/client_golang/prometheus"

	"github.com/rapport-cx/rapport/internal/ingest"
)

// ingestCollector exports a pipeline's counters at scrape time.
type ingestCollector struct {
	stats                                    func() ingest.Stats
	accepted, stored, dups, failed, rejected *prometheus.Desc
	queue, commits, commitSeconds, observers *prometheus.Desc
}

// NewIngestCollector returns a Prometheus collector over a pipeline's Stats.
func NewIngestCollector(stats func() ingest.Stats) prometheus.Collector {
	d := func(name, help string, labels ...string) *prometheus.Desc {
		return prometheus.NewDesc("rapport_ingest_"+name, help, labels, nil)
	}
	return &ingestCollector{
		stats:         stats,
		accepted:      d("events_accepted_total", "Events committed and acknowledged (stored or duplicate)."),
		stored:        d("events_stored_total", "Events newly written."),
		dups:          d("events_duplicate_total", "Events skipped because their messageId was already stored."),
		failed:        d("events_failed_total", "Events whose commit failed."),
		rejected:      d("requests_rejected_total", "Requests rejected, by reason.", "reason"),
		queue:         d("queue_events", "Events accepted and waiting to be committed."),
		commits:       d("commits_total", "Store transactions."),
		commitSeconds: d("commit_seconds_total", "Time spent committing events."),
		observers:     d("observer_queue_commits", "Commits waiting for an observer (surveys, service, segments, recommendations).", "observer"),
	}
}

// Describe implements prometheus.Collector.
func (c *ingestCollector) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range []*prometheus.Desc{c.accepted, c.stored, c.dups, c.failed, c.rejected, c.queue, c.commits, c.commitSeconds, c.observers} {
		ch <- d
	}
}

// Collect implements prometheus.Collector.
func (c *ingestCollector) Collect(ch chan<- prometheus.Metric) {
	s := c.stats()
	counter := func(d *prometheus.Desc, v float64, labels ...string) {
		ch <- prometheus.MustNewConstMetric(d, prometheus.CounterValue, v, labels...)
	}
	counter(c.accepted, float64(s.Accepted))
	counter(c.stored, float64(s.Stored))
	counter(c.dups, float64(s.Duplicates))
	counter(c.failed, float64(s.Failed))
	counter(c.commits, float64(s.Commits))
	counter(c.commitSeconds, s.CommitSeconds)
	for reason, n := range s.Rejected {
		counter(c.rejected, float64(n), reason)
	}
	ch <- prometheus.MustNewConstMetric(c.queue, prometheus.GaugeValue, float64(s.QueueEvents))
	for name, n := range s.ObserverQueue {
		ch <- prometheus.MustNewConstMetric(c.observers, prometheus.GaugeValue, float64(n), name)
	}
}
