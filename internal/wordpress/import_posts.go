package wordpress

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"
	"unicode/utf8"

	"dateline/internal/articles"
	"dateline/internal/content"
	"dateline/internal/render"
	"dateline/internal/store"
)

// post is a post or page read from the export and waiting in a batch.
type post struct {
	it      *Item
	kind    store.LegacyKind
	article content.Article
	fp      string
	path    string
	// id is the article it is (or became); 0 before it is written, and in
	// a dry run for one that would be made.
	id      int64
	written bool // this import made or changed it (or, in a dry run, would)
	skipped bool // refused: its comments are left out too
}

// addPost builds the article of a post or page and adds it to the batch,
// writing the batch when it is full.
func (im *Importer) addPost(ctx context.Context, it *Item) error {
	p, ok, err := im.buildPost(ctx, it)
	if err != nil {
		return err
	}
	if !ok {
		return nil
	}
	for _, q := range im.batch {
		if q.kind == p.kind && q.it.ID == p.it.ID {
			// The same item twice (an export joined by hand): the first
			// is written before the second, which then updates it.
			if err := im.flush(ctx); err != nil {
				return err
			}
			break
		}
	}
	im.batch = append(im.batch, p)
	im.batchBytes += len(it.Content)
	for _, c := range it.Comments {
		im.batchBytes += len(c.Content)
	}
	comments := 0
	for _, q := range im.batch {
		comments += len(q.it.Comments)
	}
	if len(im.batch) >= im.opt.BatchSize || im.batchBytes >= maxBatchBytes || comments >= 5*store.MaxImportBatch {
		return im.flush(ctx)
	}
	return nil
}

// statusOf maps a WordPress status to dateline's; ok is false for an item
// not to import (an auto-draft nobody wrote, a revision's inherit).
func statusOf(it *Item) (s content.Status, ok bool) {
	switch it.Status {
	case StatusPublish:
		return content.StatusPublished, true
	case StatusDraft, StatusPrivate:
		return content.StatusDraft, true
	case StatusPending:
		return content.StatusPending, true
	case StatusFuture:
		return content.StatusScheduled, true
	case StatusTrash:
		return content.StatusTrashed, true
	}
	return "", false
}

// buildPost makes the article of an item as the import will write it.
func (im *Importer) buildPost(ctx context.Context, it *Item) (*post, bool, error) {
	kind, count := store.LegacyPost, im.sum.Counts[CountPosts]
	akind := content.KindPost
	if it.Type == TypePage {
		kind, count, akind = store.LegacyPage, im.sum.Counts[CountPages], content.KindPage
	}
	status, ok := statusOf(it)
	if !ok {
		count.Skipped++
		im.skip(it)
		im.sum.warnf(it.ID, WarnStatus, "its status %q is not one dateline keeps; it was left out", it.Status)
		return nil, false, nil
	}
	if it.Password != "" {
		status = content.StatusDraft
		im.sum.warnf(it.ID, WarnStatus, "it is password-protected in WordPress, which dateline has no equal for; it is a draft here")
	}
	if it.Status == StatusPrivate {
		im.sum.warnf(it.ID, WarnStatus, "it is private in WordPress; it is a draft here")
	}
	a := content.Article{Kind: akind, Format: content.FormatHTML, Status: status,
		CommentsOpen: it.CommentStatus == "open", MustRead: it.Sticky,
		SEOTitle: clipRunes(strings.TrimSpace(it.SEOTitle), content.MaxTitle), SEODesc: clipRunes(strings.TrimSpace(it.SEODescription), content.MaxExcerpt)}
	a.Title = plain(it.Title)
	switch {
	case a.Title == "":
		a.Title = "(no title)"
		im.sum.warnf(it.ID, WarnShortened, "it has no title; it is called %q here", a.Title)
	case utf8.RuneCountInString(a.Title) > content.MaxTitle:
		a.Title = clipRunes(a.Title, content.MaxTitle)
		im.sum.warnf(it.ID, WarnShortened, "its title is longer than %d characters and was cut", content.MaxTitle)
	}
	im.dates(it, &a)
	im.checkZone(it, a)

	body := ConvertBody(it.Content, it.ID, &im.pictures.lib)
	for _, w := range body.Warnings {
		w.ItemID = it.ID
		im.sum.warn(w)
	}
	a.Source = im.pictures.rewrite(body.HTML)
	a.Excerpt = plainExcerpt(it.Excerpt)
	if a.Excerpt == "" && body.More {
		a.Excerpt = body.Summary
	}
	if utf8.RuneCountInString(a.Excerpt) > content.MaxExcerpt {
		a.Excerpt = clipRunes(a.Excerpt, content.MaxExcerpt-1) + "…"
		im.sum.warnf(it.ID, WarnShortened, "its excerpt is longer than %d characters and was cut", content.MaxExcerpt)
	}

	a.Slug = im.postSlug(it, akind)
	au, err := im.postAuthor(ctx, it)
	if err != nil {
		return nil, false, err
	}
	a.Author = content.User{ID: au.member, Slug: au.slug}
	sec, secSlug, err := im.postSection(ctx, it)
	if err != nil {
		return nil, false, err
	}
	a.Category = content.Category{ID: sec.id, Slug: sec.slug}
	a.Tags = im.postTags(it)
	if thumb := it.ThumbnailID(); thumb != 0 && im.opt.FetchMedia {
		if pic, ok := im.pictures.byID[thumb]; ok && pic.media != 0 {
			a.Image = &content.Image{ID: pic.media}
		}
	}
	return &post{it: it, kind: kind, article: a, path: it.Link,
		fp: articleDigest(a, au.login, secSlug)}, true, nil
}

// dates sets the article's publication, creation and change times from
// the item's. A draft keeps no publication time (it has not been out);
// a trashed post keeps it when it had been published, so its old address
// answers "gone".
func (im *Importer) dates(it *Item, a *content.Article) {
	date, modified := it.Date, it.Modified
	now := im.opt.Now().UTC().Truncate(time.Millisecond)
	if date.IsZero() {
		date = modified
	}
	if date.IsZero() && (a.Status == content.StatusPublished || a.Status == content.StatusScheduled) {
		date = now
		im.sum.warnf(it.ID, "date", "it has no date; it is dated at the import")
	}
	if date.IsZero() {
		date = now
	}
	if modified.IsZero() || modified.Before(date) {
		modified = date
	}
	a.CreatedAt, a.UpdatedAt = date.UTC(), modified.UTC()
	switch a.Status {
	case content.StatusPublished, content.StatusScheduled:
		a.PublishedAt = date.UTC()
	case content.StatusTrashed:
		if was, _ := it.MetaValue("_wp_trash_meta_status"); was == string(StatusPublish) {
			a.PublishedAt = date.UTC()
		}
	}
}

// postSlug is the item's slug as dateline keeps it. WordPress keeps
// non-ASCII slugs percent-encoded; they are decoded. One dateline does
// not allow is made again from the title, a page's that names a part of
// the site gets "-page", and a taken one is numbered by the store: the
// old address redirects in each case.
func (im *Importer) postSlug(it *Item, kind content.Kind) string {
	raw := strings.TrimSpace(it.Slug)
	if it.Status == StatusTrash {
		raw = trashedSlug(it, raw)
	}
	if raw == "" {
		return "" // drafts often have none yet: made from the title
	}
	s, err := url.PathUnescape(raw)
	if err != nil {
		s = raw
	}
	s = strings.ToLower(s)
	if !content.ValidSlug(s) {
		made := content.Slugify(s)
		im.sum.warnf(it.ID, WarnSlug, "its slug %q is not one dateline allows; it is %q here (its old address redirects)", raw, made)
		s = made
	}
	if kind == content.KindPage && content.Reserved(s) {
		im.sum.warnf(it.ID, WarnSlug, "the page address /%s/ belongs to dateline itself; the page is /%s-page/ here (its old address redirects)", s, s)
		s += "-page"
	}
	return s
}

// trashedSlug is the slug a trashed post had before: WordPress renames
// it slug__trashed, to free the address, and keeps the old one in
// _wp_desired_post_slug. dateline keeps the old one, so that the post's
// address answers "gone" and it comes back there if it is restored.
func trashedSlug(it *Item, raw string) string {
	if was, ok := it.MetaValue("_wp_desired_post_slug"); ok && strings.TrimSpace(was) != "" {
		return strings.TrimSpace(was)
	}
	return strings.TrimSuffix(raw, "__trashed")
}

// plainExcerpt is a WordPress excerpt as plain text.
func plainExcerpt(s string) string {
	if strings.TrimSpace(s) == "" {
		return ""
	}
	return strings.TrimSpace(render.PlainText(render.Sanitize(s)))
}

// flush writes the batch, its posts and pages with their comments, in
// one transaction: an import stopped at any point has written whole
// batches, which the next run finds and leaves as they are.
func (im *Importer) flush(ctx context.Context) error {
	if len(im.batch) == 0 {
		return nil
	}
	batch := im.batch
	im.batch, im.batchBytes = nil, 0
	write := func(ctx context.Context) error {
		if err := im.writePosts(ctx, batch); err != nil {
			return err
		}
		return im.writeComments(ctx, batch)
	}
	if im.opt.DryRun {
		return write(ctx)
	}
	counted := im.sum.snapshot()
	if err := im.svc.Store.InTransaction(ctx, write); err != nil {
		im.sum.restore(counted) // nothing of the batch was kept
		return err
	}
	return nil
}

func (im *Importer) writePosts(ctx context.Context, batch []*post) error {
	var (
		ids   = map[store.LegacyKind][]int64{}
		guids = map[store.LegacyKind][]string{}
	)
	for _, p := range batch {
		ids[p.kind] = append(ids[p.kind], p.it.ID)
		if p.it.GUID != "" {
			guids[p.kind] = append(guids[p.kind], p.it.GUID)
		}
	}
	links := map[store.LegacyKind]linkSet{}
	for _, kind := range []store.LegacyKind{store.LegacyPost, store.LegacyPage} {
		if len(ids[kind]) == 0 {
			continue
		}
		set, err := im.links(ctx, kind, ids[kind], guids[kind])
		if err != nil {
			return err
		}
		links[kind] = set
	}
	var (
		imports []articles.Imported
		writing []*post
	)
	for _, p := range batch {
		count := im.countOf(p)
		in := articles.Imported{Article: p.article, Note: "Imported from WordPress", NumberSlug: true,
			Link: im.link(p.kind, p.it.ID, 0, p.path, p.it.GUID, p.fp)}
		if l, ok := links[p.kind].find(p.it.ID, p.it.GUID); ok {
			p.id = l.ID
			if l.Fingerprint == p.fp {
				count.Unchanged++
				im.notePage(p)
				continue
			}
			in.ID = l.ID
		}
		imports = append(imports, in)
		writing = append(writing, p)
	}
	if len(imports) == 0 {
		return nil
	}
	results, err := im.svc.Articles.Import(ctx, who, imports, im.opt.DryRun)
	if err != nil {
		return fmt.Errorf("import posts: %w", err)
	}
	for i, r := range results {
		p, count := writing[i], im.countOf(writing[i])
		if r.Err != nil {
			p.skipped = true
			count.Skipped++
			var e *articles.Error
			if errors.As(r.Err, &e) && strings.Contains(e.Message, "has been deleted") {
				im.sum.warnf(p.it.ID, WarnDeleted, "it was imported before and has since been deleted here; it is not brought back")
			} else {
				im.sum.warnf(p.it.ID, WarnRefused, "it was not imported: %v", r.Err)
				im.skip(p.it)
			}
			continue
		}
		p.written = true
		if imports[i].ID != 0 {
			count.Updated++
			if len(im.sum.Updated) < maxWarnings {
				im.sum.Updated = append(im.sum.Updated, Changed{Kind: map[bool]string{true: CountPages, false: CountPosts}[p.kind == store.LegacyPage],
					ID: p.it.ID, Title: p.article.Title})
			}
		} else {
			count.Created++
			p.id = r.ID
		}
		im.notePage(p)
		if want := p.article.Slug; want != "" && r.Slug != "" && r.Slug != want && !im.opt.DryRun {
			im.sum.warnf(p.it.ID, WarnSlug, "its slug %q is taken by another article; it is %q here (its old address redirects)", want, r.Slug)
		}
	}
	return nil
}

func (im *Importer) countOf(p *post) *Count {
	if p.kind == store.LegacyPage {
		return im.sum.Counts[CountPages]
	}
	return im.sum.Counts[CountPosts]
}
