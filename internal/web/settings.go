package web

import (
	"net/http"
	"strconv"

	"github.com/rapport-cx/rapport"
	"github.com/rapport-cx/rapport/internal/access"
)

// keysView is the write-key settings page.
type keysView struct {
	Keys    []rapport.WriteKey
	Created *rapport.WriteKey // the key just created, shown once highlighted
	Error   string            // translated problem with the last form, if any
	Source  string            // the source typed into the form that failed
}

// writeKeys lists the ingestion write keys; admins only.
func (c *console) writeKeys(w http.ResponseWriter, r *http.Request) {
	c.renderKeys(w, r, http.StatusOK, keysView{})
}

func (c *console) renderKeys(w http.ResponseWriter, r *http.Request, status int, v keysView) {
	keys, err := c.store.ListWriteKeys(r.Context())
	if err != nil {
		c.fail(w, r, err)
		return
	}
	v.Keys = keys
	c.render(w, r, status, writeKeysPage(c.shell(r, "settings", "settings.keys.title"), v))
}

// createWriteKey makes a key for the source named in the form.
func (c *console) createWriteKey(w http.ResponseWriter, r *http.Request) {
	source := r.PostFormValue("source")
	k, err := access.CreateWriteKey(r.Context(), c.store, source, c.clock.Now())
	if rapport.ErrorCode(err) == rapport.EINVALID {
		c.renderKeys(w, r, http.StatusBadRequest, keysView{Error: "settings.keys.source_invalid", Source: source})
		return
	}
	if err != nil {
		c.fail(w, r, err)
		return
	}
	c.renderKeys(w, r, http.StatusOK, keysView{Created: k})
}

// revokeWriteKey revokes the key named in the path.
func (c *console) revokeWriteKey(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		c.notFound(w, r)
		return
	}
	if err := c.store.RevokeWriteKey(r.Context(), id, c.clock.Now()); err != nil {
		c.fail(w, r, err)
		return
	}
	http.Redirect(w, r, "/settings", http.StatusSeeOther)
}
