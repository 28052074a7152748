package web

import (
	"net/url"
	"strconv"
)

// htmlLang is the value of the html lang attribute for a language.
func htmlLang(l lang) string {
	if l == langZH {
		return "zh-CN"
	}
	return "en"
}

// pressed is an aria-pressed value.
func pressed(on bool) string {
	if on {
		return "true"
	}
	return "false"
}

// userName is how the header names the logged-in user.
func userName(name, email string) string {
	if name != "" {
		return name
	}
	return email
}

// loginURL is the login page in a language, keeping where to go next.
func loginURL(l lang, next string) string {
	u := "/login?lang=" + string(l)
	if next != "" && next != "/" {
		u += "&next=" + url.QueryEscape(next)
	}
	return u
}

// rawInt writes an integer for a data attribute.
func rawInt(n int) string { return strconv.Itoa(n) }

// rawInt64 writes an int64 for a data attribute.
func rawInt64(n int64) string { return strconv.FormatInt(n, 10) }
