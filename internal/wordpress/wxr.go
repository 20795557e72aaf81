package wordpress

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Errors that stop a Reader, each wrapped in an *Error that tells the line.
var (
	ErrNotXML    = errors.New("not an XML file")
	ErrNotWXR    = errors.New("not a WordPress export")
	ErrVersion   = errors.New("unknown WXR version")
	ErrTruncated = errors.New("truncated export")
	ErrSyntax    = errors.New("malformed XML")
	ErrDTD       = errors.New("document type declaration refused")
	ErrEncoding  = errors.New("unsupported character encoding")
)

// Error is a problem that stops the reading of an export: what went wrong
// (Err, one of the Err values above, for errors.Is), where (Line, 1-based;
// 0 when unknown) and a message for the person running the import.
type Error struct {
	Line int
	Err  error
	Msg  string
}

func (e *Error) Error() string {
	if e.Line == 0 {
		return e.Msg
	}
	return fmt.Sprintf("line %d: %s", e.Line, e.Msg)
}

func (e *Error) Unwrap() error { return e.Err }

// Kinds of Warning the package gives.
const (
	// WarnEncoding: invalid UTF-8 or a character XML forbids was replaced
	// with U+FFFD.
	WarnEncoding WarningKind = "encoding"
	// WarnTooLarge: an item was skipped, or a comment or meta value dropped,
	// for being over its limit.
	WarnTooLarge WarningKind = "too-large"
	// WarnBadValue: a number, date or status could not be read; the field
	// was left at its zero value (or a comment's status at pending).
	WarnBadValue WarningKind = "bad-value"
	// WarnShortcode: a shortcode ConvertBody does not know was left as text.
	WarnShortcode WarningKind = "shortcode"
	// WarnGallery: a gallery named an attachment the lookup does not know.
	WarnGallery WarningKind = "gallery"
	// WarnBlock: a dynamic block (latest posts, a reusable block) had no
	// content of its own in the export; WordPress drew it when the page
	// was shown.
	WarnBlock WarningKind = "block"
)

// maxField bounds every field other than bodies, comments and meta values:
// titles, slugs, names, addresses, dates. WordPress's own columns for them
// hold at most a few hundred bytes.
const maxField = 64 << 10

// maxDepth bounds element nesting; a WordPress export goes five deep.
const maxDepth = 64

// WordPress writes dates as "2006-01-02 15:04:05" without a zone.
const wpDate = "2006-01-02 15:04:05"

// Reader reads a WXR export one record at a time, holding no more than one
// item (with its comments) in memory, whatever the size of the file.
type Reader struct {
	opts    Options
	g       *guard
	d       *xml.Decoder
	site    Site
	began   bool
	pending *xml.StartElement // a channel child read but not yet handled
	stack   []string          // local names of the open elements
	spaces  map[string]nsKind
	buf     []byte
	err     error
	encErr  error
	item    *Item // the item being read, for messages
}

// NewReader returns a Reader of the export r. Nothing is read until Next.
func NewReader(r io.Reader, opts Options) *Reader {
	if opts.Location == nil {
		opts.Location = time.UTC
	}
	if opts.MaxBody <= 0 {
		opts.MaxBody = DefaultMaxBody
	}
	if opts.MaxComment <= 0 {
		opts.MaxComment = DefaultMaxComment
	}
	if opts.MaxItem <= 0 {
		opts.MaxItem = DefaultMaxItem
	}
	rd := &Reader{opts: opts, spaces: make(map[string]nsKind)}
	rd.g = newGuard(r, max(opts.MaxBody, opts.MaxComment, maxField)+1)
	rd.d = xml.NewDecoder(rd.g)
	rd.d.Strict = true
	// HTML's named entities (&nbsp;, &eacute;) are a fixed table of the
	// package, not declarations from the file; older exporters let them
	// through in titles.
	rd.d.Entity = xml.HTMLEntity
	rd.d.CharsetReader = rd.charset
	return rd
}

// charset accepts the encodings that are UTF-8 already and refuses the
// others: WordPress has written UTF-8 exports since 2.2 unless the blog was
// set to another charset, and such a file is best converted with iconv
// before the import.
func (r *Reader) charset(label string, in io.Reader) (io.Reader, error) {
	switch strings.ToLower(label) {
	case "utf8", "us-ascii", "ascii":
		return in, nil
	}
	line, _ := r.d.InputPos()
	r.encErr = &Error{Line: line, Err: ErrEncoding, Msg: fmt.Sprintf(
		"the export is in %q; only UTF-8 is read (convert it first, for example with iconv -f %s -t UTF-8)", label, label)}
	return nil, r.encErr
}

// Site is the export's header; it is filled once Next has returned the
// first record.
func (r *Reader) Site() Site { return r.site }

// Offset is how many bytes of the file have been read, for progress.
func (r *Reader) Offset() int64 { return r.g.read }

// Next returns the next record of the export: the Site first, then the
// authors, terms and items in the order of the file. It returns io.EOF
// after the last one, and an *Error when the file cannot be read further;
// after an error every call returns the same error.
func (r *Reader) Next() (Record, error) {
	if r.err != nil {
		return Record{}, r.err
	}
	rec, err := r.next()
	if err != nil {
		r.err = err
		return Record{}, err
	}
	r.fixes(&rec)
	return rec, nil
}

func (r *Reader) next() (Record, error) {
	if !r.began {
		r.began = true
		if err := r.header(); err != nil {
			return Record{}, err
		}
		site := r.site
		return Record{Kind: RecordSite, Site: &site}, nil
	}
	for {
		start, err := r.channelChild()
		if err != nil {
			return Record{}, err
		}
		switch kind := r.space(start.Name.Space); {
		case start.Name.Local == "item" && kind == nsNone:
			return r.readItem()
		case start.Name.Local == "generator" && kind == nsNone:
			// WordPress writes it after the terms, once the Site has gone.
			if err := r.headerField(start, kind); err != nil {
				return Record{}, err
			}
			continue
		case kind != nsWP:
		case start.Name.Local == "author":
			return r.readAuthor()
		case start.Name.Local == "category", start.Name.Local == "tag", start.Name.Local == "term":
			return r.readTerm(start.Name.Local)
		}
		if err := r.skip(); err != nil {
			return Record{}, err
		}
	}
}

// channelChild returns the next element of the channel, or io.EOF at its
// end (after reading to the end of the root element).
func (r *Reader) channelChild() (xml.StartElement, error) {
	if r.pending != nil {
		start := *r.pending
		r.pending = nil
		return start, nil
	}
	for {
		t, err := r.token()
		if err != nil {
			return xml.StartElement{}, err
		}
		switch t := t.(type) {
		case xml.StartElement:
			return t, nil
		case xml.EndElement:
			if t.Name.Local == "channel" {
				return xml.StartElement{}, r.finish()
			}
		}
	}
}

// finish reads what follows the channel up to the end of the root element.
func (r *Reader) finish() error {
	for len(r.stack) > 0 {
		if _, err := r.token(); err != nil {
			return err
		}
	}
	return io.EOF
}

// token is the decoder's next token, with the nesting checked and errors
// told in the reader's words.
func (r *Reader) token() (xml.Token, error) {
	t, err := r.d.Token()
	if err != nil {
		return nil, r.fail(err)
	}
	switch t := t.(type) {
	case xml.StartElement:
		if len(r.stack) >= maxDepth {
			return nil, r.errorf(ErrSyntax, "elements are nested more than %d deep", maxDepth)
		}
		r.stack = append(r.stack, t.Name.Local)
	case xml.EndElement:
		r.stack = r.stack[:len(r.stack)-1]
	}
	return t, nil
}

func (r *Reader) errorf(kind error, format string, args ...any) *Error {
	line, _ := r.d.InputPos()
	return &Error{Line: line, Err: kind, Msg: fmt.Sprintf(format, args...)}
}

// fail turns an error of the decoder (or of the guard under it) into an
// *Error.
func (r *Reader) fail(err error) error {
	var e *Error
	switch {
	case r.encErr != nil:
		return r.encErr
	case errors.As(err, &e):
		return e
	case err == io.EOF && len(r.stack) == 0:
		if !r.began || r.site.Version == "" && r.d.InputOffset() == 0 {
			return &Error{Err: ErrNotXML, Msg: "the file is empty"}
		}
		return &Error{Err: ErrNotXML, Msg: "the file has no root element"}
	}
	var syn *xml.SyntaxError
	if !errors.As(err, &syn) {
		msg, ok := strings.CutPrefix(err.Error(), "xml: ")
		if !ok {
			return fmt.Errorf("read export: %w", err) // the file could not be read
		}
		// The decoder's other refusals, such as an XML declaration of a
		// version other than 1.0.
		line, _ := r.d.InputPos()
		syn = &xml.SyntaxError{Msg: msg, Line: line}
	}
	if strings.HasPrefix(syn.Msg, "unexpected EOF") {
		return &Error{Line: syn.Line, Err: ErrTruncated, Msg: "the file ends in the middle of " + r.where() +
			"; it is truncated (export it again, or check that the copy is complete)"}
	}
	if len(r.stack) == 0 && r.site.Version == "" {
		return &Error{Line: syn.Line, Err: ErrNotXML, Msg: "the file is not XML: " + syn.Msg}
	}
	return &Error{Line: syn.Line, Err: ErrSyntax, Msg: "the file is not well-formed XML (" + syn.Msg + ") in " + r.where()}
}

// where names the element being read, for messages: "<item> (post 12)".
func (r *Reader) where() string {
	if len(r.stack) == 0 {
		return "the file"
	}
	s := "<" + r.stack[len(r.stack)-1] + ">"
	if r.item != nil {
		if r.item.ID != 0 {
			s += fmt.Sprintf(" of item %d", r.item.ID)
		} else if r.item.Title != "" {
			s += fmt.Sprintf(" of item %q", clip(r.item.Title, 60))
		}
	}
	return s
}

// fixes adds a warning for the characters the guard replaced while the
// record was read.
func (r *Reader) fixes(rec *Record) {
	fx := r.g.takeFixes(r.d.InputOffset())
	if len(fx) == 0 {
		return
	}
	var id int64
	if rec.Item != nil {
		id = rec.Item.ID
	}
	msg := "an invalid UTF-8 sequence or a character XML forbids was replaced with U+FFFD"
	if len(fx) > 1 {
		msg = fmt.Sprintf("%d invalid UTF-8 sequences or characters XML forbids were replaced with U+FFFD (the first on line %d)", len(fx), fx[0].line)
	}
	rec.Warnings = append(rec.Warnings, Warning{ItemID: id, Kind: WarnEncoding, Message: msg, Line: fx[0].line})
}

// header reads up to the channel and its own elements, up to the first
// author, term or item, and checks that the file is a WXR export of a
// version the reader knows.
func (r *Reader) header() error {
	root, err := r.root()
	if err != nil {
		return err
	}
	wxrDeclared := false
	for _, a := range root.Attr {
		if a.Name.Space == "xmlns" && r.space(a.Value) == nsWP {
			wxrDeclared = true
		}
	}
	if _, err := r.channel(); err != nil {
		return err
	}
	for {
		t, err := r.token()
		if err != nil {
			return err
		}
		if end, ok := t.(xml.EndElement); ok && end.Name.Local == "channel" {
			break
		}
		start, ok := t.(xml.StartElement)
		if !ok {
			continue
		}
		kind := r.space(start.Name.Space)
		if start.Name.Local == "item" && kind == nsNone ||
			kind == nsWP && (start.Name.Local == "author" || start.Name.Local == "category" ||
				start.Name.Local == "tag" || start.Name.Local == "term") {
			r.pending = &start
			break
		}
		if err := r.headerField(start, kind); err != nil {
			return err
		}
		if kind == nsWP {
			wxrDeclared = true
		}
	}
	switch r.site.Version {
	case "1.0", "1.1", "1.2":
		return nil
	case "":
		if !wxrDeclared {
			return r.errorf(ErrNotWXR, "the file is an RSS feed, not a WordPress export: it has no wp:wxr_version (export the site from Tools → Export in WordPress)")
		}
		return r.errorf(ErrVersion, "the export does not say its WXR version (no wp:wxr_version in the channel)")
	}
	return r.errorf(ErrVersion, "the export is WXR version %q; dateline reads versions 1.0, 1.1 and 1.2", clip(r.site.Version, 20))
}

// root reads up to the root element and checks that it is rss.
func (r *Reader) root() (xml.StartElement, error) {
	for {
		t, err := r.token()
		if err != nil {
			return xml.StartElement{}, err
		}
		switch t := t.(type) {
		case xml.CharData:
			if s := strings.TrimSpace(string(t)); s != "" {
				return xml.StartElement{}, r.errorf(ErrNotXML, "the file is not XML: it starts with %q", clip(s, 20))
			}
		case xml.StartElement:
			if t.Name.Local != "rss" || t.Name.Space != "" {
				return t, r.errorf(ErrNotWXR, "the file's root element is <%s>, not <rss>: it is not a WordPress export", clip(t.Name.Local, 40))
			}
			return t, nil
		}
	}
}

// channel reads up to the rss element's channel.
func (r *Reader) channel() (xml.StartElement, error) {
	for {
		t, err := r.token()
		if err != nil {
			return xml.StartElement{}, err
		}
		switch t := t.(type) {
		case xml.StartElement:
			if t.Name.Local == "channel" {
				return t, nil
			}
			if err := r.skip(); err != nil {
				return t, err
			}
		case xml.EndElement:
			return xml.StartElement{}, r.errorf(ErrNotWXR, "the rss element has no channel: it is not a WordPress export")
		}
	}
}

func (r *Reader) headerField(start xml.StartElement, kind nsKind) error {
	var dst *string
	switch {
	case kind == nsNone && start.Name.Local == "title":
		dst = &r.site.Title
	case kind == nsNone && start.Name.Local == "link":
		dst = &r.site.Link
	case kind == nsNone && start.Name.Local == "description":
		dst = &r.site.Description
	case kind == nsNone && start.Name.Local == "language":
		dst = &r.site.Language
	case kind == nsNone && start.Name.Local == "generator":
		dst = &r.site.Generator
	case kind == nsWP && start.Name.Local == "wxr_version":
		dst = &r.site.Version
	case kind == nsWP && start.Name.Local == "base_site_url":
		dst = &r.site.BaseSiteURL
	case kind == nsWP && start.Name.Local == "base_blog_url":
		dst = &r.site.BaseBlogURL
	case kind == nsNone && start.Name.Local == "pubDate":
		s, _, err := r.text(maxField)
		if err != nil {
			return err
		}
		if t, err := time.Parse(time.RFC1123Z, strings.TrimSpace(s)); err == nil {
			r.site.Exported = t.UTC()
		}
		return nil
	default:
		return r.skip()
	}
	s, _, err := r.text(maxField)
	if err != nil {
		return err
	}
	*dst = strings.TrimSpace(s)
	return nil
}

// text reads the character data of the element just started, up to its
// end, keeping at most limit bytes; over reports that there was more (the
// text is then empty). Elements inside are skipped.
func (r *Reader) text(limit int) (s string, over bool, err error) {
	buf := r.buf[:0]
	depth := 0
	for {
		t, err := r.token()
		if err != nil {
			return "", false, err
		}
		switch t := t.(type) {
		case xml.CharData:
			if depth > 0 || over {
				continue
			}
			if len(buf)+len(t) > limit {
				over, buf = true, buf[:0]
				continue
			}
			buf = append(buf, t...)
		case xml.StartElement:
			depth++
		case xml.EndElement:
			if depth > 0 {
				depth--
				continue
			}
			s = string(buf)
			if cap(buf) <= 1<<20 {
				r.buf = buf[:0]
			} else {
				r.buf = nil // a big body's buffer is not kept for the small fields
			}
			return s, over, nil
		}
	}
}

// skip reads past the end of the element just started.
func (r *Reader) skip() error {
	depth := 0
	for {
		t, err := r.token()
		if err != nil {
			return err
		}
		switch t.(type) {
		case xml.StartElement:
			depth++
		case xml.EndElement:
			if depth == 0 {
				return nil
			}
			depth--
		}
	}
}

// children calls child for each element inside the element just started,
// up to its end; child must read the element it is given to its end (with
// text, skip or children).
func (r *Reader) children(child func(c xml.StartElement, kind nsKind) error) error {
	for {
		t, err := r.token()
		if err != nil {
			return err
		}
		switch t := t.(type) {
		case xml.EndElement:
			return nil
		case xml.StartElement:
			if err := child(t, r.space(t.Name.Space)); err != nil {
				return err
			}
		}
	}
}

// fields reads the children of the element just started as text fields,
// each kept up to limit(its local name) bytes (0 skips it) and given to
// set, with over telling a text that was longer.
func (r *Reader) fields(limit func(name string) int, set func(c xml.StartElement, kind nsKind, text string, over bool)) error {
	return r.children(func(c xml.StartElement, kind nsKind) error {
		n := limit(c.Name.Local)
		if n == 0 {
			return r.skip()
		}
		s, over, err := r.text(n)
		if err != nil {
			return err
		}
		set(c, kind, s, over)
		return nil
	})
}

func small(string) int { return maxField }

func (r *Reader) readAuthor() (Record, error) {
	a := &Author{}
	rec := Record{Kind: RecordAuthor, Author: a}
	err := r.fields(small, func(c xml.StartElement, kind nsKind, s string, over bool) {
		if kind != nsWP {
			return
		}
		if over {
			rec.Warnings = append(rec.Warnings, r.warn(WarnTooLarge, "the author's %s is longer than 64 KB and was left empty", c.Name.Local))
			return
		}
		switch c.Name.Local {
		case "author_id":
			a.ID = r.number(&rec.Warnings, "author_id", s)
		case "author_login":
			a.Login = strings.TrimSpace(s)
		case "author_email":
			a.Email = strings.TrimSpace(s)
		case "author_display_name":
			a.DisplayName = strings.TrimSpace(s)
		case "author_first_name":
			a.FirstName = strings.TrimSpace(s)
		case "author_last_name":
			a.LastName = strings.TrimSpace(s)
		}
	})
	return rec, err
}

// readTerm reads a wp:category, wp:tag (WXR 1.0 and later) or wp:term
// (1.1 and later).
func (r *Reader) readTerm(element string) (Record, error) {
	t := &Term{}
	switch element {
	case "category":
		t.Taxonomy = TaxonomyCategory
	case "tag":
		t.Taxonomy = TaxonomyTag
	}
	rec := Record{Kind: RecordTerm, Term: t}
	err := r.fields(small, func(c xml.StartElement, kind nsKind, s string, over bool) {
		if kind != nsWP {
			return
		}
		if over {
			rec.Warnings = append(rec.Warnings, r.warn(WarnTooLarge, "the term's %s is longer than 64 KB and was left empty", c.Name.Local))
			return
		}
		switch c.Name.Local {
		case "term_id":
			t.ID = r.number(&rec.Warnings, "term_id", s)
		case "term_taxonomy":
			t.Taxonomy = strings.TrimSpace(s)
		case "category_nicename", "tag_slug", "term_slug":
			t.Slug = strings.TrimSpace(s)
		case "cat_name", "tag_name", "term_name":
			t.Name = strings.TrimSpace(s)
		case "category_parent", "term_parent":
			t.Parent = strings.TrimSpace(s)
		case "category_description", "tag_description", "term_description":
			t.Description = s
		}
	})
	switch t.Taxonomy {
	case TaxonomyCategory:
		t.Kind = TermCategory
	case TaxonomyTag:
		t.Kind = TermTag
	default:
		t.Kind = TermOther
	}
	return rec, err
}

// itemReading is the state of one item being read.
type itemReading struct {
	it        *Item
	rec       Record
	held      int // bytes held, against Options.MaxItem
	skipped   string
	dropped   int // comments and meta dropped for MaxItem
	gmt, date string
	modGMT    string
	modified  string
}

func (r *Reader) readItem() (Record, error) {
	st := &itemReading{it: &Item{}}
	st.rec = Record{Kind: RecordItem, Item: st.it}
	r.item = st.it
	defer func() { r.item = nil }()
	err := r.children(func(c xml.StartElement, kind nsKind) error {
		switch {
		case kind == nsWP && c.Name.Local == "postmeta":
			return r.readPostMeta(st)
		case kind == nsWP && c.Name.Local == "comment":
			return r.readComment(st)
		case kind == nsNone && c.Name.Local == "description":
			return r.skip() // RSS's summary; WordPress leaves it empty
		}
		limit := maxField
		if c.Name.Local == "encoded" {
			limit = r.opts.MaxBody
		}
		s, over, err := r.text(limit)
		if err != nil {
			return err
		}
		r.itemField(st, c, kind, s, over, limit)
		return nil
	})
	if err != nil {
		return Record{}, err
	}
	r.finishItem(st)
	return st.rec, nil
}

func (r *Reader) itemField(st *itemReading, c xml.StartElement, kind nsKind, s string, over bool, limit int) {
	it := st.it
	name := c.Name.Local
	if over {
		what := name
		switch kind {
		case nsContent:
			what = "body"
		case nsExcerpt:
			what = "excerpt"
		}
		st.skip(fmt.Sprintf("its %s is larger than %s", what, size(limit)))
		return
	}
	st.held += len(s)
	switch kind {
	case nsNone:
		switch name {
		case "title":
			it.Title = strings.TrimSpace(s)
		case "link":
			it.Link = strings.TrimSpace(s)
		case "guid":
			it.GUID = strings.TrimSpace(s)
		case "category":
			it.Terms = append(it.Terms, itemTerm(c, s))
		}
	case nsContent:
		if name == "encoded" && st.skipped == "" {
			it.Content = s
		}
	case nsExcerpt:
		if name == "encoded" && st.skipped == "" {
			it.Excerpt = s
		}
	case nsDC:
		if name == "creator" {
			it.Creator = strings.TrimSpace(s)
		}
	case nsWP:
		r.itemWPField(st, name, s)
	}
}

// keep reports whether n more bytes fit in the item, counting them held
// when they do and dropped when they do not.
func (st *itemReading) keep(n, limit int) bool {
	if st.skipped != "" {
		return false
	}
	if st.held+n > limit {
		st.dropped++
		return false
	}
	st.held += n
	return true
}

// metaOverhead is what a meta pair or comment costs beside its text, so
// that a million empty ones still count against Options.MaxItem.
const metaOverhead = 64

func (r *Reader) readPostMeta(st *itemReading) error {
	m, over, err := r.readMeta()
	if err != nil {
		return err
	}
	if over {
		st.rec.Warnings = append(st.rec.Warnings, r.warn(WarnTooLarge, "the meta value %q is larger than %s and was left out", clip(m.Key, 60), size(r.opts.MaxComment)))
		return nil
	}
	if st.keep(len(m.Key)+len(m.Value)+metaOverhead, r.opts.MaxItem) {
		st.it.Meta = append(st.it.Meta, m)
	}
	return nil
}

// readMeta reads a wp:postmeta or wp:commentmeta: a meta_key and a
// meta_value, kept as text.
func (r *Reader) readMeta() (m Meta, over bool, err error) {
	err = r.fields(func(name string) int {
		switch name {
		case "meta_key":
			return maxField
		case "meta_value":
			return r.opts.MaxComment
		}
		return 0
	}, func(c xml.StartElement, kind nsKind, s string, o bool) {
		if kind != nsWP {
			return
		}
		over = over || o
		switch c.Name.Local {
		case "meta_key":
			m.Key = strings.TrimSpace(s)
		case "meta_value":
			m.Value = s
		}
	})
	return m, over, err
}

func (r *Reader) readComment(st *itemReading) error {
	c := Comment{Type: TypeComment, Status: CommentPending}
	var gmt, date, tooLong string
	w := &st.rec.Warnings
	held := metaOverhead
	err := r.children(func(e xml.StartElement, kind nsKind) error {
		if kind != nsWP {
			return r.skip()
		}
		if e.Name.Local == "commentmeta" {
			m, over, err := r.readMeta()
			if err == nil && !over {
				c.Meta = append(c.Meta, m)
				held += len(m.Key) + len(m.Value) + metaOverhead
			}
			return err
		}
		limit := maxField
		if e.Name.Local == "comment_content" {
			limit = r.opts.MaxComment
		}
		s, over, err := r.text(limit)
		if err != nil || over {
			if over && tooLong == "" {
				tooLong = e.Name.Local
			}
			return err
		}
		held += len(s)
		r.commentField(&c, w, e.Name.Local, s, &gmt, &date)
		return nil
	})
	if err != nil {
		return err
	}
	if tooLong != "" {
		*w = append(*w, r.warn(WarnTooLarge, "comment %d was left out: its %s is larger than %s", c.ID, tooLong, size(max(maxField, r.opts.MaxComment))))
		return nil
	}
	c.Date, c.DateLocal = r.date(w, "comment_date", gmt, date)
	if st.keep(held, r.opts.MaxItem) {
		st.it.Comments = append(st.it.Comments, c)
	}
	return nil
}

func (r *Reader) commentField(c *Comment, w *[]Warning, name, s string, gmt, date *string) {
	switch name {
	case "comment_content":
		c.Content = s
		return
	case "comment_author":
		c.Author = strings.TrimSpace(s)
		return
	}
	s = strings.TrimSpace(s)
	switch name {
	case "comment_id":
		c.ID = r.number(w, name, s)
	case "comment_parent":
		c.Parent = r.number(w, name, s)
	case "comment_user_id":
		c.UserID = r.number(w, name, s)
	case "comment_author_email":
		c.AuthorEmail = s
	case "comment_author_url":
		c.AuthorURL = s
	case "comment_author_IP":
		c.AuthorIP = s
	case "comment_date":
		*date = s
	case "comment_date_gmt":
		*gmt = s
	case "comment_approved":
		c.Status = r.commentStatus(w, s)
	case "comment_type":
		c.Type = CommentType(s)
		if s == "" {
			c.Type = TypeComment
		}
	}
}

// commentStatus maps wp:comment_approved; an unknown value holds the
// comment for moderation.
func (r *Reader) commentStatus(w *[]Warning, s string) CommentStatus {
	switch s {
	case "1", "approve", "approved":
		return CommentApproved
	case "0", "hold":
		return CommentPending
	case "spam":
		return CommentSpam
	case "trash", "post-trashed":
		return CommentTrash
	}
	*w = append(*w, r.warn(WarnBadValue, "comment_approved %q is not a status WordPress writes; the comment is held for moderation", clip(s, 40)))
	return CommentPending
}

func (r *Reader) itemWPField(st *itemReading, name, s string) {
	it, w := st.it, &st.rec.Warnings
	s = strings.TrimSpace(s)
	switch name {
	case "post_id":
		it.ID = r.number(w, name, s)
	case "post_date":
		st.date = s
	case "post_date_gmt":
		st.gmt = s
	case "post_modified":
		st.modified = s
	case "post_modified_gmt":
		st.modGMT = s
	case "comment_status":
		it.CommentStatus = s
	case "ping_status":
		it.PingStatus = s
	case "post_name":
		it.Slug = s
	case "status":
		it.Status = PostStatus(s)
	case "post_parent":
		it.Parent = r.number(w, name, s)
	case "menu_order":
		it.MenuOrder = int(r.number(w, name, s))
	case "post_type":
		it.Type = s
	case "post_password":
		it.Password = s
	case "is_sticky":
		it.Sticky = s == "1"
	case "attachment_url":
		it.AttachmentURL = s
	}
}

// skip marks the item skipped and lets go of what it holds.
func (st *itemReading) skip(why string) {
	if st.skipped == "" {
		st.skipped = why
	}
	st.it.Content, st.it.Excerpt, st.it.Comments, st.it.Meta = "", "", nil, nil
}

// itemTerm reads an item's category element. WXR 1.0 files also carry a
// bare <category>Name</category> beside each domain one, and call tags
// "tag"; both are told in the current words.
func itemTerm(c xml.StartElement, name string) ItemTerm {
	t := ItemTerm{Domain: TaxonomyCategory, Name: strings.TrimSpace(name)}
	for _, a := range c.Attr {
		switch a.Name.Local {
		case "domain":
			t.Domain = a.Value
		case "nicename":
			t.Nicename = a.Value
		}
	}
	if t.Domain == "tag" {
		t.Domain = TaxonomyTag
	}
	return t
}

func (r *Reader) finishItem(st *itemReading) {
	it, w := st.it, &st.rec.Warnings
	it.Date, it.DateLocal = r.date(w, "post_date", st.gmt, st.date)
	it.Offset, it.OffsetKnown = offset(st.gmt, st.date)
	it.Modified, _ = r.date(w, "post_modified", st.modGMT, st.modified)
	it.Terms = dedupeTerms(it.Terms)
	if st.dropped > 0 {
		*w = append(*w, r.warn(WarnTooLarge, "the item holds more than %s; %d of its comments and meta values were left out", size(r.opts.MaxItem), st.dropped))
	}
	if st.skipped != "" {
		st.skip(st.skipped)
		st.rec.Kind = RecordSkipped
		*w = append(*w, r.warn(WarnTooLarge, "the item was skipped: %s", st.skipped))
	} else {
		it.SEOTitle = yoast(it, r.site, "_yoast_wpseo_title")
		it.SEODescription = yoast(it, r.site, "_yoast_wpseo_metadesc")
	}
	for i := range *w {
		(*w)[i].ItemID = it.ID
	}
}

// dedupeTerms drops the bare category elements of WXR 1.0 that repeat a
// category given with its domain and nicename.
func dedupeTerms(terms []ItemTerm) []ItemTerm {
	out := terms[:0]
	for _, t := range terms {
		if t.Nicename == "" && t.Domain == TaxonomyCategory && hasNamed(terms, t.Name) {
			continue
		}
		out = append(out, t)
	}
	return out
}

func hasNamed(terms []ItemTerm, name string) bool {
	for _, t := range terms {
		if t.Nicename != "" && t.Domain == TaxonomyCategory && t.Name == name {
			return true
		}
	}
	return false
}

// date reads a WordPress date: the GMT form when it is there and not
// 0000-00-00, else the local form in Options.Location.
func (r *Reader) date(w *[]Warning, field, gmt, local string) (time.Time, bool) {
	if gmt != "" && !strings.HasPrefix(gmt, "0000-00-00") {
		t, err := time.ParseInLocation(wpDate, gmt, time.UTC)
		if err == nil {
			return t, false
		}
		*w = append(*w, r.warn(WarnBadValue, "%s_gmt %q is not a date; %s is used", field, clip(gmt, 40), field))
	}
	if local == "" || strings.HasPrefix(local, "0000-00-00") {
		return time.Time{}, false
	}
	t, err := time.ParseInLocation(wpDate, local, r.opts.Location)
	if err != nil {
		*w = append(*w, r.warn(WarnBadValue, "%s %q is not a date", field, clip(local, 40)))
		return time.Time{}, false
	}
	return t.UTC(), true
}

// offset is how far a local date stands from its GMT form, when both are
// dates (WordPress's zones are whole minutes, at most 14 hours away).
func offset(gmt, local string) (time.Duration, bool) {
	g, err := time.ParseInLocation(wpDate, gmt, time.UTC)
	if err != nil || strings.HasPrefix(gmt, "0000-00-00") {
		return 0, false
	}
	l, err := time.ParseInLocation(wpDate, local, time.UTC)
	if err != nil || strings.HasPrefix(local, "0000-00-00") {
		return 0, false
	}
	d := l.Sub(g)
	if d < -14*time.Hour || d > 14*time.Hour {
		return 0, false
	}
	return d, true
}

// number reads a WordPress id or order; an empty field is 0.
func (r *Reader) number(w *[]Warning, field, s string) int64 {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n < 0 {
		*w = append(*w, r.warn(WarnBadValue, "%s %q is not a number", field, clip(s, 40)))
		return 0
	}
	return n
}

func (r *Reader) warn(kind WarningKind, format string, args ...any) Warning {
	line, _ := r.d.InputPos()
	return Warning{Kind: kind, Message: fmt.Sprintf(format, args...), Line: line}
}

// nsKind is what an XML namespace is to a WXR file.
type nsKind uint8

const (
	nsNone nsKind = iota
	nsOther
	nsWP
	nsExcerpt
	nsContent
	nsDC
)

func (r *Reader) space(s string) nsKind {
	if k, ok := r.spaces[s]; ok {
		return k
	}
	k := classify(s)
	if len(r.spaces) < 64 {
		r.spaces[s] = k
	}
	return k
}

// classify names a namespace. The prefixes themselves are accepted for a
// file that uses them without declaring them.
func classify(s string) nsKind {
	switch s {
	case "":
		return nsNone
	case "wp":
		return nsWP
	case "excerpt":
		return nsExcerpt
	case "content", "http://purl.org/rss/1.0/modules/content/":
		return nsContent
	case "dc", "http://purl.org/dc/elements/1.1/":
		return nsDC
	}
	rest, ok := strings.CutPrefix(s, "http://wordpress.org/export/")
	if !ok {
		rest, ok = strings.CutPrefix(s, "https://wordpress.org/export/")
	}
	if !ok {
		return nsOther
	}
	_, sub, _ := strings.Cut(rest, "/")
	switch strings.TrimSuffix(sub, "/") {
	case "":
		return nsWP
	case "excerpt":
		return nsExcerpt
	}
	return nsOther
}

// clip shortens s to at most n runes for a message.
func clip(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	i := 0
	for k := range s {
		if i == n {
			return s[:k] + "…"
		}
		i++
	}
	return s
}

func size(n int) string {
	if n >= 1<<20 && n%(1<<20) == 0 {
		return fmt.Sprintf("%d MB", n>>20)
	}
	if n >= 1<<10 && n%(1<<10) == 0 {
		return fmt.Sprintf("%d KB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}

// yoast reads a Yoast SEO override of the item. Yoast stores templates with
// %%variables%%; those the export knows (the title, the site's name and
// description, the excerpt, the first category and tag) are filled in,
// the separator becomes a dash, and the others are dropped.
func yoast(it *Item, site Site, key string) string {
	v, ok := it.MetaValue(key)
	if !ok || !strings.Contains(v, "%%") {
		return strings.TrimSpace(v)
	}
	var b strings.Builder
	for {
		i := strings.Index(v, "%%")
		if i < 0 {
			b.WriteString(v)
			break
		}
		j := strings.Index(v[i+2:], "%%")
		if j < 0 {
			b.WriteString(v)
			break
		}
		b.WriteString(v[:i])
		b.WriteString(yoastVariable(it, site, v[i+2:i+2+j]))
		v = v[i+2+j+2:]
	}
	return strings.Join(strings.Fields(b.String()), " ")
}

func yoastVariable(it *Item, site Site, name string) string {
	first := func(terms []ItemTerm) string {
		if len(terms) == 0 {
			return ""
		}
		return terms[0].Name
	}
	switch name {
	case "title":
		return it.Title
	case "sitename":
		return site.Title
	case "sitedesc":
		return site.Description
	case "sep":
		return "-"
	case "excerpt", "excerpt_only":
		return strings.Join(strings.Fields(it.Excerpt), " ")
	case "category", "primary_category":
		return first(it.Categories())
	case "tag":
		return first(it.Tags())
	}
	return ""
}

// guard stands between the export file and the XML decoder and keeps what
// the decoder buffers bounded, whatever the file holds. encoding/xml reads
// each text, CDATA section, comment and tag whole into memory before
// returning it, so a 1 GB CDATA section would be 1 GB of memory; the guard
// follows the markup byte by byte (text, tag, CDATA, comment, processing
// instruction) and
//
//   - cuts a text run, CDATA section or comment after limit bytes, dropping
//     the rest up to its end, so the reader sees a field one byte over its
//     limit and skips it with a warning instead of holding it all;
//   - stops with an error at a tag or processing instruction longer than
//     maxTag, which no export has;
//   - refuses any <!DOCTYPE> or other declaration: a WordPress export has
//     none, and with no document type no entity can be declared, expanded
//     ("billion laughs") or fetched from outside;
//   - replaces invalid UTF-8 and characters XML forbids (control characters,
//     U+FFFE, U+FFFF) with U+FFFD and notes where, so that one bad byte costs
//     a warning on one item rather than the whole import;
//   - drops a UTF-8 byte order mark at the start.
type guard struct {
	src   io.Reader
	limit int // longest text, CDATA or comment kept, in bytes

	in     []byte // read from src, not yet processed: in[r:]
	r      int
	srcEOF bool
	srcErr error
	out    []byte // processed, not yet handed to the decoder
	err    error  // the guard's own error, returned once out is drained

	read    int64 // bytes read from src
	emitted int64 // bytes handed out, the decoder's input offset
	line    int
	started bool // past the byte order mark check

	st       lexState
	n        int  // bytes of the current token so far
	dropping bool // the current token is over the limit; its rest is dropped
	quote    byte // the quote an attribute value opened, in a tag
	c1, c2   byte // the last two bytes of the current token, for terminators
	bang     []byte
	inEntity bool
	entLen   int
	lastOut  byte

	fixes []fix
}

// fix is a character the guard replaced with U+FFFD: at offset of the
// decoder's input, on line.
type fix struct {
	offset int64
	line   int
}

type lexState uint8

const (
	stText lexState = iota
	stLT            // just after '<'
	stBang          // after "<!", deciding between comment, CDATA and declaration
	stComment
	stCDATA
	stTag
	stPI
)

// maxTag bounds tags and processing instructions: the longest in a real
// export is a category element with its attributes, well under a kilobyte.
const maxTag = 64 << 10

var replacement = []byte("\uFFFD")

func newGuard(src io.Reader, limit int) *guard {
	return &guard{src: src, limit: limit, line: 1, in: make([]byte, 0, 64<<10)}
}

func (g *guard) Read(p []byte) (int, error) {
	for len(g.out) == 0 {
		if g.err != nil {
			return 0, g.err
		}
		if g.r == len(g.in) && g.srcEOF {
			if g.srcErr != nil {
				return 0, g.srcErr
			}
			return 0, io.EOF
		}
		g.fill()
		g.process()
	}
	n := copy(p, g.out)
	g.out = g.out[n:]
	g.emitted += int64(n)
	return n, nil
}

// fill reads more of the source, keeping the unprocessed tail (at most the
// start of one UTF-8 sequence).
func (g *guard) fill() {
	if g.srcEOF {
		return
	}
	rest := copy(g.in[:cap(g.in)], g.in[g.r:])
	g.in = g.in[:rest]
	g.r = 0
	n, err := g.src.Read(g.in[rest:cap(g.in)])
	g.in = g.in[:rest+n]
	g.read += int64(n)
	if err != nil {
		g.srcEOF = true
		if err != io.EOF {
			g.srcErr = err
		}
	}
}

// process turns what was read into output, a character at a time.
func (g *guard) process() {
	g.out = g.out[:0]
	in := g.in
	if !g.started {
		if len(in)-g.r < 3 && !g.srcEOF {
			return
		}
		g.started = true
		if bytes.HasPrefix(in[g.r:], []byte("\xEF\xBB\xBF")) {
			g.r += 3
		}
	}
	for g.r < len(in) && g.err == nil {
		b := in[g.r]
		if b < utf8.RuneSelf {
			g.r++
			if b < 0x20 && b != '\n' && b != '\r' && b != '\t' {
				g.replace()
				continue
			}
			if b == '\n' {
				g.line++
			}
			g.lex(b, nil)
			continue
		}
		if !utf8.FullRune(in[g.r:]) && !g.srcEOF {
			return // the rest of the sequence comes with the next read
		}
		c, size := utf8.DecodeRune(in[g.r:])
		seq := in[g.r : g.r+size]
		g.r += size
		if c == utf8.RuneError && size == 1 || c == 0xFFFE || c == 0xFFFF {
			g.replace()
			continue
		}
		g.lex(0x80, seq)
	}
}

func (g *guard) replace() {
	g.fixes = append(g.fixes, fix{offset: g.emitted + int64(len(g.out)), line: g.line})
	g.lex(0x80, replacement)
}

// emit hands a character on: b itself when seq is nil, else the sequence.
func (g *guard) emit(b byte, seq []byte) {
	if seq == nil {
		g.out = append(g.out, b)
	} else {
		g.out = append(g.out, seq...)
	}
	g.lastOut = b
}

func (g *guard) width(seq []byte) int {
	if seq == nil {
		return 1
	}
	return len(seq)
}

// lex follows the markup. b is the character when it is ASCII and 0x80 for
// any other, whose bytes are seq; only ASCII characters are markup.
func (g *guard) lex(b byte, seq []byte) {
	switch g.st {
	case stText:
		g.text(b, seq)
	case stLT:
		g.emit(b, seq)
		switch b {
		case '!':
			g.st, g.bang = stBang, g.bang[:0]
		case '?':
			g.st, g.n, g.c1 = stPI, 0, 0
		default:
			g.st, g.n, g.quote = stTag, 0, 0
			g.tag(b)
		}
	case stBang:
		g.emit(b, seq)
		g.bang = append(g.bang, b)
		switch {
		case bytes.Equal(g.bang, []byte("--")):
			g.begin(stComment)
		case bytes.Equal(g.bang, []byte("[CDATA[")):
			g.begin(stCDATA)
		case !bytes.HasPrefix([]byte("--"), g.bang) && !bytes.HasPrefix([]byte("[CDATA["), g.bang):
			what := "<!" + string(g.bang) + "…"
			switch b {
			case 'D', 'd':
				what = "<!DOCTYPE"
			case 'E', 'e':
				what = "<!ENTITY"
			}
			g.err = &Error{Line: g.line, Err: ErrDTD,
				Msg: "the file declares a document type or entity (" + what + "); a WordPress export has none, and declarations are refused so that no entity is ever expanded or fetched"}
		}
	case stComment:
		g.section(b, seq, '-', "-->")
	case stCDATA:
		g.section(b, seq, ']', "]]>")
	case stTag:
		g.emit(b, seq)
		g.tag(b)
	case stPI:
		g.emit(b, seq)
		g.n++
		if g.c1 == '?' && b == '>' {
			g.st = stText
			g.n = 0
		}
		g.c1 = b
		if g.n > maxTag {
			g.err = &Error{Line: g.line, Err: ErrSyntax, Msg: "a processing instruction (<?…?>) is longer than 64 KB"}
		}
	}
}

func (g *guard) begin(st lexState) {
	g.st, g.n, g.dropping, g.c1, g.c2 = st, 0, false, 0, 0
}

func (g *guard) text(b byte, seq []byte) {
	if b == '<' {
		g.emit(b, seq)
		g.st, g.dropping, g.inEntity = stLT, false, false
		g.n = 0
		return
	}
	if g.dropping {
		return
	}
	g.n += g.width(seq)
	// The cut waits for an entity reference to end, so that the decoder
	// never sees half of one.
	if g.n > g.limit && !g.inEntity {
		g.dropping = true
		return
	}
	switch {
	case b == '&':
		g.inEntity, g.entLen = true, 0
	case g.inEntity && b == ';':
		g.inEntity = false
	case g.inEntity:
		g.entLen++
		if g.entLen > 40 {
			g.inEntity = false // not an entity; the decoder will say so
		}
	}
	g.emit(b, seq)
}

func (g *guard) tag(b byte) {
	g.n++
	switch {
	case g.quote != 0:
		if b == g.quote {
			g.quote = 0
		}
	case b == '"' || b == '\'':
		g.quote = b
	case b == '>':
		g.st, g.n = stText, 0
		return
	}
	if g.n > maxTag {
		g.err = &Error{Line: g.line, Err: ErrSyntax, Msg: "a tag is longer than 64 KB"}
	}
}

// section follows a comment or CDATA section up to its terminator (end is
// "-->" or "]]>", and mark its repeated character).
func (g *guard) section(b byte, seq []byte, mark byte, end string) {
	if g.c1 == mark && g.c2 == mark && b == '>' {
		if g.dropping {
			g.out = append(g.out, end...)
		} else {
			g.emit(b, seq)
		}
		g.st, g.n, g.dropping = stText, 0, false
		return
	}
	g.c1, g.c2 = g.c2, b
	if g.dropping {
		return
	}
	g.n += g.width(seq)
	if g.n > g.limit {
		// A comment may not hold "--": a space keeps a '-' it was cut
		// after from meeting the terminator the guard writes.
		if mark == '-' && g.lastOut == '-' {
			g.out = append(g.out, ' ')
			g.lastOut = ' '
		}
		g.dropping = true
		return
	}
	g.emit(b, seq)
}

// takeFixes returns the replacements made before the decoder's offset and
// forgets them.
func (g *guard) takeFixes(before int64) []fix {
	i := 0
	for i < len(g.fixes) && g.fixes[i].offset < before {
		i++
	}
	if i == 0 {
		return nil
	}
	out := append([]fix(nil), g.fixes[:i]...)
	g.fixes = append(g.fixes[:0], g.fixes[i:]...)
	return out
}
