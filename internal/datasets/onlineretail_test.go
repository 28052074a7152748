package datasets

import (
	"compress/gzip"
	"context"
	"encoding/csv"
	"io"
	"math"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/rapport-cx/rapport"
)

// retailFacts are figures computed straight from the Online Retail CSV,
// independently of the importer, by the rules its doc comment states.
type retailFacts struct {
	rows        int
	customers   map[string]bool
	invoices    map[string]*retailInvoice
	firstSeen   map[string]time.Time // customer → first invoice time
	firstRegion map[string]string    // customer → country of that invoice
}

type retailInvoice struct {
	customer string
	total    float64
	lines    int
}

// readRetailFacts reads the file up to the end of the day of row limit (0: all).
func readRetailFacts(t *testing.T, path string, limit int) *retailFacts {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	r := csv.NewReader(zr)
	if _, err := r.Read(); err != nil {
		t.Fatal(err)
	}
	facts := &retailFacts{customers: map[string]bool{}, invoices: map[string]*retailInvoice{},
		firstSeen: map[string]time.Time{}, firstRegion: map[string]string{}}
	lastDay := ""
	for {
		rec, err := r.Read()
		if err == io.EOF {
			return facts
		}
		if err != nil {
			t.Fatal(err)
		}
		day := rec[4][:10]
		if limit > 0 && facts.rows >= limit && day != lastDay {
			return facts
		}
		lastDay = day
		facts.rows++
		facts.add(t, rec)
	}
}

func (f *retailFacts) add(t *testing.T, rec []string) {
	qty, err1 := strconv.ParseFloat(rec[3], 64)
	price, err2 := strconv.ParseFloat(rec[5], 64)
	at, err3 := time.Parse("2006-01-02 15:04:05", rec[4])
	if err1 != nil || err2 != nil || err3 != nil {
		t.Fatalf("bad row %v", rec)
	}
	cust := strings.TrimSuffix(rec[6], ".0")
	inv := f.invoices[rec[0]]
	if inv == nil {
		inv = &retailInvoice{customer: cust}
		f.invoices[rec[0]] = inv
	}
	inv.total += qty * price
	inv.lines++
	if cust == "" {
		return
	}
	f.customers[cust] = true
	if first, ok := f.firstSeen[cust]; !ok || at.Before(first) {
		f.firstSeen[cust], f.firstRegion[cust] = at, rec[7]
	}
}

// kind classifies an invoice: "order", "refund" or "" (not imported).
func (inv *retailInvoice) kind(id string) string {
	total := math.Round(inv.total*100) / 100
	switch {
	case id[0] == 'C' && inv.customer != "":
		return "refund"
	case id[0] >= '0' && id[0] <= '9' && total > 0:
		return "order"
	}
	return ""
}

// expected are the store figures the facts imply.
type expectedRetail struct {
	orders, guests, items int
	revenue               float64
}

func (f *retailFacts) expected() expectedRetail {
	var e expectedRetail
	for id, inv := range f.invoices {
		if inv.kind(id) != "order" {
			continue
		}
		e.orders++
		e.items += inv.lines
		e.revenue += math.Round(inv.total*100) / 100
		if inv.customer == "" {
			e.guests++
		}
	}
	return e
}

// customerFigures are one customer's order count and revenue, refunds and refunded amount.
func (f *retailFacts) customerFigures(cust string) (orders int, revenue float64, refunds int, refunded float64) {
	for id, inv := range f.invoices {
		if inv.customer != cust {
			continue
		}
		switch inv.kind(id) {
		case "order":
			orders++
			revenue += math.Round(inv.total*100) / 100
		case "refund":
			refunds++
			refunded += -math.Round(inv.total*100) / 100
		}
	}
	return
}

func TestOnlineRetailSubset(t *testing.T) {
	testOnlineRetail(t, 60000, []string{"17850", "12583", "13047"})
}

func TestOnlineRetailFull(t *testing.T) {
	if testing.Short() {
		t.Skip("full Online Retail import (about 15 s) skipped in -short mode; TestOnlineRetailSubset covers the first days")
	}
	testOnlineRetail(t, 0, []string{"17850", "12346", "14911", "18102"})
}

func testOnlineRetail(t *testing.T, limit int, sample []string) {
	path := dataset(t, OnlineRetailFile)
	facts := readRetailFacts(t, path, limit)
	if limit == 0 && (facts.rows != 541909 || len(facts.invoices) != 25900 || len(facts.customers) != 4372) {
		t.Fatalf("raw file: %d rows, %d invoices, %d customers; SOURCES.md documents 541,909, 25,900 and 4,372",
			facts.rows, len(facts.invoices), len(facts.customers))
	}
	st := openStore(t)
	ctx := context.Background()
	var calls int
	opts := Options{ReceivedAt: testReceivedAt, Limit: int64(limit), Progress: func(done, total int64) { calls++ }}
	start := time.Now()
	res, err := OnlineRetail(ctx, st, path, opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("imported %d rows as %d events in %v", res.Rows, res.Stored, time.Since(start))
	if res.Rows != int64(facts.rows) || calls == 0 {
		t.Errorf("rows read = %d, want %d; progress calls = %d", res.Rows, facts.rows, calls)
	}
	want := facts.expected()
	c := counts(t, st)
	if c.Customers != len(facts.customers) || c.Orders != want.orders || c.Anonymous != want.guests || c.Items != want.items {
		t.Errorf("counts = %+v, want customers %d, orders %d, anonymous %d, items %d",
			c, len(facts.customers), want.orders, want.guests, want.items)
	}
	ov, err := st.Overview(ctx, time.Date(2011, 12, 10, 0, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	if ov.Orders != want.orders || !near(ov.Revenue, want.revenue) {
		t.Errorf("overview orders %d revenue %.2f, want %d and %.2f", ov.Orders, ov.Revenue, want.orders, want.revenue)
	}
	for _, id := range sample {
		checkRetailCustomer(t, st, facts, id)
	}
	reimport(t, st, func() (Result, error) { return OnlineRetail(ctx, st, path, opts) })
}

func checkRetailCustomer(t *testing.T, st interface {
	Customer(context.Context, string) (*rapport.Customer, error)
}, facts *retailFacts, id string) {
	t.Helper()
	c, err := st.Customer(context.Background(), id)
	if err != nil {
		t.Errorf("customer %s: %v", id, err)
		return
	}
	orders, revenue, refunds, refunded := facts.customerFigures(id)
	s := c.Stats
	if !c.Known || s.Orders != orders || !near(s.Revenue, revenue) || s.Refunds != refunds || !near(s.RefundAmount, refunded) {
		t.Errorf("customer %s: known %v, orders %d revenue %.2f refunds %d refunded %.2f; want orders %d revenue %.2f refunds %d refunded %.2f",
			id, c.Known, s.Orders, s.Revenue, s.Refunds, s.RefundAmount, orders, revenue, refunds, refunded)
	}
	if c.Basic.Region != facts.firstRegion[id] || !c.Basic.RegisteredAt.Equal(facts.firstSeen[id]) {
		t.Errorf("customer %s: region %q registered %v, want %q and %v",
			id, c.Basic.Region, c.Basic.RegisteredAt, facts.firstRegion[id], facts.firstSeen[id])
	}
}
