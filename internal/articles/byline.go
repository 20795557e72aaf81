package articles

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"dateline/internal/auth"
	"dateline/internal/content"
	"dateline/internal/store"
)

// byline gives a the byline list asks for (nil or cur's own keeps it; a
// new article's owner alone), with each member's name as the newsroom has
// it and each credit's name tidied. What is wrong goes to errs, on the
// field "authors"; the bounds are content.Article.Validate's.
func (s *Service) byline(ctx context.Context, a *content.Article, cur content.Article, list []content.Author, errs *content.FieldErrors) error {
	if list == nil || !bylineChanged(cur, content.Article{Authors: list}) {
		// The same byline (a form or an API call that keeps it) is taken
		// as stored, without looking its members up again.
		a.Authors = cur.Authors
		if soleOwner(cur) {
			// A byline that was its owner's alone follows a new owner.
			a.Authors = []content.Author{content.AuthorOf(a.Author)}
		}
		return nil
	}
	if len(list) == 0 {
		errs.Add("authors", "Name at least one author: a member of the newsroom or a credit such as “Staff”.")
		return nil
	}
	if len(list) > content.MaxAuthors {
		errs.Add("authors", fmt.Sprintf("A byline has at most %d names.", content.MaxAuthors))
		return nil
	}
	out := make([]content.Author, 0, len(list))
	for i, au := range list {
		if !au.Member() {
			out = append(out, content.Author{Name: content.NormalizeCredit(au.Name), Organization: au.Organization})
			continue
		}
		u, err := s.store.UserByID(ctx, au.ID)
		switch {
		case errors.Is(err, store.ErrNotFound):
			errs.Add("authors", fmt.Sprintf("Name %d of the byline is not a member of the newsroom.", i+1))
			return nil
		case err != nil:
			return err
		case !auth.Can(u.Role, auth.ActWriteDraft):
			errs.Add("authors", u.Name+" may not write for the newsroom, so cannot be in a byline.")
			return nil
		}
		out = append(out, content.AuthorOf(u))
	}
	a.Authors = out
	return nil
}

// soleOwner reports whether a's byline is its owner alone (or, for an
// article not yet stored, not written yet).
func soleOwner(a content.Article) bool {
	b := a.Byline()
	return len(b) == 0 || len(b) == 1 && b[0].ID == a.Author.ID
}

// bylineChanged reports whether the byline of after differs from
// before's: other names, or the same in another order.
func bylineChanged(before, after content.Article) bool {
	return !slices.EqualFunc(before.Byline(), after.Byline(), func(x, y content.Author) bool {
		return x.ID == y.ID && (x.Member() || x.Name == y.Name && x.Organization == y.Organization)
	})
}

// bylineNote adds a changed byline to the note of the revision that
// changes it: revisions keep the text, and this is how they keep who
// signed it.
func bylineNote(note string, before, after content.Article) string {
	if !bylineChanged(before, after) {
		return note
	}
	line := "Byline: " + content.BylineNames(after.Byline()) + "."
	if note == "" {
		return line
	}
	return note + " " + line
}
