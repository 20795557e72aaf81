package render

import (
	"bytes"
	"errors"
	"io"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// goldmark is a CommonMark parser, and CommonMark has a family of inputs
// on which straightforward parsers take quadratic time or build output far
// larger than their input: link openers whose destinations are scanned to
// the end of the line again and again (`[a](` repeated), brackets nested
// thousands deep, block quotes and lists nested thousands deep on one line
// (`>>>>…`, `1. 1. 1. …`), emphasis delimiters that cannot match
// (`*a_*a_…`), paragraphs of thousands of link reference definitions,
// tables whose short rows are padded to the header's width, and one long
// reference used thousands of times. goldmark takes no context and cannot
// be stopped, so the parser here is goldmark's own with a bound on each of
// those shapes: past a bound the construct stays the text it was typed as,
// which no real article reaches, and the work of every block stays linear
// in its length. The time budget in limit.go is the backstop, not the plan.
const (
	// maxDepth is how deep block quotes and lists may nest; a deeper
	// marker is text.
	maxDepth = 16
	// maxLinkOpeners is how many `[` and `![` one block may open; later
	// ones are text. Each opener may cost a scan of the rest of its line.
	maxLinkOpeners = 100
	// maxDelimiters is how many runs of `*`, `_` and `~` one block may
	// hold; later ones are text. Matching them costs their count squared.
	maxDelimiters = 400
	// maxTableColumns and maxTableCells bound a table; short rows are
	// padded to the header's width, so a wide header with one-letter rows
	// would otherwise make a million cells of a few kilobytes.
	maxTableColumns = 64
	maxTableCells   = 20000
	// maxEscapedPipes bounds the `\|` in the tables of a document, which
	// goldmark matches each against every other.
	maxEscapedPipes = 500
	// maxReferenceWork bounds definitions × lines in the paragraphs of
	// link reference definitions, whose removal goldmark does line by
	// line.
	maxReferenceWork = 1 << 20
	// maxOutput bounds the HTML of one render; a reference used many
	// times is written out each time.
	maxOutput = 4 << 20
)

// errOutputTooLong is what convert answers when the HTML would be longer
// than maxOutput.
var errOutputTooLong = errors.New("render: output too long")

// markdown is safe to share: goldmark's Markdown is stateless after setup,
// and the bounds keep their counts in each parse's own context.
var markdown = newMarkdown()

func newMarkdown() goldmark.Markdown {
	p := parser.NewParser(
		parser.WithBlockParsers(
			util.Prioritized(parser.NewSetextHeadingParser(), 100),
			util.Prioritized(parser.NewThematicBreakParser(), 200),
			util.Prioritized(nested{parser.NewListParser()}, 300),
			util.Prioritized(parser.NewListItemParser(), 400),
			util.Prioritized(parser.NewCodeBlockParser(), 500),
			util.Prioritized(parser.NewATXHeadingParser(), 600),
			util.Prioritized(parser.NewFencedCodeBlockParser(), 700),
			util.Prioritized(nested{parser.NewBlockquoteParser()}, 800),
			util.Prioritized(parser.NewHTMLBlockParser(), 900),
			util.Prioritized(parser.NewParagraphParser(), 1000),
		),
		parser.WithInlineParsers(
			util.Prioritized(extension.NewTaskCheckBoxParser(), 0),
			util.Prioritized(codeSpans{parser.NewCodeSpanParser()}, 100),
			util.Prioritized(links{parser.NewLinkParser()}, 200),
			util.Prioritized(parser.NewAutoLinkParser(), 300),
			util.Prioritized(parser.NewRawHTMLParser(), 400),
			util.Prioritized(delimiters{parser.NewEmphasisParser()}, 500),
			util.Prioritized(delimiters{extension.NewStrikethroughParser()}, 500),
			util.Prioritized(bareLinks{extension.NewLinkifyParser()}, 999),
			util.Prioritized(quotes{extension.NewTypographerParser()}, 9999),
		),
		parser.WithParagraphTransformers(
			util.Prioritized(references{parser.LinkReferenceParagraphTransformer}, 100),
			util.Prioritized(tables{extension.NewTableParagraphTransformer()}, 200),
		),
		parser.WithASTTransformers(
			util.Prioritized(extension.NewTableASTTransformer(), 0),
		),
	)
	r := renderer.NewRenderer(renderer.WithNodeRenderers(
		util.Prioritized(html.NewRenderer(
			// Raw HTML in Markdown is let through here and cleaned by the
			// sanitiser, so an embedded <figure> survives and a <script>
			// does not.
			html.WithUnsafe(),
		), 1000),
		util.Prioritized(extension.NewTableHTMLRenderer(), 500),
		util.Prioritized(extension.NewStrikethroughHTMLRenderer(), 500),
		util.Prioritized(extension.NewTaskCheckBoxHTMLRenderer(), 500),
	))
	return goldmark.New(goldmark.WithParser(p), goldmark.WithRenderer(r))
}

// convert renders src to HTML, unsanitised, within maxOutput.
func convert(src []byte) (string, error) {
	src = fewerBlankLines(src)
	doc := markdown.Parser().Parse(text.NewReader(src), parser.WithContext(parser.NewContext()))
	if outputEstimate(doc, src) > maxOutput {
		return "", errOutputTooLong
	}
	var buf bytes.Buffer
	w := &limitWriter{w: &buf, left: maxOutput}
	if err := markdown.Renderer().Render(w, src, doc); err != nil {
		return "", err
	}
	if w.over {
		return "", errOutputTooLong
	}
	return buf.String(), nil
}

// fewerBlankLines keeps at most two blank lines in a row. goldmark notes
// every line for every block open around it, and a list stays open across
// blank lines, so a list nested deep followed by a hundred thousand empty
// lines would take memory in their product. Past two, blank lines mean
// nothing more in CommonMark; only a code block shows fewer empty lines.
func fewerBlankLines(src []byte) []byte {
	var out []byte
	blank, copied := 0, 0
	for start := 0; start < len(src); {
		end := bytes.IndexByte(src[start:], '\n')
		if end < 0 {
			end = len(src)
		} else {
			end += start + 1
		}
		if len(bytes.Trim(src[start:end], " \t\r\n")) > 0 {
			blank = 0
		} else if blank++; blank > 2 {
			if out == nil {
				out = make([]byte, 0, len(src))
			}
			out = append(out, src[copied:start]...)
			copied = end
		}
		start = end
	}
	if out == nil {
		return src
	}
	return append(out, src[copied:]...)
}

// outputEstimate is a lower bound on the HTML the document renders to:
// what its leaves write, and what each link and image writes again from
// its destination and title. It is checked before rendering because a
// reference written out many times costs its escaping every time, even
// into a writer that has stopped taking bytes.
func outputEstimate(doc ast.Node, src []byte) int {
	n := 0
	_ = ast.Walk(doc, func(node ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch v := node.(type) {
		case *ast.Link:
			n += len(v.Destination) + len(v.Title)
		case *ast.Image:
			n += len(v.Destination) + len(v.Title)
		case *ast.Text:
			n += v.Segment.Len()
		}
		if n > maxOutput {
			return ast.WalkStop, nil
		}
		return ast.WalkContinue, nil
	})
	return n
}

// limitWriter takes at most left bytes and then fails every write, which
// makes the renderer's buffered writer stop writing.
type limitWriter struct {
	w    io.Writer
	left int
	over bool
}

func (l *limitWriter) Write(p []byte) (int, error) {
	if len(p) > l.left {
		l.over = true
		return 0, errOutputTooLong
	}
	l.left -= len(p)
	return l.w.Write(p)
}

// nested opens a block quote or a list only while fewer than maxDepth of
// them surround it; a deeper marker is left to the paragraph as text.
type nested struct{ parser.BlockParser }

func (b nested) Open(parent ast.Node, reader text.Reader, pc parser.Context) (ast.Node, parser.State) {
	depth := 0
	for n := parent; n != nil; n = n.Parent() {
		switch n.Kind() {
		case ast.KindBlockquote, ast.KindList:
			depth++
		}
	}
	if depth >= maxDepth {
		return nil, parser.NoChildren
	}
	return b.BlockParser.Open(parent, reader, pc)
}

// openersKey and delimitersKey count, per block being parsed inline, the
// link openers and the delimiter runs taken so far.
var (
	openersKey    = parser.NewContextKey()
	delimitersKey = parser.NewContextKey()
	cellsKey      = parser.NewContextKey()
	pipesKey      = parser.NewContextKey()
	refWorkKey    = parser.NewContextKey()
	unclosedKey   = parser.NewContextKey()
)

// count returns the counter under key, 0 when none was set.
func count(pc parser.Context, key parser.ContextKey) int {
	n, _ := pc.Get(key).(int)
	return n
}

// links is goldmark's link parser taking at most maxLinkOpeners openers a
// block; `]` is always its own, so what is open can still close.
type links struct{ parser.InlineParser }

func (l links) Parse(parent ast.Node, block text.Reader, pc parser.Context) ast.Node {
	if line, _ := block.PeekLine(); len(line) > 0 && (line[0] == '[' || bytes.HasPrefix(line, []byte("!["))) {
		n := count(pc, openersKey)
		if n >= maxLinkOpeners {
			return nil
		}
		pc.Set(openersKey, n+1)
	}
	return l.InlineParser.Parse(parent, block, pc)
}

func (l links) CloseBlock(parent ast.Node, block text.Reader, pc parser.Context) {
	pc.Set(openersKey, 0)
	if cb, ok := l.InlineParser.(parser.CloseBlocker); ok {
		cb.CloseBlock(parent, block, pc)
	}
}

// codeSpans is goldmark's code span parser remembering, per block, the
// lengths of backtick runs that found no closing run: no later run of that
// length can find one either (the rest of the block is a part of what was
// searched), so it is text at once. goldmark would search to the end of
// the block again for each, which is quadratic in “ `a\` “ repeated.
type codeSpans struct{ parser.InlineParser }

func (c codeSpans) Parse(parent ast.Node, block text.Reader, pc parser.Context) ast.Node {
	line, seg := block.PeekLine()
	run := 0
	for run < len(line) && line[run] == '`' {
		run++
	}
	unclosed, _ := pc.Get(unclosedKey).(map[int]bool)
	if unclosed[run] {
		block.Advance(run)
		return ast.NewTextSegment(seg.WithStop(seg.Start + run))
	}
	node := c.InlineParser.Parse(parent, block, pc)
	if _, ok := node.(*ast.Text); ok {
		if unclosed == nil {
			unclosed = map[int]bool{}
			pc.Set(unclosedKey, unclosed)
		}
		unclosed[run] = true
	}
	return node
}

func (c codeSpans) CloseBlock(parent ast.Node, block text.Reader, pc parser.Context) {
	pc.Set(unclosedKey, nil)
	if cb, ok := c.InlineParser.(parser.CloseBlocker); ok {
		cb.CloseBlock(parent, block, pc)
	}
}

// delimiters is an emphasis or strikethrough parser taking at most
// maxDelimiters runs a block, counted together.
type delimiters struct{ parser.InlineParser }

func (d delimiters) Parse(parent ast.Node, block text.Reader, pc parser.Context) ast.Node {
	n := count(pc, delimitersKey)
	if n >= maxDelimiters {
		return nil
	}
	// A run is taken whole or not at all: its second character meets a
	// run already refused (`~~~` is no strikethrough), and scanning the
	// rest of it again for every character would be quadratic.
	if line, _ := block.PeekLine(); len(line) > 0 && block.PrecendingCharacter() == rune(line[0]) {
		return nil
	}
	node := d.InlineParser.Parse(parent, block, pc)
	if node != nil {
		pc.Set(delimitersKey, n+1)
	}
	return node
}

func (d delimiters) CloseBlock(parent ast.Node, block text.Reader, pc parser.Context) {
	pc.Set(delimitersKey, 0)
	if cb, ok := d.InlineParser.(parser.CloseBlocker); ok {
		cb.CloseBlock(parent, block, pc)
	}
}

// bareLinks is goldmark's linkify (www.example.org and https:// addresses
// written bare) taking its chance only after a space, an opening
// parenthesis or at the head of a line. It is also offered `_`, `*` and
// `~`, but only those the emphasis and strikethrough parsers left as
// text, and those can stand in a host name: after each `_` of
// `_www.0_www.0…` linkify would try a host of 256 characters.
type bareLinks struct{ parser.InlineParser }

func (b bareLinks) Parse(parent ast.Node, block text.Reader, pc parser.Context) ast.Node {
	if line, _ := block.PeekLine(); len(line) > 0 && (line[0] == '_' || line[0] == '*' || line[0] == '~') {
		return nil
	}
	return b.InlineParser.Parse(parent, block, pc)
}

// maxQuoteRun is the longest run of one quote mark the typographer sees;
// in a longer one, the marks before the last maxQuoteRun stay as typed.
const maxQuoteRun = 16

// quotes is goldmark's typographer, which scans the rest of a run of quote
// marks for each mark of it: a run of a hundred thousand `'` would take
// their count squared.
type quotes struct{ parser.InlineParser }

func (q quotes) Parse(parent ast.Node, block text.Reader, pc parser.Context) ast.Node {
	line, _ := block.PeekLine()
	if len(line) > maxQuoteRun && (line[0] == '\'' || line[0] == '"') &&
		bytes.Count(line[:maxQuoteRun+1], line[:1]) == maxQuoteRun+1 {
		return nil
	}
	return q.InlineParser.Parse(parent, block, pc)
}

// references reads link reference definitions only from paragraphs whose
// definitions × lines stays within maxReferenceWork, over the document.
type references struct{ parser.ParagraphTransformer }

func (r references) Transform(node *ast.Paragraph, reader text.Reader, pc parser.Context) {
	lines := node.Lines()
	// Every definition has its "]:", and a line may end one and start
	// the next.
	defs := 0
	for i := range lines.Len() {
		defs += bytes.Count(lineAt(lines, i, reader.Source()), []byte("]:"))
	}
	if defs == 0 {
		return
	}
	work := count(pc, refWorkKey) + defs*lines.Len()
	if work > maxReferenceWork {
		return
	}
	pc.Set(refWorkKey, work)
	r.ParagraphTransformer.Transform(node, reader, pc)
}

// tables makes a table of a paragraph only within maxTableColumns,
// maxTableCells and maxEscapedPipes, counted over the document.
type tables struct{ parser.ParagraphTransformer }

func (t tables) Transform(node *ast.Paragraph, reader text.Reader, pc parser.Context) {
	lines := node.Lines()
	src := reader.Source()
	delim := -1
	for i := 1; i < lines.Len() && delim < 0; i++ {
		if tableDelimiter(lineAt(lines, i, src)) {
			delim = i
		}
	}
	if delim < 0 {
		return
	}
	cols := tableColumns(lineAt(lines, delim, src))
	cells := count(pc, cellsKey) + cols*(lines.Len()-delim)
	pipes := count(pc, pipesKey)
	for i := range lines.Len() {
		pipes += bytes.Count(lineAt(lines, i, src), []byte(`\|`))
	}
	if cols > maxTableColumns || cells > maxTableCells || pipes > maxEscapedPipes {
		return
	}
	pc.Set(cellsKey, cells)
	pc.Set(pipesKey, pipes)
	t.ParagraphTransformer.Transform(node, reader, pc)
}

// tableDelimiter reports whether line could be a table's delimiter row
// (`|---|:-:|`): only pipes, dashes, colons and spaces, with a dash.
func tableDelimiter(line []byte) bool {
	dash := false
	for _, c := range line {
		switch c {
		case '-':
			dash = true
		case '|', ':', ' ', '\t', '\n', '\r':
		default:
			return false
		}
	}
	return dash
}

// tableColumns counts the cells of a delimiter row.
func tableColumns(line []byte) int {
	line = bytes.TrimSpace(line)
	line = bytes.TrimPrefix(line, []byte("|"))
	line = bytes.TrimSuffix(line, []byte("|"))
	return bytes.Count(line, []byte("|")) + 1
}

// lineAt is the text of the paragraph's line i.
func lineAt(lines *text.Segments, i int, src []byte) []byte {
	seg := lines.At(i)
	return seg.Value(src)
}
