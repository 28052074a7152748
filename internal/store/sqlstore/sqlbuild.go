package sqlstore

import "strings"

// maxRows caps the rows of one multi-row statement; chunk sizes are powers
// of two up to it, so each statement has few shapes and stays prepared.
const maxRows = 256

// chunks splits n rows into power-of-two sizes, largest first.
func chunks(n int) []int {
	var out []int
	for size := maxRows; n > 0; size /= 2 {
		for n >= size {
			out = append(out, size)
			n -= size
		}
	}
	return out
}

// rowsOf returns "(?,?,…),(?,?,…)…": rows tuples of cols placeholders.
func rowsOf(rows, cols int) string {
	one := "(" + strings.TrimSuffix(strings.Repeat("?,", cols), ",") + ")"
	return strings.TrimSuffix(strings.Repeat(one+",", rows), ",")
}

// inList returns "(?,?,…)" with n placeholders.
func inList(n int) string {
	return "(" + strings.TrimSuffix(strings.Repeat("?,", n), ",") + ")"
}

// likePattern turns search text into a lower-case LIKE pattern matching it
// anywhere, with LIKE's own wildcards escaped by a backslash.
func likePattern(text string) string {
	r := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)
	return "%" + r.Replace(strings.ToLower(text)) + "%"
}
