package wordpress

import (
	"context"
	"fmt"
	"net/url"
	"sort"
	"strings"

	"dateline/internal/content"
	"dateline/internal/store"
	"dateline/internal/taxonomy"
)

// importTerms makes a section of every category and a tag of every tag of
// the export, or finds the one made before. dateline's sections are not
// nested: a child category is a section of its own, and its old address
// under its parent's (/category/news/world/) redirects to it.
func (im *Importer) importTerms(ctx context.Context, terms []Term) error {
	var cats, tags []Term
	type termKey struct {
		taxonomy string
		id       int64
	}
	seen := map[termKey]bool{}
	for _, t := range terms {
		// WordPress's own exporter lists every category and tag twice,
		// as wp:category or wp:tag and again as wp:term, with its id:
		// they are one term, counted once.
		key := termKey{t.Taxonomy, t.ID}
		if t.ID > 0 && seen[key] {
			continue
		}
		seen[key] = true
		switch t.Kind {
		case TermCategory:
			cats = append(cats, t)
		case TermTag:
			tags = append(tags, t)
		}
	}
	paths := categoryPaths(cats)
	// Parents first, so a re-import finds the navigation in the file's
	// order of the tree.
	sort.SliceStable(cats, func(i, j int) bool {
		return strings.Count(paths[cats[i].Slug], "/") < strings.Count(paths[cats[j].Slug], "/")
	})
	if err := im.importTermKind(ctx, store.LegacyCategory, cats, paths); err != nil {
		return err
	}
	return im.importTermKind(ctx, store.LegacyTag, tags, nil)
}

// categoryPaths are the categories' addresses on the old site, each under
// its parents': "/category/news/world/".
func categoryPaths(cats []Term) map[string]string {
	parent := make(map[string]string, len(cats))
	for _, c := range cats {
		parent[c.Slug] = c.Parent
	}
	paths := make(map[string]string, len(cats))
	for _, c := range cats {
		chain := []string{c.Slug}
		seen := map[string]bool{c.Slug: true}
		for p := parent[c.Slug]; p != "" && !seen[p] && len(chain) < 20; p = parent[p] {
			seen[p] = true
			chain = append(chain, p)
		}
		var b strings.Builder
		b.WriteString("/category")
		for i := len(chain) - 1; i >= 0; i-- {
			b.WriteString("/" + chain[i])
		}
		paths[c.Slug] = b.String() + "/"
	}
	return paths
}

// termSlug is a WordPress slug as dateline keeps it: decoded from the
// percent-encoding WordPress stores non-ASCII slugs in, or, when that is
// not a slug dateline allows, one made from the name.
func termSlug(raw, name string) (slug string, changed bool) {
	s, err := url.PathUnescape(strings.TrimSpace(raw))
	if err != nil {
		s = raw
	}
	s = strings.ToLower(s)
	if content.ValidSlug(s) {
		return s, false
	}
	if s != "" {
		s = content.Slugify(s)
	} else {
		s = content.Slugify(name)
	}
	return s, true
}

func (im *Importer) importTermKind(ctx context.Context, kind store.LegacyKind, terms []Term, paths map[string]string) error {
	count := im.sum.Counts[CountTags]
	if kind == store.LegacyCategory {
		count = im.sum.Counts[CountSections]
	}
	for len(terms) > 0 {
		n := min(len(terms), store.MaxImportBatch)
		if err := im.importTermBatch(ctx, kind, terms[:n], paths, count); err != nil {
			return err
		}
		terms = terms[n:]
	}
	return nil
}

func (im *Importer) importTermBatch(ctx context.Context, kind store.LegacyKind, terms []Term, paths map[string]string, count *Count) error {
	var ids []int64
	for _, t := range terms {
		if t.ID > 0 {
			ids = append(ids, t.ID)
		}
	}
	links, err := im.links(ctx, kind, ids, nil)
	if err != nil {
		return err
	}
	var (
		batch []taxonomy.Imported
		slugs []string // the WordPress slug of each of batch
	)
	for _, t := range terms {
		name := plain(t.Name)
		slug, changed := termSlug(t.Slug, name)
		if name == "" {
			name = slug
		}
		if len([]rune(name)) > taxonomy.MaxName {
			im.sum.warnf(0, WarnShortened, "the name of %s %q is longer than %d characters and was cut", kind, slug, taxonomy.MaxName)
			name = clipRunes(name, taxonomy.MaxName)
		}
		desc := clipRunes(strings.TrimSpace(t.Description), taxonomy.MaxDescription)
		if kind == store.LegacyTag {
			desc = ""
		}
		if changed {
			im.sum.warnf(0, WarnSlug, "the %s slug %q is not one dateline allows; it is %q here (its old address redirects)", kind, t.Slug, slug)
		}
		path := "/tag/" + url.PathEscape(t.Slug) + "/"
		if kind == store.LegacyCategory {
			path = paths[t.Slug]
		}
		fp := newDigest(string(kind)).str(name).str(slug).str(desc).str(path).sum()
		in := taxonomy.Imported{Kind: kind, Name: name, Slug: slug, Description: desc,
			Link: im.link(kind, t.ID, 0, path, "", fp)}
		if l, ok := links.byID[t.ID]; ok && t.ID > 0 {
			if l.Fingerprint == fp {
				im.term(kind, t.Slug, slug, l.ID)
				count.Unchanged++
				continue
			}
			in.ID = l.ID
		}
		batch = append(batch, in)
		slugs = append(slugs, t.Slug)
	}
	if len(batch) == 0 {
		return nil
	}
	results, err := im.svc.Taxonomy.Import(ctx, who, batch, im.opt.DryRun)
	if err != nil {
		return fmt.Errorf("import %ss: %w", kind, err)
	}
	for i, r := range results {
		if r.Err != nil {
			count.Skipped++
			im.sum.warnf(0, WarnRefused, "%s %q was not imported: %v", kind, batch[i].Slug, r.Err)
			continue
		}
		switch {
		case batch[i].ID != 0:
			count.Updated++
		case r.Created:
			count.Created++
		default:
			// A section or tag of the site with its slug, which keeps
			// its name; a term without a WordPress id is found so
			// again at each import.
			count.Unchanged++
		}
		im.term(kind, slugs[i], batch[i].Slug, r.ID)
	}
	return nil
}

// term remembers what a WordPress term became, by its WordPress slug and
// by the slug it has here.
func (im *Importer) term(kind store.LegacyKind, wpSlug, slug string, id int64) {
	if kind != store.LegacyCategory {
		im.tagSlugs[wpSlug] = slug
		return
	}
	im.sections[wpSlug] = section{id: id, slug: slug}
}

// section is what a WordPress category became (id 0 in a dry run when it
// would be made).
type section struct {
	id   int64
	slug string
}

// postSection is the section of an item: its first category other than
// WordPress's default "uncategorized" when it has another, made on the
// way when the export's header did not list it. dateline gives an
// article one section; the others are counted in a warning.
func (im *Importer) postSection(ctx context.Context, it *Item) (section, string, error) {
	cats := it.Categories()
	if len(cats) == 0 {
		return section{}, "", nil
	}
	pick := cats[0]
	for _, c := range cats {
		if c.Nicename != "uncategorized" {
			pick = c
			break
		}
	}
	if len(cats) > 1 {
		var others []string
		for _, c := range cats {
			if c != pick {
				others = append(others, c.Nicename)
			}
		}
		im.sum.warnf(it.ID, "sections", "dateline gives an article one section; it is in %s, not in %s", pick.Nicename, strings.Join(others, ", "))
	}
	if s, ok := im.sections[pick.Nicename]; ok {
		return s, pick.Nicename, nil
	}
	t := Term{Kind: TermCategory, Taxonomy: TaxonomyCategory, Slug: pick.Nicename, Name: pick.Name}
	if err := im.importTermKind(ctx, store.LegacyCategory, []Term{t}, map[string]string{pick.Nicename: "/category/" + pick.Nicename + "/"}); err != nil {
		return section{}, "", err
	}
	s, ok := im.sections[pick.Nicename]
	if !ok {
		im.sections[pick.Nicename] = section{} // refused: warned once, not tried again
	}
	return s, pick.Nicename, nil
}

// postTags are an item's tags by name and the slug they have here, at
// most content.MaxTags of them.
func (im *Importer) postTags(it *Item) []content.Tag {
	var tags []content.Tag
	seen := map[string]bool{}
	for _, t := range it.Tags() {
		slug, ok := im.tagSlugs[t.Nicename]
		if !ok {
			slug, _ = termSlug(t.Nicename, t.Name)
		}
		name := clipRunes(plain(t.Name), taxonomy.MaxName)
		if name == "" {
			name = slug
		}
		if seen[slug] {
			continue
		}
		seen[slug] = true
		tags = append(tags, content.Tag{Name: name, Slug: slug})
	}
	if len(tags) > content.MaxTags {
		im.sum.warnf(it.ID, WarnShortened, "it has %d tags; dateline keeps the first %d", len(tags), content.MaxTags)
		tags = tags[:content.MaxTags]
	}
	return tags
}
