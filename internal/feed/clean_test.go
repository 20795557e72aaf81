package feed

import (
	"bytes"
	"encoding/xml"
	"testing"
	"unicode/utf8"
)

func TestXMLText(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"plain text is kept", "Floods close airport", "Floods close airport"},
		{"Thai is kept", thaiTitle, thaiTitle},
		{"tab, newline and carriage return are kept", "a\tb\nc\rd", "a\tb\nc\rd"},
		{"NUL, bell, form feed and escape are dropped", "a\x00b\x07c\x0cd\x1be", "abcde"},
		{"bytes that are not UTF-8 are dropped", "caf\xe9 \xff!", "caf !"},
		{"U+FFFE and U+FFFF are dropped", "a\uFFFEb\uFFFFc", "abc"},
		{"a real replacement character is kept", "a\uFFFDb", "a\uFFFDb"},
		{"characters beyond the BMP are kept", "news 📰", "news 📰"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := xmlText(tc.in); got != tc.want {
				t.Errorf("xmlText(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

// FuzzXMLText checks that whatever a writer pastes, the cleaned text is
// valid XML character data that encoding/xml reads back unchanged, and that
// cleaning only ever removes characters.
func FuzzXMLText(f *testing.F) {
	for _, s := range []string{"", "plain", thaiTitle, hostileTitle, "a\x00b\x0c", "\xff\xfe", "\uFFFE", "\r\n\t"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		out := xmlText(in)
		if !utf8.ValidString(out) {
			t.Fatalf("xmlText(%q) = %q is not UTF-8", in, out)
		}
		for _, r := range out {
			if !isXMLChar(r) {
				t.Fatalf("xmlText(%q) keeps %U", in, r)
			}
		}
		if again := xmlText(out); again != out {
			t.Fatalf("cleaning twice changes %q to %q", out, again)
		}
		if len(out) > len(in) || (isXMLText(in) && out != in) {
			t.Fatalf("xmlText(%q) = %q does more than remove characters", in, out)
		}
		var buf bytes.Buffer
		buf.WriteString("<t>")
		if err := xml.EscapeText(&buf, []byte(out)); err != nil {
			t.Fatal(err)
		}
		buf.WriteString("</t>")
		var back string
		if err := xml.NewDecoder(&buf).Decode(&back); err != nil {
			t.Fatalf("%q does not parse back: %v", out, err)
		}
		if back != out {
			t.Fatalf("read back %q, wrote %q", back, out)
		}
	})
}
