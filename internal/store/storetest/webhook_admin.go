package storetest

import (
	"testing"

	"github.com/rapport-cx/rapport"
)

var webhookAdminTests = []scenario{{"DisableEndpoint", testDisableWebhookEndpoint}}

func testDisableWebhookEndpoint(t *testing.T, s rapport.Store) {
	ctx := t.Context()
	w := &rapport.WebhookEndpoint{URL: "https://hooks.example/a", Secret: "whsec_c2VjcmV0", Active: true, CreatedAt: day0}
	if err := s.CreateWebhookEndpoint(ctx, w); err != nil {
		t.Fatal(err)
	}
	if err := s.DisableWebhookEndpoint(ctx, w.ID); err != nil {
		t.Fatal(err)
	}
	if err := s.DisableWebhookEndpoint(ctx, w.ID); err != nil {
		t.Fatalf("disabling twice: %v", err)
	}
	wantCode(t, s.DisableWebhookEndpoint(ctx, w.ID+10), rapport.ENOTFOUND)
	list, err := s.WebhookEndpoints(ctx)
	if err != nil || len(list) != 1 || list[0].Active || list[0].Wants("anything") {
		t.Fatalf("after disabling: %+v %v", list, err)
	}
}
