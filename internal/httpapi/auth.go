package httpapi

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"

	"github.com/danielgtaylor/huma/v2"

	"github.com/rapport-cx/rapport"
	"github.com/rapport-cx/rapport/internal/access"
)

// scopeKey is the Operation.Metadata key naming the scope an operation needs.
const scopeKey = "scope"

// authenticate checks the bearer token of every operation against the scope
// its metadata names; operations without a scope are public.
func authenticate(api huma.API, store rapport.AccessStore) func(huma.Context, func(huma.Context)) {
	return func(ctx huma.Context, next func(huma.Context)) {
		scope, _ := ctx.Operation().Metadata[scopeKey].(string)
		if scope == "" {
			next(ctx)
			return
		}
		tok, status, msg := bearer(ctx.Context(), store, ctx.Header("Authorization"))
		if tok == nil {
			deny(api, ctx, status, msg)
			return
		}
		if !tok.HasScope(scope) {
			deny(api, ctx, http.StatusForbidden, "token lacks the "+scope+" scope")
			return
		}
		next(ctx)
	}
}

func deny(api huma.API, ctx huma.Context, status int, msg string) {
	if status == http.StatusUnauthorized {
		ctx.SetHeader("WWW-Authenticate", `Bearer realm="rapport"`)
	}
	_ = huma.WriteErr(api, ctx, status, msg)
}

// bearer looks up the token of an Authorization header. Without a valid one
// it returns the status and message to answer with.
func bearer(ctx context.Context, store rapport.AccessStore, header string) (*rapport.APIToken, int, string) {
	raw, ok := strings.CutPrefix(header, "Bearer ")
	if raw = strings.TrimSpace(raw); !ok || raw == "" {
		return nil, http.StatusUnauthorized, "a bearer token is required in the Authorization header"
	}
	tok, err := store.APITokenByHash(ctx, access.HashToken(raw))
	switch {
	case rapport.ErrorCode(err) == rapport.ENOTFOUND:
		return nil, http.StatusUnauthorized, "unknown or revoked token"
	case err != nil:
		return nil, http.StatusInternalServerError, "internal error"
	}
	return tok, 0, ""
}

// requireTokenForDocument guards the OpenAPI document (served by huma outside
// its operation middleware) with the same bearer tokens as the API.
func requireTokenForDocument(next http.Handler, store rapport.AccessStore) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.URL.Path, "/api/openapi") {
			if tok, status, msg := bearer(r.Context(), store, r.Header.Get("Authorization")); tok == nil {
				w.Header().Set("WWW-Authenticate", `Bearer realm="rapport"`)
				w.Header().Set("Content-Type", "application/problem+json")
				w.WriteHeader(status)
				_ = json.NewEncoder(w).Encode(map[string]any{"title": http.StatusText(status), "status": status, "detail": msg})
				return
			}
		}
		next.ServeHTTP(w, r)
	})
}
