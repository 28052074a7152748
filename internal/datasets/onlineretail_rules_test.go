package datasets

import (
	"context"
	"strings"
	"testing"
)

const retailHeader = "InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country"

func TestOnlineRetailRules(t *testing.T) {
	path := writeFile(t, "retail.csv", true, retailHeader,
		"100,A1,RED LUNCH BAG,2,2011-01-05 09:00:00,1.5,17850.0,United Kingdom",
		"101,B2,WHITE CANDLE,1,2011-01-05 09:01:00,3.0,,France", // guest, interleaved with 100
		"100,B2,WHITE CANDLE,4,2011-01-05 09:02:00,3.0,17850.0,United Kingdom",
		"102,A1,?,-5,2011-01-05 10:00:00,0,,United Kingdom",         // stock adjustment: skipped
		"C103,A1,RED LUNCH BAG,-1,2011-01-05 11:00:00,1.5,,Germany", // guest cancellation: skipped
		"C104,A1,RED LUNCH BAG,-2,2011-01-06 09:00:00,1.5,17850.0,United Kingdom",
		"A105,B,Adjust bad debt,1,2011-01-06 10:00:00,500,,United Kingdom",
	)
	st := openStore(t)
	res, err := OnlineRetail(context.Background(), st, path, Options{ReceivedAt: testReceivedAt})
	if err != nil {
		t.Fatal(err)
	}
	if c := counts(t, st); c.Orders != 2 || c.Customers != 1 || c.Anonymous != 1 || c.Items != 3 || res.Skipped != 3 {
		t.Errorf("counts %+v, skipped %d; want orders 100 and 101, one customer, one guest, 3 items, 3 rows skipped", c, res.Skipped)
	}
	c := customer(t, st, "17850")
	if s := c.Stats; s.Orders != 1 || s.Revenue != 15 || s.Refunds != 1 || s.RefundAmount != 3 {
		t.Errorf("17850 stats: orders %d revenue %v refunds %d refunded %v; want 1, 15, 1, 3", s.Orders, s.Revenue, s.Refunds, s.RefundAmount)
	}
	if g := customer(t, st, "anon:guest-101"); g.Stats.Orders != 1 || g.Stats.Revenue != 3 {
		t.Errorf("guest 101: %+v, want one order of 3.00", g.Stats)
	}
}

func TestOnlineRetailInvoiceAcrossDays(t *testing.T) {
	path := writeFile(t, "retail.csv", false, retailHeader,
		"100,A1,RED LUNCH BAG,2,2011-01-05 09:00:00,1.5,17850.0,United Kingdom",
		"101,A1,RED LUNCH BAG,2,2011-01-06 09:00:00,1.5,17850.0,United Kingdom",
		"100,A1,RED LUNCH BAG,2,2011-01-06 09:30:00,1.5,17850.0,United Kingdom",
	)
	_, err := OnlineRetail(context.Background(), openStore(t), path, Options{})
	if err == nil || !strings.Contains(err.Error(), "line 4") || !strings.Contains(err.Error(), "invoice 100") {
		t.Errorf("error = %v, want one naming line 4 and invoice 100", err)
	}
}

func TestRetailCategory(t *testing.T) {
	cases := []struct{ code, desc, want string }{
		{"85123A", "WHITE HANGING HEART T-LIGHT HOLDER", "Lighting & candles"},
		{"22386", "JUMBO BAG PINK POLKADOT", "Bags"},
		{"22112", "CHOCOLATE HOT WATER BOTTLE", "Kitchen & dining"},
		{"22086", "PAPER CHAIN KIT 50'S CHRISTMAS ", "Christmas"},
		{"48194", "DOORMAT HEARTS", "Home decor"},
		{"POST", "POSTAGE", ""},
		{"90000", "MYSTERY THING", ""},
	}
	for _, c := range cases {
		if got := RetailCategory(c.code, c.desc); got != c.want {
			t.Errorf("RetailCategory(%q, %q) = %q, want %q", c.code, c.desc, got, c.want)
		}
	}
}
