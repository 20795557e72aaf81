package articles

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"dateline/internal/render"
)

// Op is what happened to a piece of text between two versions; its value
// suits a CSS class.
type Op string

// The operations of a diff.
const (
	OpEqual  Op = "equal"
	OpInsert Op = "insert"
	OpDelete Op = "delete"
)

// Segment is a piece of text that stayed, was added or was removed. The UI
// shows inserts in <ins> and deletes in <del>, escaping Text.
type Segment struct {
	Op   Op
	Text string
}

// maxCells bounds the table of one longest-common-subsequence run (8 MB):
// a changed stretch bigger than that is shown as removed and added whole.
const maxCells = 2_000_000

// DiffText compares two texts the way an editor reads a change: paragraph
// lines first, then, inside lines that changed, word by word. The equal
// and deleted segments joined give older; the equal and inserted ones give
// newer. Within a change, deletes come before inserts, and words changed
// together stay together ("old words" → "new text" is one delete and one
// insert, not two of each around a space).
func DiffText(older, newer string) []Segment {
	lines := diffTokens(splitLines(older), splitLines(newer))
	var out []Segment
	for i := 0; i < len(lines); {
		if lines[i].Op == OpEqual {
			out = append(out, lines[i])
			i++
			continue
		}
		var del, ins strings.Builder
		for ; i < len(lines) && lines[i].Op != OpEqual; i++ {
			if lines[i].Op == OpDelete {
				del.WriteString(lines[i].Text)
			} else {
				ins.WriteString(lines[i].Text)
			}
		}
		out = append(out, diffTokens(splitWords(del.String()), splitWords(ins.String()))...)
	}
	return tidy(out)
}

// diffTokens diffs two token lists by their longest common subsequence,
// after setting aside what they share at both ends.
func diffTokens(a, b []string) []Segment {
	var out segments
	p := 0
	for p < len(a) && p < len(b) && a[p] == b[p] {
		p++
	}
	q := 0
	for q < len(a)-p && q < len(b)-p && a[len(a)-1-q] == b[len(b)-1-q] {
		q++
	}
	out.add(OpEqual, a[:p]...)
	ma, mb := a[p:len(a)-q], b[p:len(b)-q]
	n, m := len(ma), len(mb)
	if int64(n)*int64(m) > maxCells {
		out.add(OpDelete, ma...)
		out.add(OpInsert, mb...)
		out.add(OpEqual, a[len(a)-q:]...)
		return out.done()
	}
	// lcs[i*w+j] is the length of the longest common subsequence of
	// ma[i:] and mb[j:].
	w := m + 1
	lcs := make([]int32, (n+1)*w)
	for i := n - 1; i >= 0; i-- {
		for j := m - 1; j >= 0; j-- {
			if ma[i] == mb[j] {
				lcs[i*w+j] = lcs[(i+1)*w+j+1] + 1
			} else {
				lcs[i*w+j] = max(lcs[(i+1)*w+j], lcs[i*w+j+1])
			}
		}
	}
	i, j := 0, 0
	for i < n && j < m {
		switch {
		case ma[i] == mb[j]:
			out.add(OpEqual, ma[i])
			i, j = i+1, j+1
		case lcs[(i+1)*w+j] >= lcs[i*w+j+1]:
			out.add(OpDelete, ma[i])
			i++
		default:
			out.add(OpInsert, mb[j])
			j++
		}
	}
	out.add(OpDelete, ma[i:]...)
	out.add(OpInsert, mb[j:]...)
	out.add(OpEqual, a[len(a)-q:]...)
	return out.done()
}

// segments builds a diff piece by piece, joining each segment's pieces
// once, so that a long run of one op costs linear time.
type segments struct {
	out   []Segment
	op    Op
	parts []string
}

func (s *segments) add(op Op, parts ...string) {
	if len(parts) == 0 {
		return
	}
	if op != s.op {
		s.flush()
		s.op = op
	}
	s.parts = append(s.parts, parts...)
}

func (s *segments) flush() {
	if text := strings.Join(s.parts, ""); text != "" {
		s.out = append(s.out, Segment{Op: s.op, Text: text})
	}
	s.parts = s.parts[:0]
}

func (s *segments) done() []Segment {
	s.flush()
	return s.out
}

// change is a stretch of a diff: equal text, then what was deleted and
// inserted after it, as pieces with their lengths in characters.
type change struct {
	equal      string
	del, ins   []string
	delN, insN int
}

func (c *change) changed() bool { return len(c.del)+len(c.ins) > 0 }

// tidy makes a diff readable. A stretch of equal text between two changes
// that is only white space, or no longer than either change, is folded
// into them, so that chance matches inside a rewritten phrase ("bank" →
// "bonk", a shared letter in Thai) do not cut it into pieces. Each change
// lists its deletes before its inserts.
func tidy(in []Segment) []Segment {
	var stack []change
	top := func() *change { return &stack[len(stack)-1] }
	for _, seg := range in {
		if len(stack) == 0 || (seg.Op == OpEqual && top().changed()) {
			stack = append(stack, change{})
		}
		c := top()
		switch seg.Op {
		case OpEqual:
			c.equal += seg.Text
			continue
		case OpDelete:
			c.del, c.delN = append(c.del, seg.Text), c.delN+utf8.RuneCountInString(seg.Text)
		default:
			c.ins, c.insN = append(c.ins, seg.Text), c.insN+utf8.RuneCountInString(seg.Text)
		}
		// The change just grew: it may now swallow the equal text before
		// it, and the grown change the text before that.
		for len(stack) >= 2 {
			prev, cur := &stack[len(stack)-2], top()
			n := utf8.RuneCountInString(cur.equal)
			if !prev.changed() || (strings.TrimSpace(cur.equal) != "" && (n > max(prev.delN, prev.insN) || n > max(cur.delN, cur.insN))) {
				break
			}
			prev.del = append(append(prev.del, cur.equal), cur.del...)
			prev.ins = append(append(prev.ins, cur.equal), cur.ins...)
			prev.delN += n + cur.delN
			prev.insN += n + cur.insN
			stack = stack[:len(stack)-1]
		}
	}
	var out segments
	for _, c := range stack {
		out.add(OpEqual, c.equal)
		out.add(OpDelete, c.del...)
		out.add(OpInsert, c.ins...)
	}
	return out.done()
}

// splitLines cuts text after each line break, keeping the breaks.
func splitLines(s string) []string {
	if s == "" {
		return nil
	}
	lines := strings.SplitAfter(s, "\n")
	if lines[len(lines)-1] == "" {
		lines = lines[:len(lines)-1]
	}
	return lines
}

// splitWords cuts text into words, runs of white space, and single other
// characters. Scripts written without spaces (Thai, Chinese, Japanese) have
// no words to find, so each of their letters is a token, with the marks
// that follow it (Thai vowels and tone marks).
func splitWords(s string) []string {
	var tokens []string
	start := 0
	kind := 0 // of the token being read: 1 word, 2 space, 3 dense letter, 4 other
	for i, r := range s {
		k := 4
		switch {
		case unicode.IsMark(r) && kind != 2 && i > 0:
			continue // a mark belongs to the letter before it
		case render.DenseScript(r):
			k = 3
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			k = 1
		case unicode.IsSpace(r):
			k = 2
		}
		if i > start && (k != kind || k >= 3) {
			tokens = append(tokens, s[start:i])
			start = i
		}
		kind = k
	}
	if start < len(s) {
		tokens = append(tokens, s[start:])
	}
	return tokens
}
