package web_test

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/rapport-cx/rapport"
)

func TestKnowledgeBaseBrowser(t *testing.T) {
	ctx := browser(t)
	b := setup(t)
	dir := artefacts(t)
	bg := context.Background()
	seed := &rapport.KBEntry{Lang: "zh", Question: "多久发货？", Answer: "付款后48小时内发货。",
		Examples: []string{"什么时候发货", "下单后几天能发货", "发货要多久"}, CreatedAt: now, UpdatedAt: now}
	if err := b.store.CreateKBEntry(bg, seed); err != nil {
		t.Fatal(err)
	}
	act(t, ctx, "open the console", chromedp.Navigate(b.server.URL+"/"), chromedp.WaitVisible(chromedp.ID("login-submit")))
	login(t, ctx)
	act(t, ctx, "open the knowledge base", chromedp.Navigate(b.server.URL+"/service/kb"), chromedp.WaitVisible(chromedp.ID("kb-entries")))
	if row := read(t, ctx, chromedp.Text(css(`tr[data-entry="1"]`))); !strings.Contains(row, "多久发货？") || !strings.Contains(row, "3") {
		t.Errorf("entry row %q", row)
	}

	act(t, ctx, "add an English entry",
		chromedp.SendKeys(chromedp.ID("kb-question"), "How do I return an item?"),
		chromedp.SendKeys(chromedp.ID("kb-examples"), "i want to return my dress\nhow can i send it back\nreturn policy"),
		chromedp.SendKeys(chromedp.ID("kb-answer"), "Open the order and choose Return within 30 days."),
		chromedp.Click(chromedp.ID("kb-save")),
		chromedp.WaitVisible(css(`tr[data-entry="2"]`)))
	es, _ := b.store.KBEntries(bg)
	if len(es) != 2 || es[1].Lang != "en" || len(es[1].Examples) != 3 {
		t.Fatalf("entries after saving: %+v", es)
	}

	act(t, ctx, "try the assistant in English",
		chromedp.SendKeys(chromedp.ID("try-text"), "how can I send my dress back?"),
		chromedp.Click(chromedp.ID("try-submit")),
		chromedp.WaitVisible(chromedp.ID("try-reply")))
	if ans := read(t, ctx, chromedp.Text(chromedp.ID("try-answer"))); ans != "Open the order and choose Return within 30 days." {
		t.Errorf("answer shown %q", ans)
	}
	if txt := read(t, ctx, chromedp.Text(chromedp.ID("try-reply"))); !strings.Contains(txt, "Matched: How do I return an item?") || !strings.Contains(txt, "confidence") {
		t.Errorf("reply box %q", txt)
	}
	screenshot(t, ctx, dir, "kb-en")
	if conv, _ := b.store.AssistantConversation(bg, ""); len(conv) != 0 {
		t.Errorf("trying recorded messages: %+v", conv)
	}

	act(t, ctx, "an empty answer is refused",
		chromedp.Navigate(b.server.URL+"/service/kb"), chromedp.WaitVisible(chromedp.ID("kb-form")),
		chromedp.SendKeys(chromedp.ID("kb-question"), "Do you ship abroad?"),
		chromedp.SetValue(chromedp.ID("kb-answer"), " "),
		chromedp.Evaluate[chromedp.Void](`document.getElementById('kb-answer').removeAttribute('required')`),
		chromedp.Submit(chromedp.ID("kb-form")),
		chromedp.WaitVisible(chromedp.ID("kb-error")))
	if msg := read(t, ctx, chromedp.Text(chromedp.ID("kb-error"))); msg != "The answer is empty or too long." {
		t.Errorf("error shown %q", msg)
	}
	if es, _ := b.store.KBEntries(bg); len(es) != 2 {
		t.Errorf("a refused form stored an entry: %d entries", len(es))
	}

	act(t, ctx, "switch to Chinese",
		chromedp.Navigate(b.server.URL+"/service/kb"),
		chromedp.Click(css(`.lang-switch button[data-lang="zh"]`)),
		chromedp.WaitVisible(css(`html[lang="zh-CN"] #kb-entries`)))
	if h := read(t, ctx, chromedp.Text(chromedp.ID("kb-try-title"))); h != "试一试助手" {
		t.Errorf("Chinese heading %q", h)
	}
	act(t, ctx, "try the assistant in Chinese",
		chromedp.SendKeys(chromedp.ID("try-text"), "请问什么时候发货呢"),
		chromedp.Click(chromedp.ID("try-submit")),
		chromedp.WaitVisible(chromedp.ID("try-reply")))
	if ans := read(t, ctx, chromedp.Text(chromedp.ID("try-answer"))); ans != "付款后48小时内发货。" {
		t.Errorf("Chinese answer %q", ans)
	}
	act(t, ctx, "ask for a person",
		chromedp.SetValue(chromedp.ID("try-text"), "我要转人工"),
		chromedp.Click(chromedp.ID("try-submit")),
		chromedp.WaitVisible(css(`#try-reply[data-handover="true"]`)))
	if txt := read(t, ctx, chromedp.Text(chromedp.ID("try-reply"))); !strings.Contains(txt, "10 分钟内") || !strings.Contains(txt, "转人工：客户要求人工服务。") {
		t.Errorf("hand-over shown %q", txt)
	}
	screenshot(t, ctx, dir, "kb-zh")

	act(t, ctx, "delete the English entry",
		chromedp.Click(css(`tr[data-entry="2"] button`)),
		chromedp.WaitNotPresent(css(`tr[data-entry="2"]`)))
	if es, _ := b.store.KBEntries(bg); len(es) != 1 {
		t.Errorf("after delete: %d entries", len(es))
	}
}
