package predict

import "testing"

// BenchmarkRFMAndBGNBDOnlineRetail scores RFM and fits BG/NBD on every
// customer of UCI Online Retail (the file is read once, outside the timer).
//
//	go test -run '^$' -bench RFMAndBGNBD -benchtime 5x ./internal/predict
func BenchmarkRFMAndBGNBDOnlineRetail(b *testing.B) {
	hs := onlineRetail(b)
	b.ResetTimer()
	for b.Loop() {
		ss := Summaries(hs, retailEnd)
		if rs := ScoreRFM(ss, retailEnd); len(rs) != len(ss) {
			b.Fatal("not every customer scored")
		}
		asOf := dayNumber(retailEnd)
		rfts := make([]RFT, len(ss))
		for i := range ss {
			rfts[i] = RFTOf(&ss[i], asOf)
		}
		if _, err := FitBGNBD(rfts); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(len(hs)), "customers")
}

// BenchmarkRunOnlineRetail fits every model (RFM, BG/NBD, Gamma-Gamma, the
// backtest, churn, next category, clusters) on Online Retail.
func BenchmarkRunOnlineRetail(b *testing.B) {
	hs := onlineRetail(b)
	b.ResetTimer()
	for b.Loop() {
		if _, err := Run(hs, retailEnd, Options{}); err != nil {
			b.Fatal(err)
		}
	}
}
