package httpapi

import (
	"context"
	"net/http"
	"strings"

	"github.com/danielgtaylor/huma/v2"

	"github.com/rapport-cx/rapport"
	"github.com/rapport-cx/rapport/internal/access"
)

// scopeKey is the Operation.Metadata key naming the scope an operation needs.
const scopeKey = "scope"

type tokenKey struct{}

// authenticate checks the bearer token of every operation against the scope
// its metadata names; operations without a scope are public.
func authenticate(api huma.API, store rapport.AccessStore) func(huma.Context, func(huma.Context)) {
	return func(ctx huma.Context, next func(huma.Context)) {
		scope, _ := ctx.Operation().Metadata[scopeKey].(string)
		if scope == "" {
			next(ctx)
			return
		}
		raw, ok := strings.CutPrefix(ctx.Header("Authorization"), "Bearer ")
		if !ok || raw == "" {
			deny(api, ctx, http.StatusUnauthorized, "missing bearer token in the Authorization header")
			return
		}
		tok, err := store.APITokenByHash(ctx.Context(), access.HashToken(strings.TrimSpace(raw)))
		if err != nil {
			deny(api, ctx, http.StatusUnauthorized, "unknown or revoked token")
			return
		}
		if !tok.HasScope(scope) {
			deny(api, ctx, http.StatusForbidden, "token lacks the "+scope+" scope")
			return
		}
		next(huma.WithValue(ctx, tokenKey{}, tok))
	}
}

func deny(api huma.API, ctx huma.Context, status int, msg string) {
	if status == http.StatusUnauthorized {
		ctx.SetHeader("WWW-Authenticate", `Bearer realm="rapport"`)
	}
	_ = huma.WriteErr(api, ctx, status, msg)
}

// tokenFrom returns the authenticated token of a request, if any.
func tokenFrom(ctx context.Context) *rapport.APIToken {
	t, _ := ctx.Value(tokenKey{}).(*rapport.APIToken)
	return t
}

// requireTokenForDocument guards the OpenAPI document (served by huma outside
// its operation middleware) with the same bearer tokens as the API.
func requireTokenForDocument(next http.Handler, store rapport.AccessStore) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.URL.Path, "/api/openapi") {
			raw, _ := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
			if _, err := store.APITokenByHash(r.Context(), access.HashToken(strings.TrimSpace(raw))); raw == "" || err != nil {
				w.Header().Set("WWW-Authenticate", `Bearer realm="rapport"`)
				w.Header().Set("Content-Type", "application/problem+json")
				w.WriteHeader(http.StatusUnauthorized)
				_, _ = w.Write([]byte(`{"title":"Unauthorized","status":401,"detail":"a bearer token is required"}`))
				return
			}
		}
		next.ServeHTTP(w, r)
	})
}
