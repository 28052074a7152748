package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/rapport-cx/rapport"
	"github.com/rapport-cx/rapport/internal/webhook"
)

// hooksView is the webhook settings page.
type hooksView struct {
	Endpoints  []rapport.WebhookEndpoint
	URLs       map[int64]string // endpoint id → URL, for the delivery log
	Deliveries []rapport.WebhookDelivery
	Created    *rapport.WebhookEndpoint // the endpoint just added, its secret shown once
	Error      string                   // translated problem with the last form
	URL, Types string                   // what was typed into the form that failed
}

// deliveryLogSize is how many recent deliveries the page shows.
const deliveryLogSize = 50

// webhooks lists endpoints and recent deliveries; admins only.
func (c *console) webhooks(w http.ResponseWriter, r *http.Request) {
	c.renderHooks(w, r, http.StatusOK, hooksView{})
}

func (c *console) renderHooks(w http.ResponseWriter, r *http.Request, status int, v hooksView) {
	eps, err := c.store.WebhookEndpoints(r.Context())
	if err != nil {
		c.fail(w, r, err)
		return
	}
	ds, err := c.store.WebhookDeliveries(r.Context(), deliveryLogSize)
	if err != nil {
		c.fail(w, r, err)
		return
	}
	v.Endpoints, v.Deliveries, v.URLs = eps, ds, make(map[int64]string, len(eps))
	for _, e := range eps {
		v.URLs[e.ID] = e.URL
	}
	c.render(w, r, status, webhooksPage(c.shell(r, "settings", "settings.hooks.title"), v))
}

// createWebhook adds the endpoint described in the form.
func (c *console) createWebhook(w http.ResponseWriter, r *http.Request) {
	rawURL, rawTypes := strings.TrimSpace(r.PostFormValue("url")), r.PostFormValue("types")
	var types []string
	for _, t := range strings.Split(rawTypes, ",") {
		if t = strings.TrimSpace(t); t != "" {
			types = append(types, t)
		}
	}
	e, err := webhook.CreateEndpoint(r.Context(), c.store, rawURL, types, c.clock.Now())
	if rapport.ErrorCode(err) == rapport.EINVALID {
		msg := "settings.hooks.url_invalid"
		if f := rapport.ErrorField(err); strings.HasPrefix(f, "types") {
			msg = "settings.hooks.types_invalid"
		}
		c.renderHooks(w, r, http.StatusBadRequest, hooksView{Error: msg, URL: rawURL, Types: rawTypes})
		return
	}
	if err != nil {
		c.fail(w, r, err)
		return
	}
	c.renderHooks(w, r, http.StatusOK, hooksView{Created: e})
}

// disableWebhook disables the endpoint named in the path.
func (c *console) disableWebhook(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		c.notFound(w, r)
		return
	}
	if err := c.store.DisableWebhookEndpoint(r.Context(), id); err != nil {
		c.fail(w, r, err)
		return
	}
	http.Redirect(w, r, "/settings/webhooks", http.StatusSeeOther)
}

// deliveryStateKey is the catalogue key of a delivery state.
func deliveryStateKey(state string) string {
	switch state {
	case rapport.DeliveryDelivered:
		return "settings.hooks.state.delivered"
	case rapport.DeliveryFailed:
		return "settings.hooks.state.failed"
	}
	return "settings.hooks.state.pending"
}
