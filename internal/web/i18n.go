package web

import (
	"fmt"
	"strconv"
	"strings"
)

// lang is a console language.
type lang string

// The console's languages.
const (
	langEN lang = "en"
	langZH lang = "zh"
)

// langs lists the languages in the order of the header switch.
var langs = []lang{langEN, langZH}

// catalogue holds every string the console shows, per language.
var catalogue = map[lang]map[string]string{langEN: messagesEN, langZH: messagesZH}

// T returns the message for key in the language, the English one when the
// language lacks it, or the key itself when no language has it.
func (l lang) T(key string) string {
	if m, ok := catalogue[l][key]; ok {
		return m
	}
	if m, ok := messagesEN[key]; ok {
		return m
	}
	return key
}

// Tf formats the message for key with args.
func (l lang) Tf(key string, args ...any) string {
	return fmt.Sprintf(l.T(key), args...)
}

// Name is the language's own name, for the switch.
func (l lang) Name() string { return l.T("lang.self") }

// parseLang accepts "en", "zh" and regional forms such as "zh-CN".
func parseLang(s string) (lang, bool) {
	s = strings.ToLower(strings.TrimSpace(s))
	for _, l := range langs {
		if s == string(l) || strings.HasPrefix(s, string(l)+"-") || strings.HasPrefix(s, string(l)+"_") {
			return l, true
		}
	}
	return "", false
}

// userLang is the language a user chose, English when unset.
func userLang(locale string) lang {
	if l, ok := parseLang(locale); ok {
		return l
	}
	return langEN
}

// negotiate picks the language of an Accept-Language header: the supported
// one with the highest weight, English when none is supported.
func negotiate(header string) lang {
	best, bestQ := langEN, -1.0
	for _, part := range strings.Split(header, ",") {
		tag, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		l, ok := parseLang(tag)
		if !ok {
			continue
		}
		q := 1.0
		if v, found := strings.CutPrefix(strings.TrimSpace(params), "q="); found {
			if f, err := strconv.ParseFloat(v, 64); err == nil {
				q = f
			}
		}
		if q > bestQ {
			best, bestQ = l, q
		}
	}
	return best
}
