package offline

import (
	"compress/gzip"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"time"
)

// RetailCutoff starts the test period of the Online Retail protocol.
var RetailCutoff = time.Date(2011, 11, 9, 0, 0, 0, 0, time.UTC)

// purchase is one line of an Online Retail invoice.
type purchase struct {
	pair
	at time.Time
}

// ReadOnlineRetail reads the UCI Online Retail CSV (gzip or plain) as
// purchases: lines of invoices with a customer id, an invoice number that is
// all digits (cancellations "C…" and adjustments "A…" are not purchases), a
// positive quantity and a positive unit price. InvoiceDate is read as UTC.
func ReadOnlineRetail(path string) ([]purchase, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var r io.Reader = f
	if strings.HasSuffix(path, ".gz") {
		gz, err := gzip.NewReader(f)
		if err != nil {
			return nil, err
		}
		defer gz.Close()
		r = gz
	}
	return parseOnlineRetail(r)
}

func parseOnlineRetail(r io.Reader) ([]purchase, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = 8
	cr.ReuseRecord = true
	if _, err := cr.Read(); err != nil {
		return nil, fmt.Errorf("offline: online retail header: %w", err)
	}
	var out []purchase
	for line := 2; ; line++ {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			return out, nil
		}
		if err != nil {
			return nil, fmt.Errorf("offline: online retail: %w", err)
		}
		p, ok, err := retailPurchase(rec)
		if err != nil {
			return nil, fmt.Errorf("offline: online retail line %d: %w", line, err)
		}
		if ok {
			out = append(out, p)
		}
	}
}

func retailPurchase(rec []string) (purchase, bool, error) {
	customer := strings.TrimSuffix(rec[6], ".0")
	if customer == "" || !allDigits(rec[0]) {
		return purchase{}, false, nil
	}
	qty, err := strconv.ParseFloat(rec[3], 64)
	if err != nil {
		return purchase{}, false, fmt.Errorf("Quantity: %w", err)
	}
	price, err := strconv.ParseFloat(rec[5], 64)
	if err != nil {
		return purchase{}, false, fmt.Errorf("UnitPrice: %w", err)
	}
	at, err := time.Parse(time.DateTime, rec[4])
	if err != nil {
		return purchase{}, false, fmt.Errorf("InvoiceDate: %w", err)
	}
	if qty <= 0 || price <= 0 {
		return purchase{}, false, nil
	}
	return purchase{pair{user: customer, item: rec[1]}, at}, true, nil
}

func allDigits(s string) bool {
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return s != ""
}

// TemporalSplit trains on purchases before cutoff; the truth of each
// customer with at least one earlier purchase is the set of items they
// bought on or after cutoff and had not bought before. Purchases at or after
// end (if not zero) are ignored.
func TemporalSplit(ps []purchase, cutoff, end time.Time) *Split {
	var train, later []pair
	bought := map[pair]bool{}
	for _, p := range ps {
		if p.at.Before(cutoff) {
			train = append(train, p.pair)
			bought[p.pair] = true
		}
	}
	for _, p := range ps {
		if !p.at.Before(cutoff) && (end.IsZero() || p.at.Before(end)) && !bought[p.pair] {
			later = append(later, p.pair)
		}
	}
	return build(train, later)
}
