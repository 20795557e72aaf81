package wordpress

import (
	"strconv"
	"time"
)

// Site is the export's header: the channel's own elements, read before the
// first author, term or item.
type Site struct {
	Title       string
	Link        string // the blog's home page as WordPress served it
	Description string
	Language    string // "en-US"
	BaseSiteURL string // wp:base_site_url, where WordPress itself lives
	BaseBlogURL string // wp:base_blog_url, the blog's address
	// Version is the WXR version the file declares, "1.0", "1.1" or "1.2".
	Version string
	// Generator is "https://wordpress.org/?v=6.5.2" when the file says;
	// WordPress writes it after the terms, so it is in Reader.Site once the
	// first item is read rather than in the first record.
	Generator string
	// Exported is the channel's pubDate, when the export was made; zero when
	// it is missing or unreadable.
	Exported time.Time
}

// Author is a wp:author element: a WordPress user who wrote something in the
// export.
type Author struct {
	ID          int64 // wp:author_id; 0 in WXR 1.0 files, which have none
	Login       string
	Email       string
	DisplayName string
	FirstName   string
	LastName    string
}

// TermKind tells categories and tags from the other taxonomies.
type TermKind string

const (
	TermCategory TermKind = "category"
	TermTag      TermKind = "tag"
	// TermOther is any other taxonomy (nav_menu, post_format, custom ones);
	// Term.Taxonomy names it.
	TermOther TermKind = "other"
)

// Taxonomy names WordPress gives its built-in taxonomies, as they appear in
// Term.Taxonomy and ItemTerm.Domain.
const (
	TaxonomyCategory = "category"
	TaxonomyTag      = "post_tag"
)

// Term is a wp:category, wp:tag or wp:term element of the channel.
type Term struct {
	Kind     TermKind
	Taxonomy string // "category", "post_tag", "nav_menu", …
	ID       int64  // wp:term_id; 0 when the file has none (WXR 1.0)
	Slug     string
	Name     string
	// Parent is the slug of the parent term, "" for a top-level term.
	Parent      string
	Description string
}

// Post types with a meaning for the importer; every other value of
// Item.Type (nav_menu_item, revision, wp_block, custom types) is kept as
// WordPress wrote it.
const (
	TypePost       = "post"
	TypePage       = "page"
	TypeAttachment = "attachment"
)

// PostStatus is wp:status as WordPress wrote it.
type PostStatus string

const (
	StatusPublish PostStatus = "publish"
	StatusDraft   PostStatus = "draft"
	StatusPending PostStatus = "pending"
	StatusFuture  PostStatus = "future"
	StatusPrivate PostStatus = "private"
	StatusTrash   PostStatus = "trash"
	StatusInherit PostStatus = "inherit" // attachments and revisions
	// StatusAutoDraft is a post WordPress opened in the editor and nobody
	// wrote; exports rarely carry one.
	StatusAutoDraft PostStatus = "auto-draft"
)

// ItemTerm is a category element of an item: the taxonomy (domain), the
// term's slug (nicename) and its name.
type ItemTerm struct {
	Domain   string // "category", "post_tag", "post_format", …
	Nicename string
	Name     string
}

// Meta is one wp:postmeta or wp:commentmeta pair. Values are kept as the
// text of the file: serialized PHP stays an opaque string and is never
// unserialized.
type Meta struct {
	Key   string
	Value string
}

// Item is a wp item: a post, page, attachment or any other post type, with
// its comments.
type Item struct {
	ID     int64  // wp:post_id
	Type   string // wp:post_type: TypePost, TypePage, TypeAttachment or another
	Status PostStatus
	Title  string
	// Link is the item's address on the old site, whatever its permalink
	// structure; GUID is its guid element (often "https://site/?p=ID").
	Link    string
	GUID    string
	Slug    string // wp:post_name, percent-encoded as WordPress stores it
	Content string // content:encoded, WordPress HTML as the writer left it
	Excerpt string // excerpt:encoded
	Creator string // dc:creator, an Author's Login
	// Date is when the item was published (or is scheduled for, or was last
	// saved when it is a draft): wp:post_date_gmt when present and not
	// 0000-00-00, else wp:post_date read in Options.Location. DateLocal
	// tells the second case. Zero when neither is there.
	Date      time.Time
	DateLocal bool
	// Offset is how far WordPress's clock stood from UTC when it dated
	// the item (post_date − post_date_gmt), the site's zone then; OffsetKnown
	// is false unless the file has both dates.
	Offset      time.Duration
	OffsetKnown bool
	// Modified is wp:post_modified_gmt (or post_modified) by the same rule;
	// zero in files older than WordPress 5.x, which do not carry it.
	Modified      time.Time
	CommentStatus string // "open" or "closed"
	PingStatus    string
	Parent        int64 // wp:post_parent: a page's parent page, an attachment's post
	MenuOrder     int
	Sticky        bool
	Password      string // wp:post_password; non-empty for a protected post
	AttachmentURL string // wp:attachment_url, attachments only
	Terms         []ItemTerm
	Meta          []Meta
	Comments      []Comment
	// SEOTitle and SEODescription are the Yoast SEO overrides
	// (_yoast_wpseo_title, _yoast_wpseo_metadesc) with Yoast's
	// %%variables%% replaced where the export knows their value and dropped
	// where it does not; "" when the item has none.
	SEOTitle       string
	SEODescription string
}

// MetaValue is the value of the item's first meta pair named key.
func (it *Item) MetaValue(key string) (string, bool) {
	for _, m := range it.Meta {
		if m.Key == key {
			return m.Value, true
		}
	}
	return "", false
}

// ThumbnailID is the attachment id of the item's featured image
// (_thumbnail_id), 0 when it has none.
func (it *Item) ThumbnailID() int64 {
	v, _ := it.MetaValue("_thumbnail_id")
	id, err := strconv.ParseInt(v, 10, 64)
	if err != nil || id < 0 {
		return 0
	}
	return id
}

// AttachedFile is an attachment's path under wp-content/uploads
// (_wp_attached_file), for example "2024/05/flood.jpg".
func (it *Item) AttachedFile() string {
	v, _ := it.MetaValue("_wp_attached_file")
	return v
}

// AltText is an attachment's alternative text (_wp_attachment_image_alt).
func (it *Item) AltText() string {
	v, _ := it.MetaValue("_wp_attachment_image_alt")
	return v
}

// Categories lists the item's terms in the category taxonomy.
func (it *Item) Categories() []ItemTerm { return it.termsIn(TaxonomyCategory) }

// Tags lists the item's terms in the post_tag taxonomy.
func (it *Item) Tags() []ItemTerm { return it.termsIn(TaxonomyTag) }

func (it *Item) termsIn(domain string) []ItemTerm {
	var out []ItemTerm
	for _, t := range it.Terms {
		if t.Domain == domain {
			out = append(out, t)
		}
	}
	return out
}

// CommentStatus is where a comment stands in moderation.
type CommentStatus string

const (
	CommentApproved CommentStatus = "approved" // wp:comment_approved 1
	CommentPending  CommentStatus = "pending"  // 0
	CommentSpam     CommentStatus = "spam"
	// CommentTrash is "trash" and also "post-trashed", a comment whose post
	// was trashed.
	CommentTrash CommentStatus = "trash"
)

// CommentType tells comments from pingbacks and trackbacks. Other values
// WordPress plugins write (webmention, review, order_note, …) are kept as
// written.
type CommentType string

const (
	TypeComment   CommentType = "comment" // also an empty wp:comment_type
	TypePingback  CommentType = "pingback"
	TypeTrackback CommentType = "trackback"
)

// Comment is a wp:comment of an item.
type Comment struct {
	ID          int64
	Parent      int64 // the comment it answers, 0 for a top-level comment
	Author      string
	AuthorEmail string
	AuthorURL   string
	AuthorIP    string
	// Date follows Item.Date's rule with comment_date_gmt and comment_date.
	Date      time.Time
	DateLocal bool
	Content   string // as WordPress stored it: plain text with a little HTML
	Status    CommentStatus
	Type      CommentType
	UserID    int64 // the WordPress user who wrote it, 0 for a visitor
	Meta      []Meta
}

// RecordKind tells what a Record holds.
type RecordKind int

const (
	RecordSite   RecordKind = iota + 1 // Record.Site; always the first record
	RecordAuthor                       // Record.Author
	RecordTerm                         // Record.Term
	RecordItem                         // Record.Item
	// RecordSkipped is an item the reader could not keep whole (a body over
	// Options.MaxBody, a field over its limit). Record.Item holds what was
	// read before the problem and is at least its ID, type and title when the
	// file gave them; Record.Warnings say why it was skipped.
	RecordSkipped
)

func (k RecordKind) String() string {
	switch k {
	case RecordSite:
		return "site"
	case RecordAuthor:
		return "author"
	case RecordTerm:
		return "term"
	case RecordItem:
		return "item"
	case RecordSkipped:
		return "skipped item"
	}
	return "record(" + strconv.Itoa(int(k)) + ")"
}

// Record is one thing read from the export, in file order.
type Record struct {
	Kind   RecordKind
	Site   *Site
	Author *Author
	Term   *Term
	Item   *Item
	// Warnings are the problems found while reading this record that did not
	// stop it being read (invalid UTF-8 replaced, a comment too long and
	// dropped, an unknown comment status).
	Warnings []Warning
}

// WarningKind names a kind of problem, for counting in a summary.
type WarningKind string

// Warning is a problem with one item (or author, or term) that the import
// survives. ItemID is the WordPress post id when the problem is in an item,
// 0 otherwise; Line is the line of the file where it was found, 0 when
// unknown.
type Warning struct {
	ItemID  int64
	Kind    WarningKind
	Message string
	Line    int
}

func (w Warning) String() string {
	s := string(w.Kind) + ": " + w.Message
	if w.ItemID != 0 {
		s = "item " + strconv.FormatInt(w.ItemID, 10) + ": " + s
	}
	if w.Line != 0 {
		s = "line " + strconv.Itoa(w.Line) + ": " + s
	}
	return s
}

// Options tune a Reader. The zero value is ready to use.
type Options struct {
	// Location is the zone of wp:post_date and wp:comment_date, used when
	// the GMT form of a date is missing or 0000-00-00 (drafts, old files).
	// WXR carries no zone, so it is the caller's to know (the site's
	// Settings → General → Timezone); nil means UTC.
	Location *time.Location
	// MaxBody bounds content:encoded and excerpt:encoded in bytes; an item
	// over it is skipped with a warning. 0 means DefaultMaxBody.
	MaxBody int
	// MaxComment bounds one comment's content; a longer comment is dropped
	// with a warning. 0 means DefaultMaxComment.
	MaxComment int
	// MaxItem bounds everything one item holds (body, meta, comments); once
	// over it, further comments and meta of the item are dropped with one
	// warning. 0 means DefaultMaxItem.
	MaxItem int
}

// Default limits of Options.
const (
	DefaultMaxBody    = 10 << 20
	DefaultMaxComment = 1 << 20
	DefaultMaxItem    = 64 << 20
)
