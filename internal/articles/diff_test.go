package articles_test

import (
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"

	"dateline/internal/articles"
)

// show writes a diff the way the newsroom shows it, with [-removed-] and
// {+added+}.
func show(segs []articles.Segment) string {
	var b strings.Builder
	for _, s := range segs {
		switch s.Op {
		case articles.OpDelete:
			b.WriteString("[-" + s.Text + "-]")
		case articles.OpInsert:
			b.WriteString("{+" + s.Text + "+}")
		default:
			b.WriteString(s.Text)
		}
	}
	return b.String()
}

func TestDiffText(t *testing.T) {
	cases := []struct {
		name, older, newer, want string
	}{
		{"identical texts are one equal segment", "Rain fell.", "Rain fell.", "Rain fell."},
		{"two empty texts have no segments", "", "", ""},
		{"a new text is all inserted", "", "Rain fell.", "{+Rain fell.+}"},
		{"a removed text is all deleted", "Rain fell.", "", "[-Rain fell.-]"},
		{"an added word", "The river rose.", "The river rose sharply.", "The river rose{+ sharply+}."},
		{"a removed word", "The muddy river rose.", "The river rose.", "The [-muddy -]river rose."},
		{"a changed word", "Rates held at 2.5%.", "Rates held at 2.75%.", "Rates held at 2.[-5-]{+75+}%."},
		{"words changed together stay together", "The old words here end.", "The new text there end.",
			"The [-old words here-]{+new text there+} end."},
		{"a changed word in one paragraph leaves the others alone",
			"First paragraph.\n\nSecond paragraph here.\n\nThird.\n",
			"First paragraph.\n\nSecond paragraph there.\n\nThird.\n",
			"First paragraph.\n\nSecond paragraph [-here-]{+there+}.\n\nThird.\n"},
		{"an added paragraph", "One.\n\nTwo.\n", "One.\n\nOne and a half.\n\nTwo.\n", "One.\n\n{+One and a half.\n\n+}Two.\n"},
		{"Thai is compared letter by letter", "น้ำท่วมกรุงเทพ", "น้ำท่วมเชียงใหม่", "น้ำท่วม[-กรุงเทพ-]{+เชียงใหม่+}"},
		{"a case change is a change", "bangkok", "Bangkok", "[-bangkok-]{+Bangkok+}"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			segs := articles.DiffText(tc.older, tc.newer)
			if got := show(segs); got != tc.want {
				t.Errorf("diff = %q\nwant   %q", got, tc.want)
			}
			checkDiff(t, tc.older, tc.newer, segs)
		})
	}
}

// checkDiff asserts what every diff promises: the equal and deleted
// segments give the older text, the equal and inserted ones the newer, no
// segment is empty, and no two neighbours have the same op.
func checkDiff(t *testing.T, older, newer string, segs []articles.Segment) {
	t.Helper()
	var o, n strings.Builder
	for i, s := range segs {
		if s.Text == "" {
			t.Fatalf("segment %d is empty: %+v", i, segs)
		}
		if i > 0 && segs[i-1].Op == s.Op {
			t.Fatalf("segments %d and %d have the same op: %+v", i-1, i, segs)
		}
		switch s.Op {
		case articles.OpEqual:
			o.WriteString(s.Text)
			n.WriteString(s.Text)
		case articles.OpDelete:
			o.WriteString(s.Text)
		case articles.OpInsert:
			n.WriteString(s.Text)
		default:
			t.Fatalf("unknown op %q", s.Op)
		}
	}
	if o.String() != older || n.String() != newer {
		t.Fatalf("segments give %q → %q, want %q → %q", o.String(), n.String(), older, newer)
	}
}

func TestDiffOfLongTextsStaysBounded(t *testing.T) {
	var older, newer strings.Builder
	for i := range 3000 {
		fmt.Fprintf(&older, "word%d ", i)
		fmt.Fprintf(&newer, "other%d ", i)
	}
	segs := articles.DiffText(older.String(), newer.String())
	checkDiff(t, older.String(), newer.String(), segs)
	if len(segs) != 3 || segs[0].Op != articles.OpDelete || segs[1].Op != articles.OpInsert {
		t.Errorf("a text rewritten whole gave %d segments, want a delete, an insert and the final space", len(segs))
	}
}

func FuzzDiffText(f *testing.F) {
	for _, s := range [][2]string{
		{"The river rose.", "The river rose sharply."},
		{"a\nb\nc\n", "a\nc\nd"},
		{"น้ำท่วม", "น้ำไม่ท่วม"},
		{"\xff\xfe", "\u0301x"},
		{"", " "},
	} {
		f.Add(s[0], s[1])
	}
	f.Fuzz(func(t *testing.T, older, newer string) {
		if !utf8.ValidString(older) || !utf8.ValidString(newer) {
			// Invalid bytes are kept as they are, but the check below needs
			// strings that split and join back the same.
			older, newer = strings.ToValidUTF8(older, "?"), strings.ToValidUTF8(newer, "?")
		}
		checkDiff(t, older, newer, articles.DiffText(older, newer))
	})
}
