package feed

import (
	"strings"
	"unicode/utf8"
)

// xmlText drops what an XML 1.0 document cannot carry: bytes that are not
// UTF-8, the C0 control characters other than tab, newline and carriage
// return, and U+FFFE and U+FFFF. encoding/xml would replace them with U+FFFD;
// a stray form feed pasted from a word processor is better gone than shown
// as a question mark in every feed reader.
func xmlText(s string) string {
	if isXMLText(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if (r != utf8.RuneError || size > 1) && isXMLChar(r) {
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}

// isXMLText reports whether s needs no cleaning, so the common case does not
// allocate.
func isXMLText(s string) bool {
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if (r == utf8.RuneError && size == 1) || !isXMLChar(r) {
			return false
		}
		i += size
	}
	return true
}

// isXMLChar is the Char production of XML 1.0.
func isXMLChar(r rune) bool {
	return r == '\t' || r == '\n' || r == '\r' ||
		r >= 0x20 && r <= 0xD7FF ||
		r >= 0xE000 && r <= 0xFFFD ||
		r >= 0x10000 && r <= utf8.MaxRune
}
