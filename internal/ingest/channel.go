package ingest

import (
	"strings"

	"github.com/rapport-cx/rapport"
)

// DetectChannel tells which touchpoint an event came from. An explicit
// context.channel or properties.channel wins; otherwise the shape of the
// context decides: an app or mobile device means app, a screen call means
// app, a page, user agent or page call means web, a WeChat mini-program
// library means mini_program, and anything else is other.
func DetectChannel(e *rapport.Event) rapport.Channel {
	if c, ok := namedChannel(e.Context["channel"]); ok {
		return c
	}
	if c, ok := namedChannel(e.Properties["channel"]); ok {
		return c
	}
	if isMiniProgramLibrary(e.Context) {
		return rapport.ChannelMiniProgram
	}
	if isApp(e) {
		return rapport.ChannelApp
	}
	if e.Type == rapport.TypePage || e.Context["page"] != nil || e.Context["userAgent"] != nil {
		return rapport.ChannelWeb
	}
	return rapport.ChannelOther
}

// namedChannel reads a channel name a client set explicitly. Segment's own
// context.channel values "browser" and "mobile" map to web and app; "server"
// and unknown names leave the decision to the context.
func namedChannel(v any) (rapport.Channel, bool) {
	s, _ := v.(string)
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "app", "mobile", "ios", "android":
		return rapport.ChannelApp, true
	case "mini_program", "miniprogram", "mini-program", "mini program", "weapp":
		return rapport.ChannelMiniProgram, true
	case "web", "browser":
		return rapport.ChannelWeb, true
	}
	return "", false
}

// isApp reports a mobile app: context.app, an ios or android device, or a
// screen call.
func isApp(e *rapport.Event) bool {
	if e.Type == rapport.TypeScreen || e.Context["app"] != nil {
		return true
	}
	device, _ := e.Context["device"].(map[string]any)
	typ, _ := device["type"].(string)
	typ = strings.ToLower(typ)
	return typ == "ios" || typ == "android"
}

// isMiniProgramLibrary reports a WeChat mini-program SDK in context.library.
func isMiniProgramLibrary(ctx map[string]any) bool {
	lib, _ := ctx["library"].(map[string]any)
	name, _ := lib["name"].(string)
	name = strings.ToLower(name)
	for _, marker := range []string{"miniprogram", "mini-program", "mini_program", "weapp", "wechat"} {
		if strings.Contains(name, marker) {
			return true
		}
	}
	return false
}
