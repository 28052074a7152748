package textan

import (
	"slices"
)

// Features says which n-grams describe a text. Every kind of n-gram is
// hashed into its own part of one 64-bit space, so views can be combined.
type Features struct {
	WordMin, WordMax int // word n-gram lengths (0, 0: no word features)
	CharMin, CharMax int // character n-gram lengths over the normalised text
	// HanCharMax, when set, replaces CharMax for texts with Chinese
	// characters (Chinese words are one to three characters long, so
	// longer n-grams add little).
	HanCharMax int
}

// SentimentFeatures are the views the sentiment model uses: words and word
// pairs plus character 1–3-grams (Chinese) or 2–5-grams (other scripts).
var SentimentFeatures = Features{WordMin: 1, WordMax: 2, CharMin: 1, CharMax: 5, HanCharMax: 3}

const (
	fnvOffset = 14695981039346656037
	fnvPrime  = 1099511628211
)

func hashString(h uint64, s string) uint64 {
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= fnvPrime
	}
	return h
}

func mix(h uint64) uint64 {
	h ^= h >> 33
	h *= 0xff51afd7ed558ccd
	h ^= h >> 33
	return h
}

// Hash returns the distinct hashed n-grams of a text, sorted.
func (f Features) Hash(text string) []uint64 {
	norm := Normalize(text)
	var words []string
	if f.WordMax > 0 {
		words = appendWords(make([]string, 0, len(norm)/3), norm)
	}
	out := f.appendGrams(make([]uint64, 0, 4*len(norm)/3+8), norm, words)
	slices.Sort(out)
	return slices.Compact(out)
}

// appendGrams appends the hashed n-grams of normalised text and its words
// to dst, in text order and with repeats.
func (f Features) appendGrams(dst []uint64, norm string, words []string) []uint64 {
	if f.WordMax > 0 {
		var buf [64]uint64
		hs := buf[:0]
		for _, w := range words {
			hs = append(hs, hashString(fnvOffset, w))
		}
		for n := max(f.WordMin, 1); n <= f.WordMax; n++ {
			for i := 0; i+n <= len(hs); i++ {
				h := uint64(fnvOffset) ^ uint64(n)<<56
				for _, x := range hs[i : i+n] {
					h = mix(h ^ x)
				}
				dst = append(dst, h|1) // odd: word n-grams
			}
		}
	}
	if f.CharMax > 0 {
		cmax := f.CharMax
		var buf [256]rune
		rs := buf[:0]
		han := false
		for _, r := range norm {
			rs = append(rs, r)
			han = han || r >= 0x2E80 && isHan(r)
		}
		if f.HanCharMax > 0 && han {
			cmax = f.HanCharMax
		}
		cmin := max(f.CharMin, 1)
		for i := range rs {
			h := uint64(0x9E3779B97F4A7C15)
			for n := 1; n <= cmax && i+n <= len(rs); n++ {
				h ^= uint64(rs[i+n-1])
				h *= fnvPrime
				if n >= cmin {
					dst = append(dst, (mix(h)+uint64(n))&^1) // even: character n-grams
				}
			}
		}
	}
	return dst
}
