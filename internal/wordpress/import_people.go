package wordpress

import (
	"context"
	"errors"
	"fmt"
	"html"
	"net/mail"
	"net/url"
	"strings"

	"dateline/internal/content"
	"dateline/internal/members"
	"dateline/internal/store"
)

// importAuthors makes a member of each author of the export, or finds the
// one made before (by the legacy link, else by email): display name,
// email and the role of ImportOptions.Role, without a password. The member's
// archive takes the author's login as its address when it is free, so
// /author/login/ keeps working.
func (im *Importer) importAuthors(ctx context.Context, list []Author) error {
	count := im.sum.Counts[CountAuthors]
	var ids []int64
	for _, a := range list {
		if a.ID > 0 {
			ids = append(ids, a.ID)
		}
	}
	links, err := im.links(ctx, store.LegacyAuthor, ids, nil)
	if err != nil {
		return err
	}
	var save []store.LegacyLink
	for _, a := range list {
		login := strings.TrimSpace(a.Login)
		if login == "" {
			count.Skipped++
			im.sum.warnf(0, WarnAuthor, "an author without a login was left out (%q)", a.DisplayName)
			continue
		}
		if _, dup := im.authors[login]; dup {
			continue
		}
		path := "/author/" + url.PathEscape(login) + "/"
		if l, ok := links.byID[a.ID]; ok && a.ID > 0 {
			if u, err := im.svc.Store.UserByID(ctx, l.ID); err == nil {
				im.addAuthor(a, u.ID, u.Slug)
				count.Unchanged++
				continue
			}
			// The member was removed since: made again below.
		}
		email, made := authorEmail(a, im.host)
		if made {
			im.sum.warnf(0, WarnAuthor, "author %s has no usable email address; their member has %s until someone gives them theirs", login, email)
		}
		u, err := im.svc.Store.UserByEmail(ctx, email)
		switch {
		case err == nil:
			im.addAuthor(a, u.ID, u.Slug)
			count.Unchanged++
			save = append(save, im.link(store.LegacyAuthor, a.ID, u.ID, path, "", ""))
			continue
		case !errors.Is(err, store.ErrNotFound):
			return fmt.Errorf("import author %s: %w", login, err)
		}
		count.Created++
		if im.opt.DryRun {
			im.addAuthor(a, 0, "")
			continue
		}
		name := authorName(a)
		u, err = im.svc.Members.Create(ctx, who, members.NewMember{Name: name, Email: email, Role: im.opt.Role, NoPassword: true})
		if err != nil {
			count.Created--
			count.Skipped++
			im.sum.warnf(0, WarnRefused, "author %s was not imported: %v; their posts go to the fallback member", login, err)
			continue
		}
		u = im.takeLogin(ctx, u, login)
		im.addAuthor(a, u.ID, u.Slug)
		save = append(save, im.link(store.LegacyAuthor, a.ID, u.ID, path, "", ""))
	}
	return im.saveLinks(ctx, save)
}

func (im *Importer) addAuthor(a Author, member int64, slug string) {
	im.authors[strings.TrimSpace(a.Login)] = author{login: a.Login, member: member, slug: slug}
	if a.ID > 0 {
		im.byWPUser[a.ID] = member
	}
}

// takeLogin gives the new member the author's login as the address of
// their archive when it is a slug no one has; otherwise they keep the one
// made from their name, and the old address redirects to it.
func (im *Importer) takeLogin(ctx context.Context, u content.User, login string) content.User {
	slug := content.Slugify(login)
	if slug == u.Slug || !content.ValidSlug(slug) || slug == "story" {
		return u
	}
	d := members.DetailsOf(u)
	d.Slug = slug
	changed, err := im.svc.Members.Update(ctx, who, u.ID, d)
	if err != nil {
		return u
	}
	return changed
}

// plain is a name or a title as readers saw it. WordPress keeps names
// HTML-escaped ("&" as "&amp;": its pre_term_name, pre_user_display_name
// and pre_comment_author_name filters escape them), and the titles of
// members who may not post HTML as kses left them; it shows both as HTML.
func plain(s string) string { return strings.TrimSpace(html.UnescapeString(s)) }

// authorName is how the author signed their posts.
func authorName(a Author) string {
	for _, s := range []string{a.DisplayName, a.FirstName + " " + a.LastName, a.Login} {
		if s = plain(s); s != "" {
			return clipRunes(s, members.MaxName)
		}
	}
	return "WordPress author"
}

// authorEmail is the author's email, lower-cased, or one made up under
// the reserved .invalid domain when the export has none that mail could
// reach (made is then true): a member needs one, and a made-up address
// can receive nothing.
func authorEmail(a Author, host string) (email string, made bool) {
	e := strings.ToLower(strings.TrimSpace(a.Email))
	if addr, err := mail.ParseAddress(e); err == nil && addr.Address == e && len(e) <= members.MaxEmail && strings.Contains(e[strings.LastIndexByte(e, '@'):], ".") {
		return e, false
	}
	local := content.Slugify(a.Login)
	if !isASCII(local) {
		local = "author"
	}
	return local + "@" + invalidHost(host), true
}

func invalidHost(host string) string {
	if host == "" || !isASCII(host) || strings.HasSuffix(host, ".invalid") {
		return "wordpress.invalid"
	}
	return host + ".invalid"
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// fallbackAuthor is the member of the posts whose author is not in the
// export, found or made the first time one is met.
func (im *Importer) fallbackAuthor(ctx context.Context) (author, error) {
	if im.fallback != nil {
		return *im.fallback, nil
	}
	name, email := "WordPress import", "wordpress-import@"+invalidHost(im.host)
	if f := strings.TrimSpace(im.opt.FallbackAuthor); f != "" {
		addr, err := mail.ParseAddress(f)
		if err != nil {
			return author{}, fmt.Errorf("the fallback author %q is not an email address or \"Name <email>\"", f)
		}
		email = strings.ToLower(addr.Address)
		if addr.Name != "" {
			name = addr.Name
		}
	}
	u, err := im.svc.Store.UserByEmail(ctx, email)
	switch {
	case err == nil:
		im.sum.Counts[CountAuthors].Unchanged++
	case !errors.Is(err, store.ErrNotFound):
		return author{}, fmt.Errorf("find the fallback author: %w", err)
	case im.opt.DryRun:
		im.sum.Counts[CountAuthors].Created++
		u = content.User{}
	default:
		u, err = im.svc.Members.Create(ctx, who, members.NewMember{Name: name, Email: email, Role: im.opt.Role, NoPassword: true})
		if err != nil {
			return author{}, fmt.Errorf("make the fallback author %s: %w", email, err)
		}
		im.sum.Counts[CountAuthors].Created++
	}
	im.fallback = &author{login: email, member: u.ID, slug: u.Slug}
	return *im.fallback, nil
}

// postAuthor is the member of a post by login, or the fallback member
// (with a warning) when the export has no such author.
func (im *Importer) postAuthor(ctx context.Context, it *Item) (author, error) {
	if a, ok := im.authors[it.Creator]; ok {
		return a, nil
	}
	fb, err := im.fallbackAuthor(ctx)
	if err != nil {
		return author{}, err
	}
	who := it.Creator
	if who == "" {
		who = "no one"
	}
	im.sum.warnf(it.ID, WarnAuthor, "written by %s, who is not among the export's authors; given to %s", who, fb.login)
	return fb, nil
}

func clipRunes(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n])
}
