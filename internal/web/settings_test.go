package web_test

import (
	"context"
	"net/http"
	"net/url"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/rapport-cx/rapport"
	"github.com/rapport-cx/rapport/internal/access"
)

const adminEmail, adminPassword = "ada@shop.example", "admin-password-123"

// addAdmin creates an administrator beside the analyst of setup.
func addAdmin(t *testing.T, b *bundle) {
	t.Helper()
	if _, err := access.CreateUser(context.Background(), b.store, adminEmail, "Ada Admin", rapport.RoleAdmin, adminPassword, now); err != nil {
		t.Fatal(err)
	}
}

func TestWriteKeysNeedAnAdmin(t *testing.T) {
	t.Parallel()
	b := setup(t)
	c := b.login(t) // the analyst
	if resp, page := b.get(t, c, "/settings"); resp.StatusCode != http.StatusForbidden || !strings.Contains(page, "Only administrators") {
		t.Errorf("analyst GET /settings = %d", resp.StatusCode)
	}
	_, page := b.get(t, c, "/customers")
	resp, _ := b.post(t, c, "/settings/write-keys", url.Values{"csrf": {csrfOf(t, page)}, "source": {"x"}})
	keys, _ := b.store.ListWriteKeys(context.Background())
	if resp.StatusCode != http.StatusForbidden || len(keys) != 0 {
		t.Errorf("analyst POST = %d, %d keys stored", resp.StatusCode, len(keys))
	}
}

func TestWriteKeysInTheBrowser(t *testing.T) {
	ctx := browser(t)
	b := setup(t)
	addAdmin(t, b)
	dir := artefacts(t)
	act(t, ctx, "log in as admin",
		chromedp.Navigate(b.server.URL+"/login"),
		chromedp.SendKeys(chromedp.ID("email"), adminEmail),
		chromedp.SendKeys(chromedp.ID("password"), adminPassword),
		chromedp.Click(chromedp.ID("login-submit")),
		chromedp.WaitVisible(css(`[data-kpi="orders"]`)),
		chromedp.Navigate(b.server.URL+"/settings"),
		chromedp.WaitVisible(chromedp.ID("create-key")))

	act(t, ctx, "submit an empty-looking source",
		chromedp.SetValue(chromedp.ID("source"), "   "),
		chromedp.Evaluate[chromedp.Void](`document.getElementById('source').removeAttribute('required')`),
		chromedp.Submit(chromedp.ID("create-key")),
		chromedp.WaitVisible(chromedp.ID("key-error")))
	if keys, _ := b.store.ListWriteKeys(context.Background()); len(keys) != 0 {
		t.Fatalf("a rejected form stored %d keys", len(keys))
	}

	settle(t, ctx, "after the rejected form", `document.readyState === 'complete' && !!document.getElementById('key-error')`)
	act(t, ctx, "create a key",
		chromedp.SetValue(chromedp.ID("source"), "mini-program"),
		chromedp.Submit(chromedp.ID("create-key")),
		chromedp.WaitVisible(chromedp.ID("key-created")))
	keys, err := b.store.ListWriteKeys(context.Background())
	if err != nil || len(keys) != 1 || keys[0].Source != "mini-program" {
		t.Fatalf("keys = %+v, %v", keys, err)
	}
	shown := read(t, ctx, chromedp.Text(css(`#key-created code`)))
	if shown != keys[0].Key {
		t.Errorf("page shows key %q, store has %q", shown, keys[0].Key)
	}
	screenshot(t, ctx, filepath.Clean(dir), "settings-write-keys")

	act(t, ctx, "revoke it", chromedp.Click(css(`tr[data-source="mini-program"] button.revoke`)))
	// The page reloads: wait for the new one rather than read the old one.
	settle(t, ctx, "after revoking", `(() => { const r = document.querySelector('tr[data-source="mini-program"]');
		return document.readyState === 'complete' && !!r && !r.querySelector('button.revoke') })()`)
	status := read(t, ctx, chromedp.Text(css(`tr[data-source="mini-program"] .key-status`)))
	if _, err := b.store.WriteKeyByKey(context.Background(), keys[0].Key); rapport.ErrorCode(err) != rapport.ENOTFOUND || !strings.HasPrefix(status, "revoked") {
		t.Errorf("after revoke: status %q, lookup error %v", status, err)
	}
}
