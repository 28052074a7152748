package web

import (
	"fmt"
	"net/http"
	"sort"
	"strconv"
	"strings"

	"github.com/rapport-cx/rapport"
)

// ordersShown is how many recent orders the Customer 360 lists.
const ordersShown = 20

// fact is one labelled value; Key and Raw, when set, become data-stat and
// data-value so tests and scripts can read the figure.
type fact struct {
	Key   string
	Label string
	Value string
	Raw   string
}

// counted is a text with how often it occurred: a search term, a return reason.
type counted struct {
	Text  string
	Count int
}

// channelRow is one channel's activity.
type channelRow struct {
	Label    string
	Stats    rapport.ChannelStats
	LastSeen string
}

// categoryRow is one category's interest.
type categoryRow struct {
	Name  string
	Stats rapport.CategoryStats
}

// customerView is the Customer 360 page's content.
type customerView struct {
	Customer   *rapport.Customer
	Name       string
	Basic      []fact
	Activity   []fact
	Behaviour  []fact
	Commerce   []fact
	Feedback   []fact
	Channels   []channelRow
	Terms      []counted
	Reasons    []counted
	Categories []categoryRow
	Orders     []rapport.Order
	Timeline   timelineView
	Predicted  *predictedView // nil until a model run tags the customer
}

// customer shows one customer's whole history on one screen.
func (c *console) customer(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	cust, err := c.store.Customer(r.Context(), id)
	if err != nil {
		c.fail(w, r, err)
		return
	}
	if cust.ID != id { // a merged anonymous id: show the known customer
		http.Redirect(w, r, customerURL(cust.ID), http.StatusSeeOther)
		return
	}
	orders, err := c.store.Orders(r.Context(), cust.ID, ordersShown)
	if err != nil {
		c.fail(w, r, err)
		return
	}
	s := c.shell(r, "customers", "customer.title")
	tl, err := c.timelinePage(r, cust.ID, 0, s.Lang)
	if err != nil {
		c.fail(w, r, err)
		return
	}
	v := newCustomerView(cust, orders, tl, s.Lang)
	if v.Predicted, err = c.predictedTags(r.Context(), cust.ID, s.Lang); err != nil {
		c.fail(w, r, err)
		return
	}
	s.Title = v.Name
	c.render(w, r, http.StatusOK, customerPage(s, v))
}

func newCustomerView(cust *rapport.Customer, orders []rapport.Order, tl timelineView, l lang) customerView {
	st := &cust.Stats
	return customerView{
		Customer:   cust,
		Name:       displayName(l, cust.Name, cust.Email, cust.ID, cust.Known),
		Basic:      basicFacts(&cust.Basic, l),
		Activity:   activityFacts(st, l),
		Behaviour:  behaviourFacts(st, l),
		Commerce:   commerceFacts(st, l),
		Feedback:   feedbackFacts(st, l),
		Channels:   channelRows(st, l),
		Terms:      byCount(st.SearchTerms),
		Reasons:    byCount(st.ReturnReasons),
		Categories: categoryRows(st),
		Orders:     orders,
		Timeline:   tl,
	}
}

func basicFacts(b *rapport.Basic, l lang) []fact {
	age := b.AgeBand
	if b.Age > 0 {
		age = l.Tf("basic.age_value", b.AgeBand, b.Age)
	}
	place := b.Region
	if b.City != "" && b.City != b.Region {
		place = join(" · ", b.Region, b.City)
	}
	return []fact{
		{Label: l.T("basic.age"), Value: orDash(age)},
		{Label: l.T("basic.gender"), Value: orDash(translated(l, "gender.", b.Gender))},
		{Label: l.T("basic.region"), Value: orDash(place)},
		{Label: l.T("basic.occupation"), Value: orDash(b.Occupation)},
		{Label: l.T("basic.income"), Value: orDash(b.IncomeBand)},
		{Label: l.T("basic.household"), Value: orDash(b.Household)},
		{Label: l.T("basic.registered"), Value: orDash(formatDate(b.RegisteredAt))},
		{Label: l.T("basic.channel"), Value: orDash(translated(l, "channel.", string(b.Channel)))},
	}
}

func activityFacts(s *rapport.Stats, l lang) []fact {
	return []fact{
		{Key: "first_seen", Label: l.T("stat.first_seen"), Value: orDash(formatTime(s.FirstSeen))},
		{Key: "last_seen", Label: l.T("stat.last_seen"), Value: orDash(formatTime(s.LastSeen))},
		intFact("events", l, s.Events),
		intFact("searches", l, s.Searches),
		intFact("cart_adds", l, s.CartAdds),
		intFact("wishlist_adds", l, s.WishlistAdds),
		intFact("checkouts", l, s.Checkouts),
	}
}

// behaviourFacts are the behaviour tags; Raw carries the API's value.
func behaviourFacts(s *rapport.Stats, l lang) []fact {
	b := s.Behaviour()
	hours := make([]string, len(b.ActiveHours))
	for i, h := range b.ActiveHours {
		hours[i] = fmt.Sprintf("%02d:00", h)
	}
	band := ""
	if b.PriceBand != "" {
		band = l.T("price_band." + b.PriceBand)
	}
	channel := ""
	if b.PreferredChannel != "" {
		channel = translated(l, "channel.", string(b.PreferredChannel))
	}
	return []fact{
		{Key: "categories", Label: l.T("behaviour.categories"), Value: orDash(strings.Join(b.Categories, ", ")), Raw: strings.Join(b.Categories, ",")},
		{Key: "price_band", Label: l.T("behaviour.price_band"), Value: orDash(band), Raw: b.PriceBand},
		{Key: "preferred_channel", Label: l.T("behaviour.preferred_channel"), Value: orDash(channel), Raw: string(b.PreferredChannel)},
		{Key: "active_hours", Label: l.T("behaviour.active_hours"), Value: orDash(strings.Join(hours, ", ")), Raw: strings.Join(hours, ",")},
		{Key: "search_interests", Label: l.T("behaviour.search_interests"), Value: orDash(strings.Join(b.SearchInterests, ", ")), Raw: strings.Join(b.SearchInterests, ",")},
		{Key: "return_propensity", Label: l.T("behaviour.return_propensity"), Value: fmt.Sprintf("%.2f", b.ReturnPropensity), Raw: fmt.Sprint(b.ReturnPropensity)},
	}
}

func commerceFacts(s *rapport.Stats, l lang) []fact {
	return []fact{
		intFact("orders", l, s.Orders),
		moneyFact("revenue", l, s.Revenue),
		moneyFact("average_order_value", l, s.AverageOrderValue()),
		{Key: "first_order", Label: l.T("stat.first_order"), Value: orDash(formatTime(s.FirstOrderAt))},
		{Key: "last_order", Label: l.T("stat.last_order"), Value: orDash(formatTime(s.LastOrderAt))},
		{Key: "last_order_id", Label: l.T("stat.last_order_id"), Value: orDash(s.LastOrderID)},
		intFact("refunds", l, s.Refunds),
		moneyFact("refund_amount", l, s.RefundAmount),
		intFact("cancellations", l, s.Cancellations),
		intFact("returns", l, s.Returns),
	}
}

func feedbackFacts(s *rapport.Stats, l lang) []fact {
	rating := fact{Key: "average_rating", Label: l.T("stat.average_rating"), Value: "—", Raw: "0"}
	if s.Reviews > 0 {
		rating.Value, rating.Raw = formatRating(s.AverageRating())+" ★", rawFloat(s.AverageRating())
	}
	nps := fact{Key: "last_nps", Label: l.T("stat.last_nps"), Value: "—"}
	if s.LastNPS != nil {
		nps.Value, nps.Raw = strconv.Itoa(*s.LastNPS), strconv.Itoa(*s.LastNPS)
	}
	return []fact{
		intFact("reviews", l, s.Reviews),
		rating,
		intFact("tickets", l, s.Tickets),
		{Key: "last_ticket", Label: l.T("stat.last_ticket"), Value: orDash(formatTime(s.LastTicketAt))},
		intFact("surveys", l, s.Surveys),
		nps,
		intFact("referrals", l, s.Referrals),
	}
}

func intFact(key string, l lang, n int) fact {
	return fact{Key: key, Label: l.T("stat." + key), Value: formatInt(n), Raw: strconv.Itoa(n)}
}

func moneyFact(key string, l lang, v float64) fact {
	return fact{Key: key, Label: l.T("stat." + key), Value: formatMoney(v), Raw: rawFloat(v)}
}

func channelRows(s *rapport.Stats, l lang) []channelRow {
	var rows []channelRow
	for _, ch := range rapport.Channels {
		if cs := s.Channels[ch]; cs != nil {
			rows = append(rows, channelRow{Label: translated(l, "channel.", string(ch)), Stats: *cs, LastSeen: formatDate(cs.LastSeen)})
		}
	}
	for ch, cs := range s.Channels { // channels outside the known list, if any
		if !knownChannel(ch) {
			rows = append(rows, channelRow{Label: string(ch), Stats: *cs, LastSeen: formatDate(cs.LastSeen)})
		}
	}
	return rows
}

func knownChannel(ch rapport.Channel) bool {
	for _, k := range rapport.Channels {
		if k == ch {
			return true
		}
	}
	return false
}

// byCount orders counted texts, most frequent first, then alphabetically.
func byCount(m map[string]int) []counted {
	out := make([]counted, 0, len(m))
	for k, n := range m {
		out = append(out, counted{Text: k, Count: n})
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Count != out[j].Count {
			return out[i].Count > out[j].Count
		}
		return out[i].Text < out[j].Text
	})
	return out
}

// categoryRows orders categories by revenue, then orders, views and name.
func categoryRows(s *rapport.Stats) []categoryRow {
	out := make([]categoryRow, 0, len(s.Categories))
	for name, cs := range s.Categories {
		out = append(out, categoryRow{Name: name, Stats: *cs})
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i].Stats, out[j].Stats
		switch {
		case a.Revenue != b.Revenue:
			return a.Revenue > b.Revenue
		case a.Orders != b.Orders:
			return a.Orders > b.Orders
		case a.Views != b.Views:
			return a.Views > b.Views
		}
		return out[i].Name < out[j].Name
	})
	return out
}

// translated looks up prefix+value in the catalogue, falling back to the value.
func translated(l lang, prefix, value string) string {
	if value == "" {
		return ""
	}
	if m := l.T(prefix + value); m != prefix+value {
		return m
	}
	return value
}

// join joins the non-empty parts with sep.
func join(sep string, parts ...string) string {
	out := ""
	for _, p := range parts {
		if p == "" {
			continue
		}
		if out != "" {
			out += sep
		}
		out += p
	}
	return out
}

// itemsSummary lists an order's lines as "name ×qty, …".
func itemsSummary(items []rapport.OrderItem) string {
	parts := make([]string, 0, len(items))
	for _, it := range items {
		name := it.Name
		if name == "" {
			name = it.ProductID
		}
		if it.Quantity != 1 {
			name += " ×" + strconv.Itoa(it.Quantity)
		}
		parts = append(parts, name)
	}
	return clip(strings.Join(parts, ", "), 300)
}
