package textan

import (
	"strings"
	"sync"
	"unicode"

	"github.com/go-ego/gse"
)

var (
	segOnce sync.Once
	segmter gse.Segmenter
)

// segmenter returns the Chinese segmenter, loading gse's embedded
// simplified-Chinese dictionary on first use.
func segmenter() *gse.Segmenter {
	segOnce.Do(func() {
		segmter.SkipLog = true
		if err := segmter.LoadDictEmbed("zh_s"); err != nil {
			panic("textan: gse dictionary: " + err.Error())
		}
	})
	return &segmter
}

// isHan reports whether r is a CJK ideograph.
func isHan(r rune) bool { return unicode.Is(unicode.Han, r) }

// HasHan reports whether the text contains Chinese characters.
func HasHan(s string) bool {
	for _, r := range s {
		if r >= 0x2E80 && isHan(r) {
			return true
		}
	}
	return false
}

// Normalize lower-cases the text, turns full-width ASCII into half-width
// and collapses runs of white space into one space.
func Normalize(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range s {
		if r == 0xFEFF {
			continue
		}
		if r == 0x3000 {
			r = ' '
		} else if r >= 0xFF01 && r <= 0xFF5E {
			r -= 0xFEE0
		}
		if unicode.IsSpace(r) {
			space = b.Len() > 0
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(unicode.ToLower(r))
	}
	return b.String()
}

// Words splits normalised text into words: Chinese runs are segmented with
// gse, other scripts split at anything that is not a letter, digit or an
// inner apostrophe. Punctuation is dropped.
func Words(s string) []string {
	words := make([]string, 0, len(s)/3)
	start := -1
	han := false
	flush := func(end int) {
		if start < 0 {
			return
		}
		part := s[start:end]
		if han {
			for _, w := range segmenter().Cut(part) {
				if w = strings.TrimSpace(w); w != "" {
					words = append(words, w)
				}
			}
		} else {
			words = append(words, strings.Trim(part, "'"))
		}
		start = -1
	}
	for i, r := range s {
		h := r >= 0x2E80 && isHan(r)
		word := h || unicode.IsLetter(r) || unicode.IsDigit(r) || (r == '\'' && start >= 0 && !han)
		if !word {
			flush(i)
			continue
		}
		if start >= 0 && h != han {
			flush(i)
		}
		if start < 0 {
			start, han = i, h
		}
	}
	flush(len(s))
	out := words[:0]
	for _, w := range words {
		if w != "" {
			out = append(out, w)
		}
	}
	return out
}

// Sentences splits text at sentence-ending punctuation (Chinese and
// Western) and line breaks, keeping each sentence's own punctuation and
// dropping empty ones.
func Sentences(s string) []string {
	var out []string
	start := 0
	emit := func(end int) {
		if t := strings.TrimSpace(s[start:end]); t != "" {
			out = append(out, t)
		}
		start = end
	}
	rs := []rune(s)
	pos := 0
	for i, r := range rs {
		pos += len(string(r))
		switch r {
		case '。', '！', '？', '；', '!', '?', ';', '\n', '…':
			emit(pos)
		case '.':
			// a full stop ends a sentence unless it sits inside a number
			if i+1 < len(rs) && unicode.IsDigit(rs[i+1]) && i > 0 && unicode.IsDigit(rs[i-1]) {
				continue
			}
			emit(pos)
		case '，', ',':
			// Chinese reviews often chain clauses with commas only: split long ones
			if pos-start > 60 {
				emit(pos)
			}
		}
	}
	emit(len(s))
	return out
}
