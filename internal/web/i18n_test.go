package web

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/rapport-cx/rapport"
)

func TestCataloguesHaveTheSameKeys(t *testing.T) {
	for k := range messagesEN {
		if _, ok := messagesZH[k]; !ok {
			t.Errorf("zh lacks %q", k)
		}
	}
	for k := range messagesZH {
		if _, ok := messagesEN[k]; !ok {
			t.Errorf("en lacks %q (zh has it)", k)
		}
	}
	for k := range rapport.Definitions {
		if messagesZH["def."+k] == "" || messagesEN["kpi."+k] == "" {
			t.Errorf("figure %q lacks a label or a Chinese definition", k)
		}
	}
}

// literalKey finds keys passed as literals: T("…"), Tf("…"), Error = "…".
var literalKey = regexp.MustCompile(`(?:\bTf?\(|Error = )"([a-z_]+\.[a-z_.]+)"`)

func TestEveryKeyInTheSourceExists(t *testing.T) {
	files, _ := filepath.Glob("*.templ")
	gofiles, _ := filepath.Glob("*.go")
	for _, f := range append(files, gofiles...) {
		if strings.HasSuffix(f, "_test.go") || strings.HasSuffix(f, "_templ.go") {
			continue
		}
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range literalKey.FindAllStringSubmatch(string(src), -1) {
			if _, ok := messagesEN[m[1]]; !ok && !prefixInCatalogue(m[1]) {
				t.Errorf("%s: key %q is not in the catalogue", f, m[1])
			}
		}
	}
	for _, s := range sections {
		for _, k := range []string{"nav." + s.Key, "later." + s.Key} {
			if _, ok := messagesEN[k]; !ok && (k[0] == 'n' || !s.Built) {
				t.Errorf("section %s: key %q missing", s.Key, k)
			}
		}
	}
	for name := range eventStyles {
		if _, ok := messagesEN["event."+name]; !ok {
			t.Errorf("event %q has no label", name)
		}
	}
}

// leakedKey matches a catalogue key that reached a page untranslated.
var leakedKey = regexp.MustCompile(`>[^<]*\b(?:layout|nav|later|error|login|overview|kpi|def|chart|customers|pager|customer|order|status|basic|gender|channel|stat|event|detail|role|settings)\.[a-z_]+[^<]*<`)

func TestRichCustomerRendersWithoutRawKeys(t *testing.T) {
	st := rapport.Stats{Orders: 1, Revenue: 10, Reviews: 1, RatingSum: 5, SearchTerms: map[string]int{"a": 2},
		Channels:   map[rapport.Channel]*rapport.ChannelStats{rapport.ChannelApp: {Events: 1}},
		Categories: map[string]*rapport.CategoryStats{"Home": {Orders: 1}}}
	cust := &rapport.Customer{ID: "x", Known: true, Stats: st, Basic: rapport.Basic{Gender: "female", Age: 30, AgeBand: "25-34", Channel: rapport.ChannelApp}}
	var events []eventView
	for name := range eventStyles {
		e := rapport.Event{Type: rapport.TypeTrack, Name: name, Timestamp: time.Unix(0, 0), Channel: rapport.ChannelWeb,
			Properties: map[string]any{"order_id": "o", "total": 1.0, "query": "q", "rating": 5.0, "name": "n", "reason": "r",
				"products": []any{map[string]any{"name": "p", "quantity": 2.0}}, "subject": "s", "score": 3.0, "path": "/"},
			Traits: map[string]any{"email": "e@x"}}
		if name[0] >= 'a' {
			e.Type = name
		}
		events = append(events, viewEvent(&e, langZH))
	}
	for _, l := range langs {
		v := newCustomerView(cust, []rapport.Order{{ID: "o", Status: rapport.OrderRefunded}}, timelineView{Events: events}, l)
		s := shell{Lang: l, Title: "t", Active: "customers", User: &rapport.User{Role: rapport.RoleAgent}}
		var b strings.Builder
		if err := customerPage(s, v).Render(t.Context(), &b); err != nil {
			t.Fatal(err)
		}
		if m := leakedKey.FindString(b.String()); m != "" {
			t.Errorf("%s: raw key on the page: %s", l, m)
		}
	}
}

func TestNegotiate(t *testing.T) {
	for header, want := range map[string]lang{
		"":                               langEN,
		"zh-CN,zh;q=0.9,en;q=0.8":        langZH,
		"en-GB,en;q=0.9,zh;q=0.5":        langEN,
		"fr-FR, zh-TW;q=0.7, en;q=0.3":   langZH,
		"de":                             langEN,
		"en;q=0.2, zh_Hans_CN;q=0.4, de": langZH,
	} {
		if got := negotiate(header); got != want {
			t.Errorf("negotiate(%q) = %s, want %s", header, got, want)
		}
	}
}

func TestLocalPath(t *testing.T) {
	for in, want := range map[string]string{
		"": "/", "/customers?q=a": "/customers?q=a", "//evil.example": "/", "https://evil.example": "/",
		"/\\evil.example": "/", "customers": "/", "/x\r\nSet-Cookie: a=b": "/",
	} {
		if got := localPath(in); got != want {
			t.Errorf("localPath(%q) = %q, want %q", in, got, want)
		}
	}
}

// prefixInCatalogue reports whether key is the fixed part of a key built at
// run time ("answer.low." + kind) that some catalogue keys start with.
func prefixInCatalogue(key string) bool {
	if !strings.HasSuffix(key, ".") {
		return false
	}
	for k := range messagesEN {
		if strings.HasPrefix(k, key) {
			return true
		}
	}
	return false
}
