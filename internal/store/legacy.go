package store

import (
	"context"
	"net/url"
	"strings"
	"time"
)

// LegacyKind is what a WordPress id numbers. WordPress numbers posts,
// pages and attachments in one sequence (its posts table), categories and
// tags in another (its terms), authors and comments in their own.
type LegacyKind string

const (
	LegacyPost       LegacyKind = "post"       // → an article (kind post)
	LegacyPage       LegacyKind = "page"       // → an article (kind page)
	LegacyAttachment LegacyKind = "attachment" // an uploaded file → a picture in the media library, 0 when not fetched
	LegacyCategory   LegacyKind = "category"   // → a section
	LegacyTag        LegacyKind = "tag"        // → a tag
	LegacyAuthor     LegacyKind = "author"     // → a member
	LegacyComment    LegacyKind = "comment"    // → a comment

	// LegacyAttachmentPage is an attachment's own page on the old site
	// (?attachment_id=ID, /2024/05/14/post/picture/) → the article of the
	// post it was attached to, 0 when none was imported. The same
	// WordPress id has a LegacyAttachment link for its file.
	LegacyAttachmentPage LegacyKind = "attachment-page"
	// LegacySkipped is an id of WordPress's posts table that the import
	// did not bring over (another post type, an item too large or
	// refused) → nothing (0): ?p=ID of it answers 404, rather than the
	// dateline article that happens to have the number.
	LegacySkipped LegacyKind = "skipped"
)

// ValidLegacyKind reports whether k is one of the kinds above.
func ValidLegacyKind(k LegacyKind) bool {
	switch k {
	case LegacyPost, LegacyPage, LegacyAttachment, LegacyAttachmentPage, LegacySkipped, LegacyCategory, LegacyTag, LegacyAuthor, LegacyComment:
		return true
	}
	return false
}

// LegacyLink ties one thing of an imported WordPress site to what it
// became in dateline, so that the old site's links keep answering
// (?p=ID, ?cat=ID, ?author=ID, old permalinks) and importing the same
// export again finds what it already imported.
type LegacyLink struct {
	// Source names the imported site: its address as the export gives it
	// (base_site_url), lower-cased, without a trailing slash, such as
	// "https://old.example". Two sites imported into one dateline keep
	// their ids apart by it.
	Source string
	Kind   LegacyKind
	// WPID is the id WordPress gave it.
	WPID int64
	// ID is the dateline id of what it became: the article, section, tag,
	// member, comment or picture, or for an attachment's page the article
	// it belongs to. An attachment that was not fetched has 0.
	ID int64
	// Path is its address on the old site, as LegacyPath writes it
	// ("/2019/03/04/floods/" is kept as "/2019/03/04/floods"); "" when it
	// had none of its own (a comment, a site with plain ?p= links). For an
	// attachment it is the path of the file ("/wp-content/uploads/…"), for
	// an attachment's page the page's.
	Path string
	// GUID is the item's WordPress guid, "" for terms, authors and
	// comments.
	GUID string
	// Fingerprint is a digest of what the importer last wrote for it, so a
	// second import of an unchanged item writes nothing.
	Fingerprint string
	ImportedAt  time.Time
}

// LegacyPath is an old address as the legacy links keep it and look it up:
// the path of a URL (or a path), percent-decoded, without a trailing slash
// ("/" stays "/"), without query or fragment. "" when raw has no usable
// path: empty, not a URL, or only "/" (a plain "?p=12" link, whose id is
// what finds it).
func LegacyPath(raw string) string {
	raw = strings.TrimSpace(raw)
	if raw == "" {
		return ""
	}
	u, err := url.Parse(raw)
	if err != nil {
		return ""
	}
	p := strings.TrimRight(u.Path, "/")
	if p == "" {
		return ""
	}
	if !strings.HasPrefix(p, "/") {
		p = "/" + p
	}
	return p
}

// MaxLegacyBatch bounds the ids (or guids) one LegacyLinks call may ask
// about, and the links one SaveLegacyLinks call may save.
const MaxLegacyBatch = 1000

// Legacy keeps the legacy links of imported WordPress sites.
//
// The site's redirects read them: ?p=ID is LegacyByID(LegacyPost, ID),
// then LegacyByID(LegacyPage, ID) (WordPress numbers both in one
// sequence); ?page_id=ID is LegacyPage; ?cat=ID is LegacyCategory;
// ?author=ID is LegacyAuthor; an old permalink or uploaded file is
// LegacyByPath. The importer writes them and finds what it imported
// before with LegacyLinks. A link outlives what it points to: an article
// deleted since the import leaves its link, and the caller finds the
// article missing (ErrNotFound or ErrGone) when it follows it.
type Legacy interface {
	// LegacyByID returns the link of the WordPress id of kind, or
	// ErrNotFound. When several imported sites used the id, the one
	// imported last wins.
	LegacyByID(ctx context.Context, kind LegacyKind, wpID int64) (LegacyLink, error)
	// LegacyByPath returns the link whose old address is path (any form
	// LegacyPath accepts: "/2019/03/04/floods/" finds "/2019/03/04/floods"),
	// or ErrNotFound. When several links have the path, the one imported
	// last wins.
	LegacyByPath(ctx context.Context, path string) (LegacyLink, error)
	// LegacyLinks returns the links of one source and kind whose WordPress
	// id is one of wpIDs or whose guid is one of guids, in no particular
	// order; at most MaxLegacyBatch of each may be asked at once.
	LegacyLinks(ctx context.Context, source string, kind LegacyKind, wpIDs []int64, guids []string) ([]LegacyLink, error)
	// SaveLegacyLinks stores links in one transaction, each replacing the
	// link of the same source, kind and WordPress id; at most
	// MaxLegacyBatch at once. A link without a WordPress id (0: the
	// authors and terms of a WXR 1.0 file have none) is not kept.
	SaveLegacyLinks(ctx context.Context, links []LegacyLink) error
}
