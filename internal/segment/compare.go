package segment

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/rapport-cx/rapport"
)

// Operators by the kind of value they compare.
var (
	numberOps = []string{"=", "!=", ">", ">=", "<", "<=", "between", "exists", "missing"}
	stringOps = []string{"=", "!=", "contains", "starts_with", "in", "not_in", "exists", "missing"}
	boolOps   = []string{"=", "!=", "exists", "missing"}
	listOps   = []string{"contains", "not_contains", "exists", "missing"}
	anyOps    = []string{"=", "!=", ">", ">=", "<", "<=", "between", "contains", "starts_with", "in", "not_in", "exists", "missing"}
)

// opsFor returns the operators a kind accepts.
func opsFor(k Kind) []string {
	switch k {
	case KindNumber:
		return numberOps
	case KindString:
		return stringOps
	case KindBool:
		return boolOps
	case KindList:
		return listOps
	}
	return anyOps
}

// matcher tests one value that is present.
type matcher func(v any) bool

// valueMatcher validates op and want for values of kind k and builds the
// test. The path names the node for errors.
func valueMatcher(k Kind, op string, want any, path string) (matcher, error) {
	if !slices.Contains(opsFor(k), op) {
		return nil, rapport.FieldErrorf(path+".op", "%q is not an operator for %s values (use one of %s)",
			op, k, strings.Join(opsFor(k), ", "))
	}
	switch op {
	case "exists", "missing":
		return func(any) bool { return true }, nil
	case "between":
		lo, hi, ok := numberPair(want)
		if !ok {
			return nil, rapport.FieldErrorf(path+".value", "between needs [low, high] numbers with low ≤ high")
		}
		return func(v any) bool { f, ok := toNumber(v); return ok && f >= lo && f <= hi }, nil
	case "in", "not_in":
		list, ok := want.([]any)
		if !ok || len(list) == 0 {
			return nil, rapport.FieldErrorf(path+".value", "%s needs a non-empty list", op)
		}
		set := make([]string, len(list))
		for i, x := range list {
			set[i] = strings.ToLower(toText(x))
		}
		in := func(v any) bool { return slices.Contains(set, strings.ToLower(toText(v))) }
		if op == "in" {
			return in, nil
		}
		return func(v any) bool { return !in(v) }, nil
	case ">", ">=", "<", "<=":
		w, ok := toNumber(want)
		if !ok {
			return nil, rapport.FieldErrorf(path+".value", "%s needs a number", op)
		}
		return numberTest(op, w), nil
	case "contains", "not_contains", "starts_with":
		w, ok := want.(string)
		if !ok || w == "" {
			return nil, rapport.FieldErrorf(path+".value", "%s needs a non-empty text", op)
		}
		return textTest(op, strings.ToLower(w)), nil
	}
	return equality(k, op, want, path)
}

// equality builds = and !=: numbers compare as numbers, text without case.
func equality(k Kind, op string, want any, path string) (matcher, error) {
	var eq matcher
	switch w := want.(type) {
	case float64:
		if k == KindString || k == KindBool {
			return nil, rapport.FieldErrorf(path+".value", "must be a %s", k)
		}
		eq = func(v any) bool { f, ok := toNumber(v); return ok && f == w }
	case bool:
		if k != KindBool && k != KindAny {
			return nil, rapport.FieldErrorf(path+".value", "must be a %s", k)
		}
		n := boolNum(w)
		eq = func(v any) bool { f, ok := toNumber(v); return ok && f == n }
	case string:
		if k == KindNumber || k == KindBool {
			return nil, rapport.FieldErrorf(path+".value", "must be a %s", k)
		}
		eq = func(v any) bool { return strings.EqualFold(toText(v), w) }
	default:
		return nil, rapport.FieldErrorf(path+".value", "%s needs a value", op)
	}
	if op == "!=" {
		return func(v any) bool { return !eq(v) }, nil
	}
	return eq, nil
}

func numberTest(op string, w float64) matcher {
	switch op {
	case ">":
		return func(v any) bool { f, ok := toNumber(v); return ok && f > w }
	case ">=":
		return func(v any) bool { f, ok := toNumber(v); return ok && f >= w }
	case "<":
		return func(v any) bool { f, ok := toNumber(v); return ok && f < w }
	default:
		return func(v any) bool { f, ok := toNumber(v); return ok && f <= w }
	}
}

func textTest(op, w string) matcher {
	has := func(v any) bool {
		if list, ok := v.([]any); ok {
			for _, x := range list {
				if strings.EqualFold(toText(x), w) {
					return true
				}
			}
			return false
		}
		if op == "starts_with" {
			return strings.HasPrefix(strings.ToLower(toText(v)), w)
		}
		return strings.Contains(strings.ToLower(toText(v)), w)
	}
	if op == "not_contains" {
		return func(v any) bool { return !has(v) }
	}
	return has
}

// numberCompare is the fast path for number fields: no boxing.
func numberCompare(op string, want any, path string) (func(float64) bool, error) {
	if !slices.Contains(numberOps, op) {
		return nil, rapport.FieldErrorf(path+".op", "%q is not an operator for numbers (use one of %s)", op, strings.Join(numberOps, ", "))
	}
	if op == "between" {
		lo, hi, ok := numberPair(want)
		if !ok {
			return nil, rapport.FieldErrorf(path+".value", "between needs [low, high] numbers with low ≤ high")
		}
		return func(f float64) bool { return f >= lo && f <= hi }, nil
	}
	if op == "exists" || op == "missing" {
		return func(float64) bool { return true }, nil
	}
	w, ok := toNumber(want)
	if _, isNum := want.(float64); !ok || !isNum {
		return nil, rapport.FieldErrorf(path+".value", "must be a number")
	}
	switch op {
	case "=":
		return func(f float64) bool { return f == w }, nil
	case "!=":
		return func(f float64) bool { return f != w }, nil
	case ">":
		return func(f float64) bool { return f > w }, nil
	case ">=":
		return func(f float64) bool { return f >= w }, nil
	case "<":
		return func(f float64) bool { return f < w }, nil
	}
	return func(f float64) bool { return f <= w }, nil
}

func numberPair(v any) (float64, float64, bool) {
	list, ok := v.([]any)
	if !ok || len(list) != 2 {
		return 0, 0, false
	}
	lo, ok1 := list[0].(float64)
	hi, ok2 := list[1].(float64)
	return lo, hi, ok1 && ok2 && lo <= hi
}

// toNumber reads a number from JSON-ish values; numeric text counts.
func toNumber(v any) (float64, bool) {
	switch x := v.(type) {
	case float64:
		return x, true
	case int:
		return float64(x), true
	case int64:
		return float64(x), true
	case bool:
		return boolNum(x), true
	case string:
		f, err := strconv.ParseFloat(strings.TrimSpace(x), 64)
		return f, err == nil
	}
	return 0, false
}

func toText(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	case nil:
		return ""
	}
	return fmt.Sprint(v)
}
