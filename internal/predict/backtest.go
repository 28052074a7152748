package predict

import (
	"fmt"
	"math"
	"time"

	"github.com/rapport-cx/rapport"
	"gonum.org/v1/gonum/stat"
)

// Backtest is how well purchase forecasts made at Cutoff matched what the
// customers then did until End.
type Backtest struct {
	Cutoff    time.Time `json:"cutoff"`
	End       time.Time `json:"end"`
	Customers int       `json:"customers"`
	Model     BGNBD     `json:"model"`
	// MAE and Correlation compare BG/NBD's expected purchases per customer
	// with the actual count of purchase days after the cutoff.
	MAE         float64 `json:"mae"`
	Correlation float64 `json:"correlation"`
	// NaiveMAE and NaiveCorrelation are those of the naive forecast "same
	// rate as in calibration": the customer's purchase days in the
	// calibration period divided by its length, times the horizon.
	NaiveMAE         float64 `json:"naive_mae"`
	NaiveCorrelation float64 `json:"naive_correlation"`
	// OwnRateMAE and OwnRateCorrelation are those of a second baseline: the
	// repeat rate over the customer's own observed life, x/T, times the
	// horizon.
	OwnRateMAE         float64   `json:"own_rate_mae"`
	OwnRateCorrelation float64   `json:"own_rate_correlation"`
	CalibrationStart   time.Time `json:"calibration_start"`
	ActualMean         float64   `json:"actual_mean"`
	PredictedMean      float64   `json:"predicted_mean"`
	FitSeconds         float64   `json:"fit_seconds"`
}

// RunBacktest fits BG/NBD on the orders before cutoff and compares each
// calibration customer's forecast for [cutoff, end) with what happened.
func RunBacktest(hs []rapport.CustomerHistory, cutoff, end time.Time) (Backtest, error) {
	bt := Backtest{Cutoff: cutoff, End: end}
	cal := Summaries(hs, cutoff)
	if len(cal) < 10 {
		return bt, fmt.Errorf("predict: backtest: %d customers before %s, need 10", len(cal), cutoff.Format(time.DateOnly))
	}
	byID := make(map[string]*rapport.CustomerHistory, len(hs))
	for i := range hs {
		byID[hs[i].CustomerID] = &hs[i]
	}
	asOf := dayNumber(cutoff)
	rfts := make([]RFT, len(cal))
	for i := range cal {
		rfts[i] = RFTOf(&cal[i], asOf)
	}
	started := time.Now()
	m, err := FitBGNBD(rfts)
	if err != nil {
		return bt, err
	}
	bt.FitSeconds = time.Since(started).Seconds()
	bt.Model, bt.Customers = m, len(cal)
	horizon := end.Sub(cutoff).Hours() / 24
	actual := make([]float64, len(cal))
	pred := make([]float64, len(cal))
	naive := make([]float64, len(cal))
	own := make([]float64, len(cal))
	bt.CalibrationStart = cal[0].First
	for i := range cal {
		if cal[i].First.Before(bt.CalibrationStart) {
			bt.CalibrationStart = cal[i].First
		}
	}
	calDays := math.Max(cutoff.Sub(bt.CalibrationStart).Hours()/24, 1)
	for i := range cal {
		actual[i] = float64(purchaseDays(byID[cal[i].CustomerID], cutoff, end))
		pred[i] = m.ExpectedPurchases(rfts[i], horizon)
		naive[i] = float64(cal[i].Transactions()) / calDays * horizon
		if rfts[i].T > 0 {
			own[i] = rfts[i].X / rfts[i].T * horizon
		}
	}
	bt.MAE, bt.Correlation = mae(pred, actual), finite(stat.Correlation(pred, actual, nil))
	bt.NaiveMAE, bt.NaiveCorrelation = mae(naive, actual), finite(stat.Correlation(naive, actual, nil))
	bt.OwnRateMAE, bt.OwnRateCorrelation = mae(own, actual), finite(stat.Correlation(own, actual, nil))
	bt.ActualMean, bt.PredictedMean = stat.Mean(actual, nil), stat.Mean(pred, nil)
	return bt, nil
}

// purchaseDays counts the distinct days with an order in [from, to).
func purchaseDays(h *rapport.CustomerHistory, from, to time.Time) int {
	n := 0
	var last time.Time
	for _, o := range h.Orders {
		if o.At.Before(from) || !o.At.Before(to) {
			continue
		}
		if d := o.At.UTC().Truncate(Day); !d.Equal(last) {
			n, last = n+1, d
		}
	}
	return n
}

// dayNumber is t in days since the Unix epoch.
func dayNumber(t time.Time) float64 { return float64(t.Unix()) / 86400 }

func mae(pred, actual []float64) float64 {
	var s float64
	for i := range pred {
		s += math.Abs(pred[i] - actual[i])
	}
	return s / float64(len(pred))
}

// finite is x, or 0 when x is NaN or infinite (a correlation with a constant).
func finite(x float64) float64 {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return 0
	}
	return x
}
