package httpapi

import (
	"context"

	"github.com/rapport-cx/rapport"
	"github.com/rapport-cx/rapport/internal/access"
)

// WriteKeysOutput lists write keys.
type WriteKeysOutput struct {
	Body struct {
		WriteKeys []rapport.WriteKey `json:"write_keys"`
	}
}

func (h *handlers) listWriteKeys(ctx context.Context, _ *struct{}) (*WriteKeysOutput, error) {
	keys, err := h.store.ListWriteKeys(ctx)
	if err != nil {
		return nil, h.toHTTP(err)
	}
	out := &WriteKeysOutput{}
	out.Body.WriteKeys = append([]rapport.WriteKey{}, keys...)
	return out, nil
}

// CreateWriteKeyInput names the source a new key is for.
type CreateWriteKeyInput struct {
	Body struct {
		Source string `json:"source" minLength:"1" maxLength:"100" doc:"Event source, e.g. ios-app, mini-program, website"`
	}
}

// WriteKeyOutput is one write key.
type WriteKeyOutput struct {
	Body *rapport.WriteKey
}

func (h *handlers) createWriteKey(ctx context.Context, in *CreateWriteKeyInput) (*WriteKeyOutput, error) {
	k, err := access.CreateWriteKey(ctx, h.store, in.Body.Source, h.clock.Now())
	if err != nil {
		return nil, h.toHTTP(err)
	}
	return &WriteKeyOutput{Body: k}, nil
}

// IDInput names a key or token by its numeric id.
type IDInput struct {
	ID int64 `path:"id" minimum:"1"`
}

func (h *handlers) revokeWriteKey(ctx context.Context, in *IDInput) (*struct{}, error) {
	if err := h.store.RevokeWriteKey(ctx, in.ID, h.clock.Now()); err != nil {
		return nil, h.toHTTP(err)
	}
	return nil, nil
}

// TokensOutput lists API tokens (never their values).
type TokensOutput struct {
	Body struct {
		Tokens []rapport.APIToken `json:"tokens"`
	}
}

func (h *handlers) listTokens(ctx context.Context, _ *struct{}) (*TokensOutput, error) {
	list, err := h.store.ListAPITokens(ctx)
	if err != nil {
		return nil, h.toHTTP(err)
	}
	out := &TokensOutput{}
	out.Body.Tokens = append([]rapport.APIToken{}, list...)
	return out, nil
}

// CreateTokenInput describes a new API token.
type CreateTokenInput struct {
	Body struct {
		Name   string   `json:"name" minLength:"1" maxLength:"100"`
		Scopes []string `json:"scopes" minItems:"1" doc:"read, write and/or admin"`
	}
}

// CreateTokenOutput returns the token once; only its hash is kept.
type CreateTokenOutput struct {
	Body struct {
		Token string            `json:"token" doc:"The bearer token; shown only now"`
		Info  *rapport.APIToken `json:"info"`
	}
}

func (h *handlers) createToken(ctx context.Context, in *CreateTokenInput) (*CreateTokenOutput, error) {
	raw, t, err := access.CreateAPIToken(ctx, h.store, in.Body.Name, in.Body.Scopes, h.clock.Now())
	if err != nil {
		return nil, h.toHTTP(err)
	}
	out := &CreateTokenOutput{}
	out.Body.Token, out.Body.Info = raw, t
	return out, nil
}

func (h *handlers) revokeToken(ctx context.Context, in *IDInput) (*struct{}, error) {
	if err := h.store.RevokeAPIToken(ctx, in.ID, h.clock.Now()); err != nil {
		return nil, h.toHTTP(err)
	}
	return nil, nil
}
