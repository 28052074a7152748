package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/rapport-cx/rapport"
)

// searchPageSize is how many customers one page of search results shows.
const searchPageSize = 25

// searchView is one page of customer search results.
type searchView struct {
	Query string
	Rows  []rapport.CustomerSummary
	Total int
	Page  int // 1-based
	Pages int
}

// PrevURL is the address of the previous page, "" on the first.
func (v searchView) PrevURL() string {
	if v.Page <= 1 {
		return ""
	}
	return searchURL(v.Query, v.Page-1)
}

// NextURL is the address of the next page, "" on the last.
func (v searchView) NextURL() string {
	if v.Page >= v.Pages {
		return ""
	}
	return searchURL(v.Query, v.Page+1)
}

func searchURL(q string, page int) string {
	vals := url.Values{}
	if q != "" {
		vals.Set("q", q)
	}
	if page > 1 {
		vals.Set("page", strconv.Itoa(page))
	}
	if len(vals) == 0 {
		return "/customers"
	}
	return "/customers?" + vals.Encode()
}

// customers searches profiles; htmx requests get only the results.
func (c *console) customers(w http.ResponseWriter, r *http.Request) {
	v := searchView{Query: strings.TrimSpace(r.URL.Query().Get("q")), Page: 1}
	if p, err := strconv.Atoi(r.URL.Query().Get("page")); err == nil && p > 1 {
		v.Page = p
	}
	rows, total, err := c.store.SearchCustomers(r.Context(), rapport.CustomerQuery{
		Text: v.Query, Offset: (v.Page - 1) * searchPageSize, Limit: searchPageSize,
	})
	if err != nil {
		c.fail(w, r, err)
		return
	}
	v.Rows, v.Total = rows, total
	v.Pages = max(1, (total+searchPageSize-1)/searchPageSize)
	s := c.shell(r, "customers", "nav.customers")
	w.Header().Set("Vary", "HX-Request")
	if r.Header.Get("HX-Request") == "true" {
		c.render(w, r, http.StatusOK, customerResults(s.Lang, v))
		return
	}
	c.render(w, r, http.StatusOK, customersPage(s, v))
}

// customerURL is the address of a customer's 360 page.
func customerURL(id string) string {
	return "/customers/" + url.PathEscape(id)
}

// displayName is how a customer is named on screen.
func displayName(l lang, name, email, id string, known bool) string {
	switch {
	case name != "":
		return name
	case email != "":
		return email
	case !known:
		return l.T("customer.anonymous")
	default:
		return id
	}
}
