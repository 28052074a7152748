package web

import (
	"context"
	"crypto/subtle"
	"net/http"
	"net/url"
	"strings"

	"github.com/rapport-cx/rapport"
	"github.com/rapport-cx/rapport/internal/access"
)

// Cookie names of the console.
const (
	sessionCookie   = "rapport_session"
	loginCSRFCookie = "rapport_login_csrf"
)

// maxFormBytes bounds the body of every console form.
const maxFormBytes = 64 << 10

// viewer is the logged-in user behind a request.
type viewer struct {
	User    *rapport.User
	Session *rapport.Session
}

type viewerKey struct{}

// UserFromContext returns the console user of a request handled by the
// console, or nil outside a session. Pages check its Role.
func UserFromContext(ctx context.Context) *rapport.User {
	if v, ok := ctx.Value(viewerKey{}).(*viewer); ok {
		return v.User
	}
	return nil
}

// HasRole reports whether the request's user has one of the roles.
func HasRole(ctx context.Context, roles ...rapport.Role) bool {
	u := UserFromContext(ctx)
	if u == nil {
		return false
	}
	for _, r := range roles {
		if u.Role == r {
			return true
		}
	}
	return false
}

func viewerFrom(ctx context.Context) *viewer {
	v, _ := ctx.Value(viewerKey{}).(*viewer)
	return v
}

// session returns the viewer of the request's session cookie, or nil when
// there is no valid session.
func (c *console) session(r *http.Request) (*viewer, error) {
	ck, err := r.Cookie(sessionCookie)
	if err != nil || ck.Value == "" {
		return nil, nil
	}
	s, err := c.store.SessionByTokenHash(r.Context(), access.HashToken(ck.Value), c.clock.Now())
	if rapport.ErrorCode(err) == rapport.ENOTFOUND {
		return nil, nil
	} else if err != nil {
		return nil, err
	}
	u, err := c.store.UserByID(r.Context(), s.UserID)
	if rapport.ErrorCode(err) == rapport.ENOTFOUND {
		return nil, nil
	} else if err != nil {
		return nil, err
	}
	return &viewer{User: u, Session: s}, nil
}

// adminOnly answers 403 to anyone but an administrator; it goes inside page
// or action, which establish who is asking.
func (c *console) adminOnly(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if !HasRole(r.Context(), rapport.RoleAdmin) {
			c.problem(w, r, http.StatusForbidden, "error.admin_only")
			return
		}
		h(w, r)
	}
}

// page wraps a handler that needs a logged-in user; others go to /login.
func (c *console) page(h http.HandlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		v, err := c.session(r)
		if err != nil {
			c.fail(w, r, err)
			return
		}
		if v == nil {
			c.toLogin(w, r)
			return
		}
		h(w, r.WithContext(context.WithValue(r.Context(), viewerKey{}, v)))
	})
}

// action wraps a POST handler: it needs a session and its CSRF token, sent
// as the "csrf" form field or the X-CSRF-Token header.
func (c *console) action(h http.HandlerFunc) http.Handler {
	return c.page(func(w http.ResponseWriter, r *http.Request) {
		r.Body = http.MaxBytesReader(w, r.Body, maxFormBytes)
		token := r.Header.Get("X-CSRF-Token")
		if token == "" {
			token = r.PostFormValue("csrf")
		}
		if !sameToken(token, viewerFrom(r.Context()).Session.CSRF) {
			c.forbidden(w, r)
			return
		}
		h(w, r)
	})
}

// toLogin sends a visitor without a session to the login page, remembering
// where they were going.
func (c *console) toLogin(w http.ResponseWriter, r *http.Request) {
	target := "/login"
	if r.Method == http.MethodGet && r.URL.Path != "/" {
		target += "?next=" + url.QueryEscape(r.URL.RequestURI())
	}
	if r.Header.Get("HX-Request") == "true" {
		w.Header().Set("HX-Redirect", target)
		w.WriteHeader(http.StatusUnauthorized)
		return
	}
	http.Redirect(w, r, target, http.StatusSeeOther)
}

// localPath returns next if it is a path on this site, else "/".
func localPath(next string) string {
	if next == "" || next[0] != '/' || strings.HasPrefix(next, "//") || strings.ContainsAny(next, "\\\r\n") {
		return "/"
	}
	return next
}

// sameToken compares two secrets in constant time; empty never matches.
func sameToken(got, want string) bool {
	return got != "" && want != "" && subtle.ConstantTimeCompare([]byte(got), []byte(want)) == 1
}

// setCookie writes a console cookie with the console's security attributes.
func (c *console) setCookie(w http.ResponseWriter, name, value, path string, maxAge int) {
	http.SetCookie(w, &http.Cookie{
		Name: name, Value: value, Path: path, MaxAge: maxAge,
		HttpOnly: true, Secure: c.secure, SameSite: http.SameSiteLaxMode,
	})
}
