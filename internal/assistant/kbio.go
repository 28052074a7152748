package assistant

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/rapport-cx/rapport"
)

// ParseKB reads knowledge-base entries from CSV or JSON.
//
// CSV: a header naming the columns question and answer (required) and
// lang, examples (several separated by "|") and handover (true/1/yes).
// JSON: an array of objects with the fields of rapport.KBEntry.
// Every entry is validated; the first bad one is an EINVALID error naming
// its row and field. Times are set to now.
func ParseKB(r io.Reader, format string, now time.Time) ([]rapport.KBEntry, error) {
	var out []rapport.KBEntry
	switch format {
	case "json":
		if err := json.NewDecoder(r).Decode(&out); err != nil {
			return nil, rapport.Errorf(rapport.EINVALID, "json: %v", err)
		}
	case "csv":
		var err error
		if out, err = parseCSV(r); err != nil {
			return nil, err
		}
	default:
		return nil, rapport.FieldErrorf("format", "%q is not csv or json", format)
	}
	for i := range out {
		out[i].ID, out[i].CreatedAt, out[i].UpdatedAt = 0, now, now
		if err := Validate(&out[i]); err != nil {
			err.Message = fmt.Sprintf("entry %d: %s", i+1, err.Message)
			return nil, err
		}
	}
	return out, nil
}

func parseCSV(r io.Reader) ([]rapport.KBEntry, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	rows, err := cr.ReadAll()
	if err != nil {
		return nil, rapport.Errorf(rapport.EINVALID, "csv: %v", err)
	}
	if len(rows) == 0 {
		return nil, rapport.Errorf(rapport.EINVALID, "csv: empty file")
	}
	col := map[string]int{}
	for i, h := range rows[0] {
		col[strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")))] = i
	}
	for _, need := range []string{"question", "answer"} {
		if _, ok := col[need]; !ok {
			return nil, rapport.FieldErrorf(need, "the CSV header has no %q column", need)
		}
	}
	get := func(row []string, name string) string {
		if i, ok := col[name]; ok && i < len(row) {
			return strings.TrimSpace(row[i])
		}
		return ""
	}
	var out []rapport.KBEntry
	for _, row := range rows[1:] {
		e := rapport.KBEntry{Lang: get(row, "lang"), Question: get(row, "question"), Answer: get(row, "answer")}
		for _, ex := range strings.Split(get(row, "examples"), "|") {
			if ex = strings.TrimSpace(ex); ex != "" {
				e.Examples = append(e.Examples, ex)
			}
		}
		e.Handover = slices.Contains([]string{"true", "1", "yes", "y"}, strings.ToLower(get(row, "handover")))
		out = append(out, e)
	}
	return out, nil
}

// Validate checks an entry and fills its language when it is missing
// ("zh" for Chinese text, else "en").
func Validate(e *rapport.KBEntry) *rapport.Error {
	e.Question, e.Answer = strings.TrimSpace(e.Question), strings.TrimSpace(e.Answer)
	switch {
	case e.Question == "":
		return rapport.FieldErrorf("question", "is empty")
	case e.Answer == "":
		return rapport.FieldErrorf("answer", "is empty")
	case len(e.Question) > 1000:
		return rapport.FieldErrorf("question", "is longer than 1,000 bytes")
	case len(e.Answer) > 10000:
		return rapport.FieldErrorf("answer", "is longer than 10,000 bytes")
	case len(e.Examples) > 200:
		return rapport.FieldErrorf("examples", "has more than 200 questions")
	}
	if e.Lang == "" {
		e.Lang = "en"
		if hasHan(e.Question + e.Answer) {
			e.Lang = "zh"
		}
	}
	if len(e.Lang) > 16 {
		return rapport.FieldErrorf("lang", "is longer than 16 bytes")
	}
	if e.Examples == nil {
		e.Examples = []string{}
	}
	return nil
}

func hasHan(s string) bool {
	for _, r := range s {
		if r >= 0x4E00 && r <= 0x9FFF {
			return true
		}
	}
	return false
}
