package datasets

import (
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/rapport-cx/rapport"
)

// OnlineRetailSource is the Source of events imported from UCI Online Retail.
const OnlineRetailSource = "import:online-retail"

// OnlineRetailFile is the dataset's path under the shared datasets folder.
const OnlineRetailFile = "online-retail-uci/online_retail.csv.gz"

var onlineRetailColumns = []string{"InvoiceNo", "StockCode", "Description", "Quantity", "InvoiceDate", "UnitPrice", "CustomerID", "Country"}

// OnlineRetail imports the UCI Online Retail transactions (a gzip or plain
// CSV with the columns of onlineRetailColumns) as Segment e-commerce events
// on the web channel, in GBP:
//
//   - An invoice with a numeric number and a positive total becomes one Order
//     Completed: order_id is the invoice number, products are its lines
//     (product_id = StockCode, name = Description, price = UnitPrice,
//     quantity, a category derived by RetailCategory) and total is the sum of
//     quantity × price. Invoices with a total of zero or less (stock
//     adjustments, free samples) and the "A" bad-debt adjustments are skipped.
//   - An invoice whose number starts with "C" is a cancellation and becomes
//     one Order Refunded: order_id is the C number (the data does not say
//     which invoice it cancels), total is the refunded amount as a positive
//     number, products carry positive quantities. No Return Requested is
//     emitted: the data records money returned, not whether goods came back
//     or why. Cancellations without a CustomerID are skipped: they belong to
//     no customer and no order.
//   - CustomerID (written as a float, "17850.0") becomes the userId "17850".
//     An invoice without one is a guest checkout with the anonymousId
//     "guest-<InvoiceNo>": one anonymous profile per guest order.
//   - Each customer gets one identify, just before their first invoice in the
//     file, with traits region = Country of that invoice and created_at = its
//     time.
//
// InvoiceDate is UK local time without a zone; it is read as UTC (an hour off
// during British summer time). Timestamps of an invoice are its earliest line.
// Rows are grouped by invoice within each calendar day (the file is a
// concatenation of daily files, so an invoice's lines may interleave with
// another's but never span days); an invoice that reappears on a later day is
// an error. Result.Skipped counts the rows of invoices not imported.
// MessageIDs are "online-retail:order:<InvoiceNo>",
// "online-retail:refund:<InvoiceNo>" and "online-retail:identify:<CustomerID>",
// so importing again stores nothing new.
func OnlineRetail(ctx context.Context, store rapport.EventStore, path string, opts Options) (Result, error) {
	var res Result
	in, err := openInput(path)
	if err != nil {
		return res, err
	}
	defer in.Close()
	imp := &retailImport{
		m:         maker{source: OnlineRetailSource, channel: rapport.ChannelWeb, received: opts.receivedAt()},
		sink:      newSink(ctx, store, opts, in, &res),
		byID:      make(map[string]*invoice),
		done:      make(map[string]bool),
		customers: make(map[string]bool),
		res:       &res,
	}
	if err := imp.read(in.r, opts.Limit); err != nil {
		return res, err
	}
	return res, imp.sink.finish()
}

// retailImport holds the state of one Online Retail import.
type retailImport struct {
	m         maker
	sink      *sink
	day       string              // the calendar day of the pending invoices
	pending   []*invoice          // that day's invoices, in order of first row
	byID      map[string]*invoice // the pending invoices by number
	done      map[string]bool     // invoices already turned into events
	customers map[string]bool     // customers already identified
	res       *Result
	lastDate  string // memo of the last InvoiceDate parsed
	lastTime  time.Time
}

type invoice struct {
	id, customer, country string
	at                    time.Time
	lines                 []retailLine
}

type retailLine struct {
	stock, desc string
	qty, price  float64
}

// read streams the CSV, handing each finished day of invoices to the sink.
func (imp *retailImport) read(r io.Reader, limit int64) error {
	cr := csv.NewReader(r)
	cr.ReuseRecord = true
	cr.FieldsPerRecord = len(onlineRetailColumns)
	header, err := cr.Read()
	if err != nil {
		return fmt.Errorf("datasets: online retail header: %w", err)
	}
	if err := checkHeader(header, onlineRetailColumns); err != nil {
		return err
	}
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			return imp.flushDay()
		}
		if err != nil {
			return fmt.Errorf("datasets: online retail: %w", err)
		}
		imp.res.Rows++
		line, _ := cr.FieldPos(0)
		if err := imp.row(rec, int64(line), limit); err != nil {
			if errors.Is(err, errLimit) {
				return imp.flushDay()
			}
			return err
		}
	}
}

var errLimit = errors.New("limit reached")

// row adds one CSV row to its invoice, first flushing the previous day.
func (imp *retailImport) row(rec []string, line, limit int64) error {
	at, err := imp.parseDate(rec[4])
	if err != nil {
		return fmt.Errorf("datasets: online retail line %d: InvoiceDate: %w", line, err)
	}
	if day := rec[4][:10]; day != imp.day {
		if limit > 0 && imp.res.Rows > limit {
			imp.res.Rows--
			return errLimit
		}
		if err := imp.flushDay(); err != nil {
			return err
		}
		imp.day = day
	}
	l, err := parseRetailLine(rec)
	if err != nil {
		return fmt.Errorf("datasets: online retail line %d: %w", line, err)
	}
	inv, err := imp.invoice(rec, at, line)
	if err != nil {
		return err
	}
	inv.lines = append(inv.lines, l)
	if at.Before(inv.at) {
		inv.at = at
	}
	return nil
}

// invoice returns the pending invoice of the row, starting it if new.
func (imp *retailImport) invoice(rec []string, at time.Time, line int64) (*invoice, error) {
	id := rec[0]
	if inv, ok := imp.byID[id]; ok {
		return inv, nil
	}
	if imp.done[id] {
		return nil, fmt.Errorf("datasets: online retail line %d: InvoiceNo: invoice %s continues on a later day", line, id)
	}
	inv := &invoice{id: id, customer: strings.TrimSuffix(rec[6], ".0"), country: rec[7], at: at}
	imp.byID[id] = inv
	imp.pending = append(imp.pending, inv)
	return inv, nil
}

func parseRetailLine(rec []string) (retailLine, error) {
	qty, err := strconv.ParseFloat(rec[3], 64)
	if err != nil {
		return retailLine{}, fmt.Errorf("Quantity: %w", err)
	}
	price, err := strconv.ParseFloat(rec[5], 64)
	if err != nil {
		return retailLine{}, fmt.Errorf("UnitPrice: %w", err)
	}
	return retailLine{stock: rec[1], desc: strings.TrimSpace(rec[2]), qty: qty, price: price}, nil
}

func (imp *retailImport) parseDate(s string) (time.Time, error) {
	if s == imp.lastDate {
		return imp.lastTime, nil
	}
	t, err := time.Parse(time.DateTime, s)
	if err != nil {
		return t, err
	}
	imp.lastDate, imp.lastTime = s, t
	return t, nil
}

// flushDay turns the pending invoices into events.
func (imp *retailImport) flushDay() error {
	for _, inv := range imp.pending {
		if err := imp.emit(inv); err != nil {
			return err
		}
		imp.done[inv.id] = true
		delete(imp.byID, inv.id)
	}
	imp.pending = imp.pending[:0]
	return nil
}

// emit hands one invoice's events to the sink.
func (imp *retailImport) emit(inv *invoice) error {
	if inv.customer != "" && !imp.customers[inv.customer] {
		imp.customers[inv.customer] = true
		if err := imp.sink.add(imp.identifyCustomer(inv)); err != nil {
			return err
		}
	}
	e := imp.invoiceEvent(inv)
	if e == nil {
		imp.res.Skipped += int64(len(inv.lines))
		return nil
	}
	return imp.sink.add(e)
}

func (imp *retailImport) identifyCustomer(inv *invoice) *rapport.Event {
	traits := map[string]any{"region": inv.country, "created_at": inv.at.Format(time.RFC3339)}
	return imp.m.identify("online-retail:identify:"+inv.customer, who{userID: inv.customer}, inv.at, traits)
}

// invoiceEvent returns the invoice's Order Completed or Order Refunded, nil to skip it.
func (imp *retailImport) invoiceEvent(inv *invoice) *rapport.Event {
	total := invoiceTotal(inv.lines)
	w := who{userID: inv.customer}
	if inv.customer == "" {
		w = who{anonymousID: "guest-" + inv.id}
	}
	switch {
	case strings.HasPrefix(inv.id, "C"):
		if inv.customer == "" {
			return nil
		}
		props := map[string]any{"order_id": inv.id, "total": -total, "currency": "GBP", "products": retailProducts(inv.lines, -1)}
		return imp.m.track(rapport.EventOrderRefunded, "online-retail:refund:"+inv.id, w, inv.at, props)
	case !isDigits(inv.id) || total <= 0:
		return nil
	default:
		props := map[string]any{"order_id": inv.id, "total": total, "currency": "GBP", "products": retailProducts(inv.lines, 1)}
		return imp.m.track(rapport.EventOrderCompleted, "online-retail:order:"+inv.id, w, inv.at, props)
	}
}

// invoiceTotal is the sum of quantity × price, rounded to pennies.
func invoiceTotal(lines []retailLine) float64 {
	var t float64
	for _, l := range lines {
		t += l.qty * l.price
	}
	return math.Round(t*100) / 100
}

// retailProducts lists the lines as Segment products, quantities times sign.
func retailProducts(lines []retailLine, sign float64) []any {
	out := make([]any, len(lines))
	for i, l := range lines {
		p := map[string]any{
			"product_id": l.stock,
			"sku":        l.stock,
			"name":       l.desc,
			"price":      l.price,
			"quantity":   l.qty * sign,
		}
		if c := RetailCategory(l.stock, l.desc); c != "" {
			p["category"] = c
		}
		out[i] = p
	}
	return out
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// checkHeader reports the first column that is not the expected one.
func checkHeader(got, want []string) error {
	for i, w := range want {
		if i >= len(got) || strings.TrimPrefix(got[i], "\ufeff") != w {
			return fmt.Errorf("datasets: column %d: want %q, got %v", i+1, w, got)
		}
	}
	return nil
}
