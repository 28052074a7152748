package storetest

import (
	"reflect"
	"testing"
	"time"

	"github.com/rapport-cx/rapport"
)

var accessTests = []scenario{
	{"Users", testUsers},
	{"Sessions", testSessions},
	{"APITokens", testAPITokens},
	{"WriteKeys", testWriteKeys},
}

func newUser(email string) *rapport.User {
	return &rapport.User{Email: email, Name: "Wang Fang", Role: rapport.RoleAnalyst, Locale: "zh",
		PasswordHash: "$2a$10$hash", CreatedAt: day0}
}

func testUsers(t *testing.T, s rapport.Store) {
	ctx := t.Context()
	if n, err := s.CountUsers(ctx); err != nil || n != 0 {
		t.Fatalf("CountUsers on an empty store: %d %v", n, err)
	}
	u := newUser("fang@example.com")
	if err := s.CreateUser(ctx, u); err != nil || u.ID == 0 {
		t.Fatalf("CreateUser: id %d %v", u.ID, err)
	}
	wantCode(t, s.CreateUser(ctx, newUser("FANG@example.com")), rapport.ECONFLICT)
	got, err := s.UserByEmail(ctx, "Fang@Example.com")
	if err != nil || !reflect.DeepEqual(got, u) {
		t.Fatalf("UserByEmail: %+v %v, want %+v", got, err, u)
	}
	if got, err := s.UserByID(ctx, u.ID); err != nil || got.Email != u.Email {
		t.Fatalf("UserByID: %+v %v", got, err)
	}
	_, err = s.UserByID(ctx, u.ID+100)
	wantCode(t, err, rapport.ENOTFOUND)
	_, err = s.UserByEmail(ctx, "nobody@example.com")
	wantCode(t, err, rapport.ENOTFOUND)
	if err := s.SetUserLocale(ctx, u.ID, "en"); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.UserByID(ctx, u.ID); got.Locale != "en" {
		t.Fatalf("locale %q, want en", got.Locale)
	}
	if n, err := s.CountUsers(ctx); err != nil || n != 1 {
		t.Fatalf("CountUsers: %d %v", n, err)
	}
}

func testSessions(t *testing.T, s rapport.Store) {
	ctx := t.Context()
	u := newUser("agent@example.com")
	if err := s.CreateUser(ctx, u); err != nil {
		t.Fatal(err)
	}
	sess := &rapport.Session{TokenHash: "h1", UserID: u.ID, CSRF: "c1", ExpiresAt: at(time.Hour), CreatedAt: day0}
	if err := s.CreateSession(ctx, sess); err != nil {
		t.Fatal(err)
	}
	got, err := s.SessionByTokenHash(ctx, "h1", at(time.Minute))
	if err != nil || !reflect.DeepEqual(got, sess) {
		t.Fatalf("SessionByTokenHash: %+v %v", got, err)
	}
	_, err = s.SessionByTokenHash(ctx, "h1", at(2*time.Hour))
	wantCode(t, err, rapport.ENOTFOUND)
	if err := s.DeleteSession(ctx, "h1"); err != nil {
		t.Fatal(err)
	}
	_, err = s.SessionByTokenHash(ctx, "h1", at(time.Minute))
	wantCode(t, err, rapport.ENOTFOUND)
}

func testAPITokens(t *testing.T, s rapport.Store) {
	ctx := t.Context()
	tok := &rapport.APIToken{Name: "bi", Prefix: "rpt_ab", Hash: "th1", Scopes: []string{rapport.ScopeRead}, CreatedAt: day0}
	other := &rapport.APIToken{Name: "ops", Prefix: "rpt_cd", Hash: "th2", Scopes: []string{rapport.ScopeRead, rapport.ScopeWrite}, CreatedAt: day0}
	for _, x := range []*rapport.APIToken{tok, other} {
		if err := s.CreateAPIToken(ctx, x); err != nil || x.ID == 0 {
			t.Fatalf("CreateAPIToken: id %d %v", x.ID, err)
		}
	}
	got, err := s.APITokenByHash(ctx, "th1")
	if err != nil || !reflect.DeepEqual(got, tok) {
		t.Fatalf("APITokenByHash: %+v %v, want %+v", got, err, tok)
	}
	if err := s.RevokeAPIToken(ctx, tok.ID, at(time.Hour)); err != nil {
		t.Fatal(err)
	}
	_, err = s.APITokenByHash(ctx, "th1")
	wantCode(t, err, rapport.ENOTFOUND)
	wantCode(t, s.RevokeAPIToken(ctx, other.ID+100, at(time.Hour)), rapport.ENOTFOUND)
	list, err := s.ListAPITokens(ctx)
	if err != nil || len(list) != 2 || !list[0].RevokedAt.Equal(at(time.Hour)) || !reflect.DeepEqual(list[1], *other) {
		t.Fatalf("ListAPITokens: %+v %v", list, err)
	}
}

func testWriteKeys(t *testing.T, s rapport.Store) {
	ctx := t.Context()
	k := &rapport.WriteKey{Key: "wk_app", Source: "app", CreatedAt: day0}
	if err := s.CreateWriteKey(ctx, k); err != nil || k.ID == 0 {
		t.Fatalf("CreateWriteKey: id %d %v", k.ID, err)
	}
	wantCode(t, s.CreateWriteKey(ctx, &rapport.WriteKey{Key: "wk_app", Source: "web", CreatedAt: day0}), rapport.ECONFLICT)
	got, err := s.WriteKeyByKey(ctx, "wk_app")
	if err != nil || !reflect.DeepEqual(got, k) {
		t.Fatalf("WriteKeyByKey: %+v %v, want %+v", got, err, k)
	}
	if err := s.RevokeWriteKey(ctx, k.ID, at(time.Hour)); err != nil {
		t.Fatal(err)
	}
	_, err = s.WriteKeyByKey(ctx, "wk_app")
	wantCode(t, err, rapport.ENOTFOUND)
	wantCode(t, s.RevokeWriteKey(ctx, k.ID+100, at(time.Hour)), rapport.ENOTFOUND)
	list, err := s.ListWriteKeys(ctx)
	if err != nil || len(list) != 1 || !list[0].RevokedAt.Equal(at(time.Hour)) {
		t.Fatalf("ListWriteKeys: %+v %v", list, err)
	}
}
