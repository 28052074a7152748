package textan

import (
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

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
	if normalASCII(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			// ASCII fast path: no decoding, no Unicode tables
			i++
			if asciiSpace[c] {
				space = b.Len() > 0
				continue
			}
			if space {
				b.WriteByte(' ')
				space = false
			}
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			b.WriteByte(c)
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
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

// asciiSpace marks the ASCII bytes unicode.IsSpace accepts.
var asciiSpace = [utf8.RuneSelf]bool{'\t': true, '\n': true, '\v': true, '\f': true, '\r': true, ' ': true}

// normalASCII reports whether s is ASCII that Normalize would return
// unchanged: no upper case, no white space but single inner spaces.
func normalASCII(s string) bool {
	prevSpace := true // a leading space is not normal
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= utf8.RuneSelf || ('A' <= c && c <= 'Z') {
			return false
		}
		if asciiSpace[c] {
			if c != ' ' || prevSpace {
				return false
			}
			prevSpace = true
			continue
		}
		prevSpace = false
	}
	return !prevSpace || len(s) == 0
}

// Words splits normalised text into words: Chinese runs are segmented with
// gse, other scripts split at anything that is not a letter, digit or an
// inner apostrophe. Punctuation is dropped.
func Words(s string) []string { return appendWords(make([]string, 0, len(s)/3), s) }

// appendWords appends the words of normalised text to dst. The words are
// substrings of s: nothing is copied.
func appendWords(dst []string, s string) []string {
	start := -1
	han := false
	flush := func(end int) {
		if start < 0 {
			return
		}
		if han {
			dst = appendHanWords(dst, s[start:end])
		} else if w := strings.Trim(s[start:end], "'"); w != "" {
			dst = append(dst, w)
		}
		start = -1
	}
	for i := 0; i < len(s); {
		c := s[i]
		var h, word bool
		size := 1
		if c < utf8.RuneSelf {
			word = asciiWord[c] || (c == '\'' && start >= 0 && !han)
		} else {
			var r rune
			r, size = utf8.DecodeRuneInString(s[i:])
			h = r >= 0x2E80 && isHan(r)
			word = h || unicode.IsLetter(r) || unicode.IsDigit(r)
		}
		if !word {
			flush(i)
		} else {
			if start >= 0 && h != han {
				flush(i)
			}
			if start < 0 {
				start, han = i, h
			}
		}
		i += size
	}
	flush(len(s))
	return dst
}

// asciiWord marks the ASCII letters and digits.
var asciiWord = func() (t [utf8.RuneSelf]bool) {
	for c := range t {
		t[c] = '0' <= c && c <= '9' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z'
	}
	return t
}()

// appendHanWords segments a run of Chinese characters with gse and
// appends the words, as substrings of run.
func appendHanWords(dst []string, run string) []string {
	for _, sg := range segmenter().Segment([]byte(run)) {
		if w := strings.TrimSpace(run[sg.Start():sg.End()]); w != "" {
			dst = append(dst, w)
		}
	}
	return dst
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
