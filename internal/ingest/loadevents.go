package ingest

import (
	"bytes"
	"strconv"
	"time"
)

// loadCategories are the product categories of generated events.
var loadCategories = []string{"shoes", "dresses", "skincare", "phones", "kitchen", "toys", "books", "sports"}

// appendLoadBatch writes a /v1/batch body of n generated events, numbered
// from first: a shop's mix of views, searches, cart adds, orders, pages and
// identifies, spread over cfg.Customers customers and three channels.
func appendLoadBatch(b *bytes.Buffer, cfg LoadConfig, first, n int, now time.Time) {
	ts := now.UTC().Format(time.RFC3339Nano)
	b.WriteString(`{"sentAt":"`)
	b.WriteString(ts)
	b.WriteString(`","batch":[`)
	for i := first; i < first+n; i++ {
		if i > first {
			b.WriteByte(',')
		}
		appendLoadEvent(b, cfg, i, ts)
	}
	b.WriteString(`]}`)
}

// appendLoadEvent writes generated event number i.
func appendLoadEvent(b *bytes.Buffer, cfg LoadConfig, i int, ts string) {
	customer := strconv.Itoa(i * 7919 % cfg.Customers)
	product := strconv.Itoa(i * 104729 % 5000)
	category := loadCategories[i%len(loadCategories)]
	b.WriteString(`{"messageId":"`)
	b.WriteString(cfg.RunID)
	b.WriteByte('-')
	b.WriteString(strconv.Itoa(i))
	b.WriteString(`","userId":"`)
	b.WriteString(cfg.RunID)
	b.WriteString("-c")
	b.WriteString(customer)
	b.WriteString(`","timestamp":"`)
	b.WriteString(ts)
	b.WriteString(`",`)
	b.WriteString(loadChannelContext[i%len(loadChannelContext)])
	appendLoadBody(b, cfg.RunID, i, product, category)
	b.WriteByte('}')
}

// loadChannelContext makes events look as if sent from an app, a
// mini-program and a website.
var loadChannelContext = []string{
	`"context":{"app":{"name":"Shop","version":"3.2.0"},"device":{"type":"ios"},"library":{"name":"analytics-ios","version":"4.1.8"}},`,
	`"context":{"library":{"name":"rudder-sdk-js-miniprogram","version":"1.0.0"}},`,
	`"context":{"page":{"path":"/p","url":"https://shop.example/p"},"userAgent":"Mozilla/5.0","library":{"name":"analytics.js","version":"5.0.0"}},`,
}

// appendLoadBody writes the type, name and properties of event i.
func appendLoadBody(b *bytes.Buffer, run string, i int, product, category string) {
	price := strconv.Itoa(20+i*31%980) + ".90"
	switch r := i % 100; {
	case r < 55:
		b.WriteString(`"type":"track","event":"Product Viewed","properties":{"product_id":"p` + product + `","category":"` + category + `","price":` + price + `}`)
	case r < 70:
		b.WriteString(`"type":"track","event":"Products Searched","properties":{"query":"` + category + ` sale"}`)
	case r < 82:
		b.WriteString(`"type":"track","event":"Product Added","properties":{"product_id":"p` + product + `","category":"` + category + `","price":` + price + `,"quantity":1}`)
	case r < 86:
		b.WriteString(`"type":"track","event":"Order Completed","properties":{"order_id":"` + run + `-o` + strconv.Itoa(i) + `","total":` + price +
			`,"currency":"CNY","products":[{"product_id":"p` + product + `","category":"` + category + `","price":` + price + `,"quantity":1}]}`)
	case r < 96:
		b.WriteString(`"type":"page","name":"Category","properties":{"path":"/c/` + category + `"}`)
	default:
		b.WriteString(`"type":"identify","traits":{"name":"Customer ` + product + `","gender":"female","city":"Hangzhou"}`)
	}
}
