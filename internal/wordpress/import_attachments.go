package wordpress

import (
	"context"

	"dateline/internal/store"
)

// linkAttachments keeps the old addresses of the export's attachments,
// once every post is written, whether or not their pictures were
// fetched: each attachment's page (?attachment_id=ID, ?p=ID, its
// permalink under its post) leads to the post it was attached to, or to
// the picture when it was fetched (internal/site), and its file's address
// is known, so that no WordPress id of an attachment is taken for a
// dateline article's. A page's link is written when what it leads to
// changed; a file's link, which a fetch writes with its picture, only
// when there is none. Nothing in a dry run.
func (im *Importer) linkAttachments(ctx context.Context) error {
	list := im.pictures.pages
	for len(list) > 0 {
		n := min(len(list), store.MaxLegacyBatch)
		if err := im.linkAttachmentBatch(ctx, list[:n]); err != nil {
			return err
		}
		list = list[n:]
	}
	return nil
}

func (im *Importer) linkAttachmentBatch(ctx context.Context, list []attachmentPage) error {
	var ids, parents []int64
	for _, a := range list {
		ids = append(ids, a.id)
		if a.parent > 0 {
			parents = append(parents, a.parent)
		}
	}
	pages, err := im.links(ctx, store.LegacyAttachmentPage, ids, nil)
	if err != nil {
		return err
	}
	files, err := im.links(ctx, store.LegacyAttachment, ids, nil)
	if err != nil {
		return err
	}
	posts, err := im.links(ctx, store.LegacyPost, parents, nil)
	if err != nil {
		return err
	}
	ofPages, err := im.links(ctx, store.LegacyPage, parents, nil)
	if err != nil {
		return err
	}
	var save []store.LegacyLink
	for _, a := range list {
		article := int64(0)
		if l, ok := posts.byID[a.parent]; ok && a.parent > 0 {
			article = l.ID
		} else if l, ok := ofPages.byID[a.parent]; ok && a.parent > 0 {
			article = l.ID
		}
		page := im.link(store.LegacyAttachmentPage, a.id, article, a.page, "", "")
		page.Fingerprint = newDigest("attachment-page").num(article).str(page.Path).sum()
		if l, ok := pages.byID[a.id]; !ok || l.Fingerprint != page.Fingerprint {
			save = append(save, page)
		}
		if _, ok := files.byID[a.id]; !ok {
			save = append(save, im.link(store.LegacyAttachment, a.id, 0, a.file, a.guid, ""))
		}
	}
	return im.saveLinks(ctx, save)
}

// linkSkipped keeps the WordPress ids of the items the import did not
// bring over (other post types, items too large or refused), once, so
// that ?p=ID of one answers 404 rather than the dateline article that
// has the number. Nothing in a dry run.
func (im *Importer) linkSkipped(ctx context.Context) error {
	list := im.skipped
	for len(list) > 0 {
		n := min(len(list), store.MaxLegacyBatch)
		known, err := im.links(ctx, store.LegacySkipped, list[:n], nil)
		if err != nil {
			return err
		}
		var save []store.LegacyLink
		for _, id := range list[:n] {
			if _, ok := known.byID[id]; !ok {
				known.byID[id] = store.LegacyLink{}
				save = append(save, im.link(store.LegacySkipped, id, 0, "", "", ""))
			}
		}
		if err := im.saveLinks(ctx, save); err != nil {
			return err
		}
		list = list[n:]
	}
	return nil
}
