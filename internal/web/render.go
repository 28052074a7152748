package web

import (
	"bytes"
	"net/http"

	"github.com/a-h/templ"

	"github.com/rapport-cx/rapport"
)

// shell is what the page layout needs besides the page's own content.
type shell struct {
	Lang   lang
	Title  string // translated page title
	Active string // key of the navigation section the page belongs to
	User   *rapport.User
	CSRF   string
	Here   string // the page's address, to come back to after a language switch
}

// shell returns the layout data of a page in a section.
func (c *console) shell(r *http.Request, active, titleKey string) shell {
	v := viewerFrom(r.Context())
	l := userLang(v.User.Locale)
	return shell{
		Lang: l, Title: l.T(titleKey), Active: active,
		User: v.User, CSRF: v.Session.CSRF, Here: r.URL.RequestURI(),
	}
}

// render writes a component as the whole response, or a 500 if it fails.
func (c *console) render(w http.ResponseWriter, r *http.Request, status int, comp templ.Component) {
	var buf bytes.Buffer
	if err := comp.Render(r.Context(), &buf); err != nil {
		c.log.Error("web: render", "path", r.URL.Path, "err", err)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_, _ = w.Write(buf.Bytes())
}

// fail answers a failed request: the not-found page when the error says the
// thing does not exist, otherwise it logs the error and shows a generic page.
func (c *console) fail(w http.ResponseWriter, r *http.Request, err error) {
	if rapport.ErrorCode(err) == rapport.ENOTFOUND {
		c.notFound(w, r)
		return
	}
	c.log.Error("web: request failed", "method", r.Method, "path", r.URL.Path, "err", err)
	c.problem(w, r, http.StatusInternalServerError, "error.internal")
}

// forbidden refuses a request, e.g. a form without its CSRF token.
func (c *console) forbidden(w http.ResponseWriter, r *http.Request) {
	c.problem(w, r, http.StatusForbidden, "error.forbidden")
}

// notFound shows the page for an address the console does not have.
func (c *console) notFound(w http.ResponseWriter, r *http.Request) {
	c.problem(w, r, http.StatusNotFound, "error.notfound")
}

// problem shows an error message inside the layout when there is a session.
func (c *console) problem(w http.ResponseWriter, r *http.Request, status int, key string) {
	if viewerFrom(r.Context()) == nil {
		l := negotiate(r.Header.Get("Accept-Language"))
		http.Error(w, l.T(key), status)
		return
	}
	s := c.shell(r, "", "error.title")
	c.render(w, r, status, problemPage(s, key))
}

// later shows the honest placeholder of a capability not built yet.
func (c *console) later(key string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		c.render(w, r, http.StatusOK, laterPage(c.shell(r, key, "nav."+key), key))
	}
}
