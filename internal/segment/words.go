package segment

import (
	"fmt"
	"strings"
)

// Describe puts a rule in words in a language ("en" or "zh"), for lists
// and builders. Unknown languages get English.
func Describe(r Rule, lang string) string {
	if lang != "zh" {
		lang = "en"
	}
	return describe(r, lang, true)
}

// DescribeJSON describes a stored rule; an invalid one says so.
func DescribeJSON(data []byte, lang string) string {
	r, err := Parse(data)
	if err != nil {
		return "?"
	}
	return Describe(r, lang)
}

var joiners = map[string][3]string{ // and, or, not
	"en": {" and ", " or ", "not "},
	"zh": {" 且 ", " 或 ", "非"},
}

func describe(r Rule, lang string, top bool) string {
	j := joiners[lang]
	group := func(rules []Rule, sep string) string {
		parts := make([]string, len(rules))
		for i, c := range rules {
			parts[i] = describe(c, lang, false)
		}
		s := strings.Join(parts, sep)
		if !top && len(parts) > 1 {
			return "(" + s + ")"
		}
		return s
	}
	switch {
	case r.All != nil:
		return group(r.All, j[0])
	case r.Any != nil:
		return group(r.Any, j[1])
	case r.Not != nil:
		inner := describe(*r.Not, lang, false)
		if !strings.HasPrefix(inner, "(") {
			inner = "(" + inner + ")"
		}
		return j[2] + inner
	case r.Event != nil:
		return describeEvent(r, lang)
	}
	label := r.Field
	if f, ok := lookupField(r.Field); ok && f.Label[lang] != "" {
		label = f.Label[lang]
	}
	return label + " " + opWords(r.Op, r.Value, lang)
}

func opWords(op string, v any, lang string) string {
	switch op {
	case "exists":
		return map[string]string{"en": "is known", "zh": "已知"}[lang]
	case "missing":
		return map[string]string{"en": "is unknown", "zh": "未知"}[lang]
	case "between":
		if lo, hi, ok := numberPair(v); ok {
			return fmt.Sprintf("%s–%s", num(lo), num(hi))
		}
	case "in", "not_in":
		list, _ := v.([]any)
		parts := make([]string, len(list))
		for i, x := range list {
			parts[i] = toText(x)
		}
		words := map[string]string{"in": "∈", "not_in": "∉"}[op]
		return words + " {" + strings.Join(parts, ", ") + "}"
	case "contains":
		return map[string]string{"en": "contains", "zh": "包含"}[lang] + " " + quote(v)
	case "not_contains":
		return map[string]string{"en": "does not contain", "zh": "不包含"}[lang] + " " + quote(v)
	case "starts_with":
		return map[string]string{"en": "starts with", "zh": "开头为"}[lang] + " " + quote(v)
	}
	sym := map[string]string{"=": "=", "!=": "≠", ">": ">", ">=": "≥", "<": "<", "<=": "≤"}[op]
	return sym + " " + quote(v)
}

func quote(v any) string {
	switch x := v.(type) {
	case string:
		return `"` + x + `"`
	case float64:
		return num(x)
	}
	return toText(v)
}

func num(f float64) string { return toText(f) }

func describeEvent(r Rule, lang string) string {
	e := r.Event
	op, v := r.Op, r.Value
	if op == "" && v == nil {
		op, v = ">=", 1.0
	}
	what := e.Name
	if len(e.Where) > 0 {
		parts := make([]string, len(e.Where))
		for i, f := range e.Where {
			parts[i] = f.Property + " " + opWords(f.Op, f.Value, lang)
		}
		what += " (" + strings.Join(parts, ", ") + ")"
	}
	cmp := opWords(op, v, lang)
	if lang == "zh" {
		switch e.Aggregate {
		case "sum":
			return fmt.Sprintf("近%d天 %s 的 %s 合计 %s", e.WithinDays, what, e.Property, cmp)
		case "avg":
			return fmt.Sprintf("近%d天 %s 的 %s 平均 %s", e.WithinDays, what, e.Property, cmp)
		}
		return fmt.Sprintf("近%d天 %s 次数 %s", e.WithinDays, what, cmp)
	}
	switch e.Aggregate {
	case "sum":
		return fmt.Sprintf("total %s of %s in the last %d days %s", e.Property, what, e.WithinDays, cmp)
	case "avg":
		return fmt.Sprintf("average %s of %s in the last %d days %s", e.Property, what, e.WithinDays, cmp)
	}
	return fmt.Sprintf("%s in the last %d days: count %s", what, e.WithinDays, cmp)
}
