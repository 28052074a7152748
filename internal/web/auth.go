package web

import (
	"net/http"
	"strings"
	"sync"

	"github.com/rapport-cx/rapport"
	"github.com/rapport-cx/rapport/internal/access"
)

// loginForm is what the login page shows.
type loginForm struct {
	Lang  lang
	CSRF  string
	Next  string
	Email string
	Error string // catalogue key of the message to show, if any
}

// loginPage shows the login form, or skips it for a logged-in user.
func (c *console) loginPage(w http.ResponseWriter, r *http.Request) {
	next := localPath(r.URL.Query().Get("next"))
	if v, err := c.session(r); err == nil && v != nil {
		http.Redirect(w, r, next, http.StatusSeeOther)
		return
	}
	c.renderLogin(w, r, http.StatusOK, loginForm{Next: next})
}

// renderLogin renders the login form with a fresh double-submit token.
func (c *console) renderLogin(w http.ResponseWriter, r *http.Request, status int, f loginForm) {
	f.Lang = loginLang(r)
	f.CSRF = loginToken(r)
	c.setCookie(w, loginCSRFCookie, f.CSRF, "/login", 0)
	c.render(w, r, status, loginView(f))
}

// loginToken keeps the browser's login form token, so a second login page
// (another tab, a stray redirect) does not invalidate the first, or makes one.
func loginToken(r *http.Request) string {
	if ck, err := r.Cookie(loginCSRFCookie); err == nil && len(ck.Value) >= 32 {
		return ck.Value
	}
	return access.NewToken("")
}

// loginLang is the login page's language: ?lang, else Accept-Language.
func loginLang(r *http.Request) lang {
	if l, ok := parseLang(r.FormValue("lang")); ok {
		return l
	}
	return negotiate(r.Header.Get("Accept-Language"))
}

// login checks the credentials and starts a session.
func (c *console) login(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, maxFormBytes)
	f := loginForm{Next: localPath(r.PostFormValue("next")), Email: strings.TrimSpace(r.PostFormValue("email"))}
	ck, err := r.Cookie(loginCSRFCookie)
	if err != nil || !sameToken(r.PostFormValue("csrf"), ck.Value) {
		f.Error = "login.expired"
		c.renderLogin(w, r, http.StatusForbidden, f)
		return
	}
	u, err := c.authenticate(r, f.Email, r.PostFormValue("password"))
	if err != nil {
		c.fail(w, r, err)
		return
	}
	if u == nil {
		f.Error = "login.failed"
		c.renderLogin(w, r, http.StatusUnauthorized, f)
		return
	}
	if err := c.startSession(w, r, u); err != nil {
		c.fail(w, r, err)
		return
	}
	c.setCookie(w, loginCSRFCookie, "", "/login", -1)
	http.Redirect(w, r, f.Next, http.StatusSeeOther)
}

// dummyHash is checked against when the email is unknown, so a wrong email
// takes as long as a wrong password.
var dummyHash = sync.OnceValue(func() string {
	h, _ := access.HashPassword(access.NewToken("no-user-"))
	return h
})

// authenticate returns the user whose credentials these are, or nil.
func (c *console) authenticate(r *http.Request, email, password string) (*rapport.User, error) {
	u, err := c.store.UserByEmail(r.Context(), email)
	if rapport.ErrorCode(err) == rapport.ENOTFOUND || email == "" {
		access.CheckPassword(dummyHash(), password)
		return nil, nil
	} else if err != nil {
		return nil, err
	}
	if !access.CheckPassword(u.PasswordHash, password) {
		return nil, nil
	}
	return u, nil
}

// startSession stores a new session and sets its cookie. A user without a
// language keeps the one the login page was shown in.
func (c *console) startSession(w http.ResponseWriter, r *http.Request, u *rapport.User) error {
	now := c.clock.Now()
	token := access.NewToken(access.SessionPrefix)
	s := &rapport.Session{
		TokenHash: access.HashToken(token),
		UserID:    u.ID,
		CSRF:      access.NewToken(""),
		ExpiresAt: now.Add(SessionTTL),
		CreatedAt: now,
	}
	if err := c.store.CreateSession(r.Context(), s); err != nil {
		return err
	}
	if _, ok := parseLang(u.Locale); !ok {
		if err := c.store.SetUserLocale(r.Context(), u.ID, string(loginLang(r))); err != nil {
			return err
		}
	}
	c.setCookie(w, sessionCookie, token, "/", int(SessionTTL.Seconds()))
	return nil
}

// logout ends the session.
func (c *console) logout(w http.ResponseWriter, r *http.Request) {
	if err := c.store.DeleteSession(r.Context(), viewerFrom(r.Context()).Session.TokenHash); err != nil {
		c.fail(w, r, err)
		return
	}
	c.setCookie(w, sessionCookie, "", "/", -1)
	http.Redirect(w, r, "/login", http.StatusSeeOther)
}

// switchLocale remembers the user's console language and returns to the page.
func (c *console) switchLocale(w http.ResponseWriter, r *http.Request) {
	l, ok := parseLang(r.PostFormValue("lang"))
	if !ok {
		http.Error(w, "unknown language", http.StatusBadRequest)
		return
	}
	v := viewerFrom(r.Context())
	if err := c.store.SetUserLocale(r.Context(), v.User.ID, string(l)); err != nil {
		c.fail(w, r, err)
		return
	}
	http.Redirect(w, r, localPath(r.PostFormValue("next")), http.StatusSeeOther)
}
