package web

import (
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/rapport-cx/rapport"
)

// eventView is one timeline entry, readable by a person.
type eventView struct {
	Seq     int64
	Name    string // the event's name or type, for data-event
	Kind    string // style family: view, search, cart, order, refund, review, service, survey, identity, other
	Icon    string
	Label   string
	When    string
	Channel string
	Details []fact
}

// eventStyle is how one kind of event looks.
type eventStyle struct{ Kind, Icon string }

// eventStyles maps event names (and non-track types) to their look.
var eventStyles = map[string]eventStyle{
	rapport.EventProductViewed:    {"view", "◉"},
	rapport.EventProductsSearched: {"search", "?"},
	rapport.EventProductAdded:     {"cart", "+"},
	rapport.EventWishlistAdded:    {"cart", "♥"},
	rapport.EventCartViewed:       {"cart", "▤"},
	rapport.EventCheckoutStarted:  {"cart", "→"},
	rapport.EventOrderCompleted:   {"order", "✓"},
	rapport.EventOrderShipped:     {"order", "▸"},
	rapport.EventOrderDelivered:   {"order", "■"},
	rapport.EventOrderRefunded:    {"refund", "↩"},
	rapport.EventOrderCancelled:   {"refund", "✕"},
	rapport.EventReturnRequested:  {"refund", "↺"},
	rapport.EventProductReviewed:  {"review", "★"},
	rapport.EventTicketCreated:    {"service", "✉"},
	rapport.EventTicketResolved:   {"service", "✔"},
	rapport.EventSurveyResponded:  {"survey", "☺"},
	rapport.EventReferralDone:     {"survey", "♣"},
	rapport.EventSignedUp:         {"identity", "☆"},
	rapport.TypeIdentify:          {"identity", "@"},
	rapport.TypeAlias:             {"identity", "="},
	rapport.TypeGroup:             {"identity", "#"},
	rapport.TypePage:              {"view", "▢"},
	rapport.TypeScreen:            {"view", "▯"},
}

// viewEvent turns a stored event into a timeline entry.
func viewEvent(e *rapport.Event, l lang) eventView {
	key := e.Name
	if e.Type != rapport.TypeTrack {
		key = e.Type
	}
	style, ok := eventStyles[key]
	if !ok {
		style = eventStyle{"other", "•"}
	}
	label := translated(l, "event.", key)
	if e.Type == rapport.TypePage || e.Type == rapport.TypeScreen {
		label = l.T("event." + e.Type)
	}
	return eventView{
		Seq: e.Seq, Name: key, Kind: style.Kind, Icon: style.Icon, Label: label,
		When: formatTime(e.Timestamp), Channel: translated(l, "channel.", string(e.Channel)),
		Details: eventDetails(e, l),
	}
}

// eventDetails picks the properties that say what happened.
func eventDetails(e *rapport.Event, l lang) []fact {
	p := e.Properties
	switch e.Type {
	case rapport.TypeIdentify:
		return details(l, "name", traitName(e.Traits), "email", str(e.Traits, "email"), "phone", str(e.Traits, "phone"))
	case rapport.TypeAlias:
		return details(l, "previous_id", e.PreviousID)
	case rapport.TypeGroup:
		return details(l, "group", e.GroupID)
	case rapport.TypePage, rapport.TypeScreen:
		return details(l, "page", join(" · ", e.Name, str(p, "title")), "path", str(p, "path", "url"))
	}
	switch e.Name {
	case rapport.EventProductViewed, rapport.EventProductAdded, rapport.EventWishlistAdded:
		return productDetails(p, l)
	case rapport.EventProductsSearched:
		return details(l, "query", str(p, "query", "search", "keyword"))
	case rapport.EventCartViewed, rapport.EventCheckoutStarted, rapport.EventOrderCompleted:
		return orderDetails(p, l)
	case rapport.EventOrderRefunded:
		return details(l, "order", str(p, "order_id", "orderId"), "amount", money(p, "total", "refund_amount", "amount", "revenue"))
	case rapport.EventOrderCancelled, rapport.EventReturnRequested:
		return details(l, "order", str(p, "order_id", "orderId"), "reason", str(p, "reason", "return_reason"))
	case rapport.EventOrderShipped, rapport.EventOrderDelivered:
		return details(l, "order", str(p, "order_id", "orderId"))
	case rapport.EventProductReviewed:
		return reviewDetails(p, l)
	case rapport.EventTicketCreated, rapport.EventTicketResolved:
		return details(l, "ticket", str(p, "ticket_id", "case_id", "id"), "subject", str(p, "subject", "title", "topic"))
	case rapport.EventSurveyResponded:
		return details(l, "survey", str(p, "survey_type", "type", "survey"), "score", number(p, "nps", "score", "rating"),
			"comment", clip(str(p, "comment", "text", "feedback"), 200))
	}
	return otherDetails(p, l)
}

func productDetails(p map[string]any, l lang) []fact {
	return details(l, "product", join(" · ", str(p, "name"), str(p, "product_id", "productId", "sku")),
		"category", str(p, "category"), "price", money(p, "price"))
}

func orderDetails(p map[string]any, l lang) []fact {
	items, _ := p["products"].([]any)
	names := make([]string, 0, len(items))
	for _, it := range items {
		m, _ := it.(map[string]any)
		name := str(m, "name", "product_id", "sku")
		if q := number(m, "quantity"); q != "" && q != "1" && name != "" {
			name += " ×" + q
		}
		if name != "" {
			names = append(names, name)
		}
	}
	products := clip(strings.Join(names, ", "), 240)
	count := ""
	if len(items) > 0 {
		count = strconv.Itoa(len(items))
	}
	return details(l, "order", str(p, "order_id", "orderId", "checkout_id"), "total", money(p, "total", "revenue", "value"),
		"lines", count, "products", products)
}

func reviewDetails(p map[string]any, l lang) []fact {
	rating := number(p, "rating", "score", "stars")
	if rating != "" {
		rating += " ★"
	}
	return details(l, "product", join(" · ", str(p, "product_name", "name"), str(p, "product_id", "productId", "sku")),
		"rating", rating, "review", clip(join(" — ", str(p, "title", "review_title"), str(p, "body", "review_body", "text")), 280))
}

// otherDetails shows up to four plain properties of an event the console
// has no special view for, in name order.
func otherDetails(p map[string]any, l lang) []fact {
	keys := make([]string, 0, len(p))
	for k, v := range p {
		switch v.(type) {
		case string, float64, int, int64, bool:
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	var out []fact
	for _, k := range keys[:min(4, len(keys))] {
		out = append(out, fact{Label: k, Value: clip(fmt.Sprint(p[k]), 120)})
	}
	return out
}

// details builds facts from detail keys and values, skipping empty values.
func details(l lang, kv ...string) []fact {
	var out []fact
	for i := 0; i+1 < len(kv); i += 2 {
		if kv[i+1] != "" {
			out = append(out, fact{Key: kv[i], Label: l.T("detail." + kv[i]), Value: kv[i+1]})
		}
	}
	return out
}

// str returns the first non-empty text among the keys.
func str(m map[string]any, keys ...string) string {
	for _, k := range keys {
		switch v := m[k].(type) {
		case string:
			if s := strings.TrimSpace(v); s != "" {
				return s
			}
		case float64:
			return strconv.FormatFloat(v, 'f', -1, 64)
		}
	}
	return ""
}

// num returns the first number among the keys (numbers sent as text count).
func num(m map[string]any, keys ...string) (float64, bool) {
	for _, k := range keys {
		switch v := m[k].(type) {
		case float64:
			return v, true
		case int:
			return float64(v), true
		case int64:
			return float64(v), true
		case string:
			if f, err := strconv.ParseFloat(strings.TrimSpace(v), 64); err == nil {
				return f, true
			}
		}
	}
	return 0, false
}

// money formats the first amount among the keys, "" if there is none.
func money(m map[string]any, keys ...string) string {
	if v, ok := num(m, keys...); ok {
		return formatMoney(v)
	}
	return ""
}

// number formats the first number among the keys as written, "" if none.
func number(m map[string]any, keys ...string) string {
	if v, ok := num(m, keys...); ok {
		return strconv.FormatFloat(v, 'f', -1, 64)
	}
	return ""
}

// traitName is the person's name from identify traits.
func traitName(t map[string]any) string {
	if n := str(t, "name"); n != "" {
		return n
	}
	return join(" ", str(t, "firstName", "first_name"), str(t, "lastName", "last_name"))
}

// clip shortens text to at most n runes, marking the cut.
func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}
