package wordpress

import (
	"fmt"
	"html"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"dateline/internal/content"
	"dateline/internal/render"
)

// Body is a WordPress post body turned into plain HTML, ready to be stored
// as an article's HTML source (content.FormatHTML), which the sanitiser
// cleans on its way to the page like any other.
type Body struct {
	// HTML is the whole body: block comments dropped, bare text in
	// paragraphs (for bodies written before the block editor), [caption],
	// [gallery], [embed], [audio] and [video] turned into figures and links,
	// and web addresses alone on a line into links. It is not sanitised yet.
	HTML string
	// More tells that the body had a <!--more--> tag; Teaser is then the
	// HTML before it (converted alike, and also at the start of HTML),
	// Summary its plain text up to content.MaxExcerpt characters, for an
	// article without an excerpt of its own, and MoreText the tag's own
	// words ("<!--more Read on-->"), if any.
	More     bool
	Teaser   string
	Summary  string
	MoreText string
	// Warnings are about what could not be carried over: unknown shortcodes
	// left as text, gallery pictures missing from the export, dynamic
	// blocks WordPress rendered on the fly. Their ItemID is 0: the caller
	// knows the item.
	Warnings []Warning
}

// Attachment is what a body needs of a WordPress attachment to show it.
type Attachment struct {
	ID      int64
	Parent  int64 // the post it was uploaded to, 0 when none
	URL     string
	Title   string
	Caption string // HTML, as WordPress keeps it in the attachment's excerpt
	Alt     string
}

// Attachments answers ConvertBody's questions about the export's
// attachments; Library is one kept in memory. A nil Attachments knows none.
type Attachments interface {
	// Attachment is the attachment with WordPress id id.
	Attachment(id int64) (Attachment, bool)
	// Children are the attachments uploaded to post parent, in id order,
	// for a [gallery] that names no ids.
	Children(parent int64) []Attachment
}

// Library keeps the attachments of an export in memory for ConvertBody.
// Attachments can come after the posts that show them, so an importer
// reads the file once to fill the Library (a few hundred bytes an
// attachment) and again to import. The zero value is empty and ready.
type Library struct {
	byID     map[int64]Attachment
	byParent map[int64][]int64
}

// Add keeps it when it is an attachment, and reports whether it was.
func (l *Library) Add(it *Item) bool {
	if it.Type != TypeAttachment || it.ID == 0 {
		return false
	}
	if l.byID == nil {
		l.byID, l.byParent = make(map[int64]Attachment), make(map[int64][]int64)
	}
	url := it.AttachmentURL
	if url == "" {
		url = it.GUID
	}
	if _, seen := l.byID[it.ID]; !seen && it.Parent != 0 {
		l.byParent[it.Parent] = append(l.byParent[it.Parent], it.ID)
	}
	l.byID[it.ID] = Attachment{ID: it.ID, Parent: it.Parent, URL: url, Title: it.Title, Caption: it.Excerpt, Alt: it.AltText()}
	return true
}

// SetURL changes where an attachment is shown from, for an importer that
// fetched it into the media library.
func (l *Library) SetURL(id int64, url string) {
	if a, ok := l.byID[id]; ok {
		a.URL = url
		l.byID[id] = a
	}
}

// Len is the number of attachments kept.
func (l *Library) Len() int { return len(l.byID) }

func (l *Library) Attachment(id int64) (Attachment, bool) {
	a, ok := l.byID[id]
	return a, ok
}

func (l *Library) Children(parent int64) []Attachment {
	ids := append([]int64(nil), l.byParent[parent]...)
	sort.Slice(ids, func(i, j int) bool { return ids[i] < ids[j] })
	out := make([]Attachment, 0, len(ids))
	for _, id := range ids {
		out = append(out, l.byID[id])
	}
	return out
}

// maxGallery bounds the pictures one body's galleries show, so that a
// gallery naming a million ids does not make a body of a gigabyte.
const maxGallery = 1000

// ConvertBody turns the WordPress HTML of post postID into plain HTML.
// Bodies with block-editor comments ("<!-- wp:") are HTML already and keep
// their line breaks as they are, as WordPress shows them; older bodies get
// WordPress's automatic paragraphs: a blank line starts a paragraph and a
// single line break is a <br>, except inside pre, script, style and
// textarea, and around block elements. The work is linear in the length of
// src: no regular expressions, and every search resumes where the last one
// stopped.
func ConvertBody(src string, postID int64, atts Attachments) Body {
	src = strings.ReplaceAll(src, "\r\n", "\n")
	src = strings.ReplaceAll(src, "\r", "\n")
	blocks := strings.Contains(src, "<!-- wp:")
	c := converter{postID: postID, atts: atts, autop: !blocks, unknown: map[string]int{}}
	var b Body
	teaser, rest, more, moreText := splitMore(src)
	if more {
		b.More, b.MoreText = true, moreText
		b.Teaser = c.convert(teaser)
		b.HTML = b.Teaser + c.convert(rest)
		b.Summary = summary(b.Teaser)
	} else {
		b.HTML = c.convert(src)
	}
	b.Warnings = c.warnings()
	return b
}

// splitMore cuts src at its first <!--more--> tag.
func splitMore(src string) (before, after string, found bool, text string) {
	i := strings.Index(src, "<!--more")
	if i < 0 {
		return src, "", false, ""
	}
	j := strings.Index(src[i:], "-->")
	if j < 0 {
		return src, "", false, ""
	}
	text = strings.TrimSpace(src[i+len("<!--more") : i+j])
	return src[:i], src[i+j+len("-->"):], true, text
}

// summary is the plain text of the teaser, cut at a word to fit an
// article's excerpt.
func summary(teaser string) string {
	s := render.PlainText(render.Sanitize(teaser))
	if utf8.RuneCountInString(s) <= content.MaxExcerpt {
		return s
	}
	n := 0
	for i := range s {
		if n == content.MaxExcerpt-1 {
			s = s[:i]
			break
		}
		n++
	}
	if k := strings.LastIndexByte(s, ' '); k > len(s)/2 {
		s = s[:k]
	}
	return s + "…"
}

type converter struct {
	postID   int64
	atts     Attachments
	autop    bool
	unknown  map[string]int // unknown shortcode → times seen
	dynamic  map[string]int // self-closing blocks → times seen
	missing  []int64        // gallery ids the attachments do not know
	pictures int            // gallery pictures shown so far
	capped   bool
}

func (c *converter) convert(src string) string {
	src = c.dropComments(src)
	src = c.shortcodes(src)
	return c.paragraphs(src)
}

func (c *converter) warnings() []Warning {
	var w []Warning
	for _, name := range sortedKeys(c.unknown) {
		w = append(w, Warning{Kind: WarnShortcode, Message: fmt.Sprintf("the shortcode [%s] is not known here and was left as text (%s)", name, times(c.unknown[name]))})
	}
	for _, name := range sortedKeys(c.dynamic) {
		w = append(w, Warning{Kind: WarnBlock, Message: fmt.Sprintf("the block %s was drawn by WordPress when the page was shown and has no content to carry over (%s)", name, times(c.dynamic[name]))})
	}
	if len(c.missing) > 0 {
		ids := make([]string, 0, min(len(c.missing), 10))
		for _, id := range c.missing[:min(len(c.missing), 10)] {
			ids = append(ids, strconv.FormatInt(id, 10))
		}
		more := ""
		if len(c.missing) > 10 {
			more = fmt.Sprintf(" and %d more", len(c.missing)-10)
		}
		w = append(w, Warning{Kind: WarnGallery, Message: "a gallery shows attachments that are not in the export: " + strings.Join(ids, ", ") + more})
	}
	if c.capped {
		w = append(w, Warning{Kind: WarnGallery, Message: fmt.Sprintf("the galleries show more than %d pictures; the rest were left out", maxGallery)})
	}
	return w
}

func sortedKeys(m map[string]int) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func times(n int) string {
	if n == 1 {
		return "once"
	}
	return strconv.Itoa(n) + " times"
}

// dropComments removes the block editor's comments (<!-- wp:name {…} -->,
// <!-- /wp:name -->, <!-- wp:name /-->) and <!--nextpage--> and
// <!--noteaser-->, keeping everything between them. A self-closing block
// is a dynamic one (latest posts, a reusable block) whose content
// WordPress made when the page was shown; it is counted for a warning.
func (c *converter) dropComments(s string) string {
	var b strings.Builder
	for {
		i := strings.Index(s, "<!--")
		if i < 0 {
			b.WriteString(s)
			return b.String()
		}
		j := strings.Index(s[i+4:], "-->")
		if j < 0 {
			b.WriteString(s)
			return b.String()
		}
		body := s[i+4 : i+4+j]
		end := i + 4 + j + 3
		trimmed := strings.TrimSpace(body)
		switch {
		case strings.HasPrefix(trimmed, "wp:") || strings.HasPrefix(trimmed, "/wp:"):
			if strings.HasSuffix(trimmed, "/") && strings.HasPrefix(trimmed, "wp:") {
				c.noteDynamic(trimmed)
			}
			b.WriteString(s[:i])
			// The comment's own line goes with it, so that no blank line
			// is left where the block's delimiters were.
			if end < len(s) && s[end] == '\n' {
				end++
			}
		case trimmed == "nextpage" || trimmed == "noteaser":
			b.WriteString(s[:i])
		default:
			b.WriteString(s[:end])
		}
		s = s[end:]
	}
}

func (c *converter) noteDynamic(comment string) {
	name := strings.TrimPrefix(comment, "wp:")
	if k := strings.IndexAny(name, " \t\n/"); k >= 0 {
		name = name[:k]
	}
	if name == "" || len(name) > 100 {
		return
	}
	if c.dynamic == nil {
		c.dynamic = map[string]int{}
	}
	if len(c.dynamic) < 100 {
		c.dynamic[name]++
	}
}

// shortcode is one [name attrs]…[/name] read from a body.
type shortcode struct {
	name    string
	attrs   map[string]string
	content string
	end     int // index just past it
}

// enclosing are the shortcodes that take content up to their closing tag.
var enclosing = map[string]bool{"caption": true, "wp_caption": true, "embed": true, "audio": true, "video": true}

// known are the shortcodes ConvertBody turns into HTML.
var known = map[string]bool{"caption": true, "wp_caption": true, "embed": true, "audio": true, "video": true,
	"gallery": true, "playlist": true}

// shortcodes replaces the shortcodes it knows, leaves the others as text
// and counts them.
func (c *converter) shortcodes(s string) string {
	if !strings.Contains(s, "[") {
		return s
	}
	var b strings.Builder
	closes := map[string]int{} // name → index of its next closing tag, -1 none
	for i := 0; i < len(s); {
		k := strings.IndexByte(s[i:], '[')
		if k < 0 {
			b.WriteString(s[i:])
			break
		}
		k += i
		b.WriteString(s[i:k])
		if k+1 < len(s) && s[k+1] == '[' {
			// [[caption]] is how a writer shows a shortcode as text: the
			// outer brackets go, the inner stay.
			if sc, ok := parseShortcode(s, k+1, closes); ok && sc.end < len(s) && s[sc.end] == ']' {
				b.WriteString(s[k+1 : sc.end])
				i = sc.end + 1
				continue
			}
			b.WriteByte('[')
			i = k + 1
			continue
		}
		sc, ok := parseShortcode(s, k, closes)
		if !ok {
			b.WriteByte('[')
			i = k + 1
			continue
		}
		switch {
		case known[sc.name]:
			b.WriteString(c.expand(sc))
		default:
			if len(c.unknown) < 100 || c.unknown[sc.name] > 0 {
				c.unknown[sc.name]++
			}
			b.WriteString(s[k:sc.end])
		}
		i = sc.end
	}
	return b.String()
}

// parseShortcode reads a shortcode at s[at] ('['). Its name is what
// WordPress allows in one (letters, digits, '_' and '-', starting with a
// letter, which leaves "[1]" and "[…]" as text), and its attributes run to
// the first ']' with no '[' before it. An enclosing shortcode takes the
// text up to its closing tag when there is one; closes caches where each
// name's next closing tag is, so that a body full of unclosed [caption]s is
// still read once.
func parseShortcode(s string, at int, closes map[string]int) (shortcode, bool) {
	i := at + 1
	j := i
	for j < len(s) && j-i < 64 && isNameByte(s[j], j == i) {
		j++
	}
	if j == i || j >= len(s) || (s[j] != ']' && s[j] != ' ' && s[j] != '/' && s[j] != '\t' && s[j] != '\n') {
		return shortcode{}, false
	}
	name := s[i:j] // WordPress's shortcode names are case-sensitive
	k := j
	for k < len(s) && s[k] != ']' && s[k] != '[' {
		k++
	}
	if k >= len(s) || s[k] != ']' {
		return shortcode{}, false
	}
	raw := s[j:k]
	sc := shortcode{name: name, end: k + 1}
	selfClosing := strings.HasSuffix(raw, "/")
	sc.attrs = parseAttrs(strings.TrimSuffix(raw, "/"))
	if !enclosing[name] || selfClosing {
		return sc, true
	}
	closing := "[/" + name + "]"
	pos, cached := closes[name]
	if !cached || pos >= 0 && pos < sc.end {
		pos = strings.Index(s[sc.end:], closing)
		if pos >= 0 {
			pos += sc.end
		}
		closes[name] = pos
	}
	if pos >= 0 {
		sc.content = s[sc.end:pos]
		sc.end = pos + len(closing)
	}
	return sc, true
}

func isNameByte(b byte, first bool) bool {
	switch {
	case b >= 'a' && b <= 'z', b >= 'A' && b <= 'Z':
		return true
	case first:
		return false
	case b >= '0' && b <= '9', b == '_', b == '-':
		return true
	}
	return false
}

// parseAttrs reads shortcode attributes: name="value", name='value',
// name=value; values standing alone are numbered from "0".
func parseAttrs(s string) map[string]string {
	attrs := map[string]string{}
	pos := 0
	for len(s) > 0 && len(attrs) < 50 {
		s = strings.TrimLeft(s, " \t\n")
		if s == "" {
			break
		}
		n := 0
		for n < len(s) && s[n] != '=' && s[n] != ' ' && s[n] != '\t' && s[n] != '\n' && s[n] != '"' && s[n] != '\'' {
			n++
		}
		if n < len(s) && s[n] == '=' && n > 0 {
			key := strings.ToLower(s[:n])
			value, rest := attrValue(s[n+1:])
			attrs[key] = value
			s = rest
			continue
		}
		value, rest := attrValue(s)
		if rest == s { // a stray quote or '='
			s = s[1:]
			continue
		}
		attrs[strconv.Itoa(pos)] = value
		pos++
		s = rest
	}
	return attrs
}

func attrValue(s string) (value, rest string) {
	if s == "" {
		return "", s
	}
	if q := s[0]; q == '"' || q == '\'' {
		end := strings.IndexByte(s[1:], q)
		if end < 0 {
			return s[1:], ""
		}
		return s[1 : 1+end], s[2+end:]
	}
	end := strings.IndexAny(s, " \t\n")
	if end < 0 {
		end = len(s)
	}
	if end == 0 {
		return "", s
	}
	return s[:end], s[end:]
}

func (c *converter) expand(sc shortcode) string {
	switch sc.name {
	case "caption", "wp_caption":
		return caption(sc)
	case "gallery":
		return c.gallery(sc)
	case "playlist":
		return c.playlist(sc)
	case "embed":
		if u := strings.TrimSpace(sc.content); isWebURL(u) {
			return link(u)
		}
		return sc.content
	case "audio", "video":
		for _, key := range []string{"src", "mp3", "m4a", "ogg", "wav", "wma", "mp4", "m4v", "webm", "ogv", "flv", "wmv"} {
			if u := sc.attrs[key]; u != "" {
				return link(u)
			}
		}
		if u := strings.TrimSpace(sc.content); isWebURL(u) {
			return link(u)
		}
		return sc.content
	}
	return ""
}

// link is a web address as a link to itself.
func link(u string) string {
	e := html.EscapeString(u)
	return `<a href="` + e + `">` + e + `</a>`
}

func isWebURL(u string) bool {
	lower := strings.ToLower(u)
	if !strings.HasPrefix(lower, "http://") && !strings.HasPrefix(lower, "https://") {
		return false
	}
	return !strings.ContainsAny(u, " \t\n<>\"'")
}

// caption turns [caption id=… align=… width=…]<img …> Words[/caption] into
// a figure: the picture (with the link around it, if any) and the words
// after it as its caption. Old posts give the words in a caption
// attribute instead.
func caption(sc shortcode) string {
	media, words := splitCaption(strings.TrimSpace(sc.content))
	if words == "" {
		words = strings.TrimSpace(sc.attrs["caption"])
	}
	var b strings.Builder
	b.WriteString("<figure")
	if align := sc.attrs["align"]; isToken(align) {
		b.WriteString(` class="wp-caption ` + align + `"`)
	}
	b.WriteString(">")
	b.WriteString(media)
	if words != "" {
		b.WriteString("<figcaption>" + words + "</figcaption>")
	}
	b.WriteString("</figure>")
	return b.String()
}

// splitCaption finds the picture at the start of a caption's content: an
// <img> tag, with the <a …> before it and the </a> after it when it is a
// link.
func splitCaption(s string) (media, words string) {
	i := indexFold(s, "<img")
	if i < 0 {
		return "", s
	}
	end := tagEnd(s, i)
	if end < 0 {
		return "", s
	}
	start := i
	if before := strings.TrimSpace(s[:i]); before != "" {
		if !hasPrefixFold(before, "<a ") && !hasPrefixFold(before, "<a>") || tagEnd(before, 0) != len(before) {
			return "", s // words before the picture: no picture to single out
		}
		start = 0
		rest := strings.TrimLeft(s[end:], " \t\n")
		if hasPrefixFold(rest, "</a>") {
			end = len(s) - len(rest) + len("</a>")
		}
	}
	return s[start:end], strings.TrimSpace(s[end:])
}

// isToken reports whether s is a safe class name: letters, digits and
// hyphens.
func isToken(s string) bool {
	if s == "" || len(s) > 40 {
		return false
	}
	for i := 0; i < len(s); i++ {
		b := s[i]
		if !(b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9' || b == '-' || b == '_') {
			return false
		}
	}
	return true
}

// galleryIDs reads a gallery's ids="1,2,3" (or include=…), or the
// attachments of the post when it names none.
func (c *converter) galleryIDs(sc shortcode) []Attachment {
	list := sc.attrs["ids"]
	if list == "" {
		list = sc.attrs["include"]
	}
	if list == "" {
		if c.atts == nil || c.postID == 0 {
			return nil
		}
		return c.atts.Children(c.postID)
	}
	var out []Attachment
	for _, part := range strings.Split(list, ",") {
		id, err := strconv.ParseInt(strings.TrimSpace(part), 10, 64)
		if err != nil || id <= 0 {
			continue
		}
		var a Attachment
		ok := false
		if c.atts != nil {
			a, ok = c.atts.Attachment(id)
		}
		if !ok {
			if len(c.missing) < 1000 {
				c.missing = append(c.missing, id)
			}
			continue
		}
		out = append(out, a)
	}
	return out
}

// take keeps the pictures within the body's allowance.
func (c *converter) take(atts []Attachment) []Attachment {
	room := maxGallery - c.pictures
	if len(atts) > room {
		atts, c.capped = atts[:max(room, 0)], true
	}
	c.pictures += len(atts)
	return atts
}

// gallery turns [gallery] into a figure of figures, one a picture with its
// caption, linked to the full picture when link="file".
func (c *converter) gallery(sc shortcode) string {
	atts := c.take(c.galleryIDs(sc))
	if len(atts) == 0 {
		return ""
	}
	var b strings.Builder
	b.WriteString(`<figure class="gallery">`)
	for _, a := range atts {
		if !isWebURL(a.URL) && !strings.HasPrefix(a.URL, "/") {
			continue
		}
		u := html.EscapeString(a.URL)
		b.WriteString("<figure>")
		img := `<img src="` + u + `" alt="` + html.EscapeString(a.Alt) + `">`
		if sc.attrs["link"] == "file" {
			img = `<a href="` + u + `">` + img + `</a>`
		}
		b.WriteString(img)
		if cap := strings.TrimSpace(a.Caption); cap != "" {
			b.WriteString("<figcaption>" + cap + "</figcaption>")
		}
		b.WriteString("</figure>")
	}
	b.WriteString("</figure>")
	return b.String()
}

// playlist turns [playlist ids=…] into a list of links to the files.
func (c *converter) playlist(sc shortcode) string {
	atts := c.take(c.galleryIDs(sc))
	if len(atts) == 0 {
		return ""
	}
	var b strings.Builder
	b.WriteString("<ul>")
	for _, a := range atts {
		if !isWebURL(a.URL) {
			continue
		}
		title := a.Title
		if title == "" {
			title = a.URL
		}
		b.WriteString(`<li><a href="` + html.EscapeString(a.URL) + `">` + html.EscapeString(title) + `</a></li>`)
	}
	b.WriteString("</ul>")
	return b.String()
}

// indexFold is strings.Index for an ASCII, lower-case sub, ignoring the
// case of s.
func indexFold(s, sub string) int {
	for i := 0; i+len(sub) <= len(s); i++ {
		if lower(s[i]) == sub[0] && strings.EqualFold(s[i:i+len(sub)], sub) {
			return i
		}
	}
	return -1
}

func lower(b byte) byte {
	if b >= 'A' && b <= 'Z' {
		return b - 'A' + 'a'
	}
	return b
}

func hasPrefixFold(s, prefix string) bool {
	return len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix)
}

// tagEnd is the index just past the tag starting at s[at] ('<'), with
// quoted attribute values skipped, or -1 when it does not end: at the end
// of s or at a '<' outside quotes, where the next tag may start. Stopping
// there keeps a body full of unclosed tags read in linear time.
func tagEnd(s string, at int) int {
	var quote byte
	for i := at + 1; i < len(s); i++ {
		switch b := s[i]; {
		case quote != 0:
			if b == quote {
				quote = 0
			}
		case b == '"' || b == '\'':
			quote = b
		case b == '>':
			return i + 1
		case b == '<':
			return -1
		}
	}
	return -1
}

// blockMode is how an element holds what is inside it, for paragraphs.
type blockMode uint8

const (
	inline     blockMode = iota // not a block: part of the paragraph around it
	flow                        // holds paragraphs: its bare text goes in <p>
	phrasing                    // holds text: line breaks become <br>, no <p>
	structural                  // holds elements (lists, tables): its own text is left alone
	void                        // a block without content or end tag
	raw                         // its content is left exactly as it is
)

var blockModes = map[string]blockMode{
	"div": flow, "blockquote": flow, "section": flow, "article": flow, "aside": flow,
	"header": flow, "footer": flow, "nav": flow, "main": flow, "details": flow,
	"fieldset": flow, "form": flow, "address": flow,
	"p": phrasing, "h1": phrasing, "h2": phrasing, "h3": phrasing, "h4": phrasing,
	"h5": phrasing, "h6": phrasing, "li": phrasing, "dt": phrasing, "dd": phrasing,
	"th": phrasing, "td": phrasing, "caption": phrasing, "figcaption": phrasing,
	"summary": phrasing, "legend": phrasing, "figure": phrasing,
	"ul": structural, "ol": structural, "dl": structural, "menu": structural,
	"table": structural, "thead": structural, "tbody": structural, "tfoot": structural,
	"tr": structural, "colgroup": structural, "hgroup": structural, "map": structural,
	"hr": void, "col": void, "area": void,
	"pre": raw, "script": raw, "style": raw, "textarea": raw, "svg": raw, "math": raw,
}

// maxStack bounds the open elements followed; deeper ones are read as
// inline, which changes nothing but the paragraphs inside them.
const maxStack = 256

// paragrapher writes a body with WordPress's automatic paragraphs (when
// autop) and web addresses alone on a line made links (always).
type paragrapher struct {
	autop        bool
	out          strings.Builder
	para         strings.Builder
	pendingBreak bool // a line break is due before the next content
	afterBR      bool // the paragraph ends with a <br> tag
	lineStart    bool // nothing but tags of blocks since the last line break
	stack        []blockMode
	names        []string
	inLink       int
}

func (c *converter) paragraphs(s string) string {
	p := paragrapher{autop: c.autop, lineStart: true}
	p.out.Grow(len(s) + len(s)/16)
	for i := 0; i < len(s); {
		k := strings.IndexByte(s[i:], '<')
		if k < 0 {
			p.text(s[i:], true)
			break
		}
		k += i
		tok := readTag(s, k)
		if k > i {
			p.text(s[i:k], tok.breaks())
		}
		if tok.end < 0 { // not a tag: a '<' of the text
			p.text("<", false)
			i = k + 1
			continue
		}
		i = p.tag(s, tok)
	}
	p.flush()
	return p.out.String()
}

// tagToken is a piece of markup at s[start:end]; end is -1 when the '<'
// there starts no tag.
type tagToken struct {
	start, end int
	name       string // lower case; "" for comments and declarations
	closing    bool
	selfClose  bool
	mode       blockMode
}

// breaks reports whether the token ends a line of text, for a web address
// alone on its line.
func (t tagToken) breaks() bool {
	return t.name == "br" || t.name != "" && t.mode != inline
}

func readTag(s string, at int) tagToken {
	t := tagToken{start: at, end: -1}
	rest := s[at+1:]
	switch {
	case strings.HasPrefix(rest, "!--"):
		if j := strings.Index(rest[3:], "-->"); j >= 0 {
			t.end = at + 1 + 3 + j + 3
		} else {
			t.end = len(s)
		}
		return t
	case strings.HasPrefix(rest, "!") || strings.HasPrefix(rest, "?"):
		t.end = tagEnd(s, at)
		return t
	case strings.HasPrefix(rest, "/"):
		t.closing = true
		rest = rest[1:]
	}
	n := 0
	for n < len(rest) && n < 32 && (isNameByte(rest[n], n == 0) || n > 0 && rest[n] == ':') {
		n++
	}
	if n == 0 {
		return t
	}
	t.name = strings.ToLower(rest[:n])
	t.end = tagEnd(s, at)
	if t.end < 0 {
		t.name = ""
		return t
	}
	t.selfClose = s[t.end-2] == '/'
	t.mode = blockModes[t.name]
	return t
}

func (p *paragrapher) mode() blockMode {
	if !p.autop {
		return structural
	}
	if len(p.stack) == 0 {
		return flow
	}
	return p.stack[len(p.stack)-1]
}

// tag writes the markup t and returns where the text after it starts.
func (p *paragrapher) tag(s string, t tagToken) int {
	markup := s[t.start:t.end]
	switch {
	case t.name == "": // a comment or declaration: invisible, changes no line
		if p.para.Len() > 0 {
			p.para.WriteString(markup)
		} else {
			p.out.WriteString(markup)
		}
	case t.mode == raw && !t.closing && !t.selfClose:
		p.flush()
		end := rawEnd(s, t)
		p.out.WriteString(s[t.start:end])
		p.lineStart = false
		return end
	case t.mode == inline:
		p.inlineTag(markup, t)
	default:
		p.blockTag(markup, t)
	}
	return t.end
}

// rawEnd is the end of the raw element opened by t: past its end tag, or
// the end of s.
func rawEnd(s string, t tagToken) int {
	j := indexFold(s[t.end:], "</"+t.name)
	if j < 0 {
		return len(s)
	}
	j += t.end
	if k := strings.IndexByte(s[j:], '>'); k >= 0 {
		return j + k + 1
	}
	return len(s)
}

func (p *paragrapher) inlineTag(markup string, t tagToken) {
	if t.name == "a" && !t.selfClose {
		if t.closing {
			p.inLink = max(p.inLink-1, 0)
		} else {
			p.inLink++
		}
	}
	if !p.autop {
		p.out.WriteString(markup)
		p.lineStart = t.name == "br"
		return
	}
	p.breakIfDue()
	p.para.WriteString(markup)
	p.afterBR = t.name == "br"
	p.lineStart = p.afterBR
}

func (p *paragrapher) blockTag(markup string, t tagToken) {
	p.flush()
	if t.closing {
		if !p.pop(t.name) && t.name == "p" && p.autop {
			return // a stray </p> would become an empty paragraph
		}
	}
	p.out.WriteString(markup)
	p.lineStart = true
	if !t.closing && !t.selfClose && t.mode != void {
		p.push(t.name, t.mode)
	}
}

func (p *paragrapher) push(name string, m blockMode) {
	if len(p.stack) < maxStack {
		p.stack = append(p.stack, m)
		p.names = append(p.names, name)
	}
}

// pop closes the innermost open element called name, and those inside it,
// and reports whether there was one.
func (p *paragrapher) pop(name string) bool {
	for i := len(p.names) - 1; i >= 0 && i >= len(p.names)-16; i-- {
		if p.names[i] == name {
			p.stack, p.names = p.stack[:i], p.names[:i]
			return true
		}
	}
	return false
}

// text writes text; followedByBreak tells whether what comes after it ends
// the line (a block tag, a <br>, the end).
func (p *paragrapher) text(t string, followedByBreak bool) {
	for len(t) > 0 {
		nl := strings.IndexByte(t, '\n')
		if nl < 0 {
			p.line(t, followedByBreak)
			return
		}
		j, count := nl, 0
		for j < len(t) && (t[j] == '\n' || t[j] == ' ' || t[j] == '\t') {
			if t[j] == '\n' {
				count++
			}
			j++
		}
		p.line(t[:nl], true)
		if !p.autop {
			p.out.WriteString(t[nl:j])
			p.lineStart = true
		} else {
			p.lineBreak(count)
		}
		t = t[j:]
	}
}

// line writes a piece of a line of text; endsLine tells that the line ends
// after it.
func (p *paragrapher) line(s string, endsLine bool) {
	trimmed := strings.TrimSpace(s)
	if p.lineStart && endsLine && p.inLink == 0 && isWebURL(trimmed) {
		s = link(trimmed)
	}
	if !p.autop {
		p.out.WriteString(s)
		if trimmed != "" {
			p.lineStart = false
		}
		return
	}
	if p.mode() == structural {
		p.out.WriteString(s)
		return
	}
	if p.para.Len() == 0 || p.pendingBreak || p.afterBR {
		s = strings.TrimLeft(s, " \t")
	}
	if s == "" {
		return
	}
	p.breakIfDue()
	p.para.WriteString(s)
	p.afterBR = false
	p.lineStart = false
}

func (p *paragrapher) breakIfDue() {
	if p.pendingBreak {
		p.para.WriteString("<br>\n")
		p.pendingBreak = false
	}
}

// lineBreak follows count line breaks in a row: two or more end the
// paragraph where paragraphs may be, one is a <br> (unless the line ended
// with one already).
func (p *paragrapher) lineBreak(count int) {
	p.lineStart = true
	switch {
	case p.mode() == structural:
		p.out.WriteByte('\n')
	case count >= 2 && p.mode() == flow && p.para.Len() > 0:
		p.flush()
	case p.para.Len() == 0:
		p.newline()
	case p.afterBR:
		p.para.WriteByte('\n')
	default:
		p.pendingBreak = true
	}
}

func (p *paragrapher) newline() {
	s := p.out.String()
	if len(s) > 0 && s[len(s)-1] != '\n' {
		p.out.WriteByte('\n')
	}
}

// flush ends the paragraph being written: in <p> where paragraphs may be,
// as it is elsewhere.
func (p *paragrapher) flush() {
	p.pendingBreak, p.afterBR = false, false
	if p.para.Len() == 0 {
		return
	}
	if p.mode() == flow {
		p.out.WriteString("<p>")
		p.out.WriteString(strings.TrimRight(p.para.String(), " \t\n"))
		p.out.WriteString("</p>\n")
	} else {
		p.out.WriteString(p.para.String())
	}
	p.para.Reset()
}
