package comments

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"dateline/internal/auth"
	"dateline/internal/changes"
	"dateline/internal/content"
	"dateline/internal/store"
)

// Imported is a comment brought from another site by an importer, with
// the status and date it had there.
type Imported struct {
	// ID is the comment to replace (the one an earlier import made), 0 to
	// create one.
	ID int64
	// Comment is the comment as it is to be stored: ArticleID, ParentID
	// (when Parent is -1), the writer's name, email and website, Body as
	// plain text, Status and CreatedAt.
	Comment content.Comment
	// Addr is the writer's address as the other site kept it; only its
	// keyed hash is stored, as for a comment posted here.
	Addr string
	// Parent, when not negative, is the index in the same batch of the
	// comment this one answers, which must come before it.
	Parent int
	// Link is the legacy link stored with it.
	Link store.LegacyLink
}

// ImportResult is what became of one Imported comment.
type ImportResult struct {
	ID      int64 // the comment's id; 0 when refused, or not yet made in a dry run
	Created bool
	// Err is why it was refused, written for the person importing:
	// content.FieldErrors, or a *Refusal.
	Err error
}

// Anonymous is the name an imported comment gets when the other site
// kept none.
const Anonymous = "Anonymous"

// Import stores a batch of comments brought from another site, in one
// transaction, each with its legacy link, or refused alone. They were
// posted and moderated there, so the public form's rate limits, page
// stamp, policy and spam checks do not apply and nobody is sent mail; the
// text follows the form's rules (valid UTF-8, not empty, at most
// MaxComment characters), a name the other site did not keep becomes
// Anonymous, and an email or website address the form would refuse is
// left out. Only an administrator may import. With dryRun nothing is
// written or announced, and a comment on an article the same import would
// create (ArticleID 0) is not checked further. Everything written is
// announced in one event.
func (s *Service) Import(ctx context.Context, who content.User, batch []Imported, dryRun bool) ([]ImportResult, error) {
	if !auth.Can(who.Role, auth.ActManageSettings) {
		return nil, ErrForbidden
	}
	if len(batch) > store.MaxImportBatch {
		return nil, fmt.Errorf("comments: import at most %d comments at once", store.MaxImportBatch)
	}
	results := make([]ImportResult, len(batch))
	writes := make([]store.ImportedComment, 0, len(batch))
	index := make([]int, len(batch)) // of each batch item in writes, -1 when refused
	var before []content.Comment     // the comments replaced, for what readers saw
	for i, in := range batch {
		index[i] = -1
		c, err := s.importComment(ctx, in, i, index)
		if err != nil {
			results[i].Err = err
			continue
		}
		results[i].Created = in.ID == 0
		if in.ID != 0 && !dryRun {
			cur, err := s.store.CommentByID(ctx, in.ID)
			if err != nil && !errors.Is(err, store.ErrNotFound) {
				return nil, fmt.Errorf("import comment %d: %w", in.ID, err)
			}
			before = append(before, cur)
		}
		parent := -1
		if in.Parent >= 0 {
			parent = index[in.Parent]
		}
		index[i] = len(writes)
		writes = append(writes, store.ImportedComment{Comment: c, Parent: parent, Link: in.Link})
	}
	if dryRun || len(writes) == 0 {
		return results, nil
	}
	if err := s.store.ImportComments(ctx, writes); err != nil {
		return nil, fmt.Errorf("import %d comments: %w", len(writes), err)
	}
	var (
		ids  []int64
		tags = []string{}
	)
	for _, c := range before {
		if c.Status == content.CommentApproved {
			tags = append(tags, changes.Article(c.ArticleID), changes.CommentsFeed)
		}
	}
	for i := range batch {
		j := index[i]
		if j < 0 {
			continue
		}
		w := writes[j]
		if w.Err != nil {
			results[i] = ImportResult{Err: ErrNoArticle}
			if errors.Is(w.Err, store.ErrNotFound) && w.Parent >= 0 {
				results[i].Err = ErrBadParent
			} else if !errors.Is(w.Err, store.ErrNotFound) {
				results[i].Err = w.Err
			}
			continue
		}
		results[i].ID = w.Comment.ID
		ids = append(ids, w.Comment.ID)
		tags = append(tags, changes.Comment(w.Comment.ID))
		if w.Comment.Status == content.CommentApproved {
			tags = append(tags, changes.Article(w.Comment.ArticleID), changes.CommentsFeed)
		}
	}
	s.logger.InfoContext(ctx, "comments imported", "written", len(ids), "refused", len(batch)-len(ids))
	if len(ids) > 0 {
		s.changes.Publish(ctx, changes.New(changes.KindComment, "import", ids, tags...))
	}
	return results, nil
}

// importComment checks one imported comment and cleans its fields; index
// tells which earlier comments of the batch are to be written.
func (s *Service) importComment(ctx context.Context, in Imported, i int, index []int) (content.Comment, error) {
	c := in.Comment
	c.ID = in.ID
	var errs content.FieldErrors
	if body, msg := cleanBody(c.Body); msg != "" {
		errs.Add(FieldComment, msg)
	} else {
		c.Body = body
	}
	c.AuthorName = oneLine(strings.ToValidUTF8(c.AuthorName, "\uFFFD"))
	if c.AuthorName == "" {
		c.AuthorName = Anonymous
	}
	if utf8.RuneCountInString(c.AuthorName) > MaxName {
		c.AuthorName = string([]rune(c.AuthorName)[:MaxName])
	}
	c.AuthorEmail, _ = cleanEmail(c.AuthorEmail)
	site := strings.TrimSpace(c.AuthorURL)
	c.AuthorURL = ""
	if site != "" && len(site) <= MaxURL && utf8.ValidString(site) {
		c.AuthorURL, _ = cleanWebsite(site)
	}
	if !validStatus(c.Status) {
		return c, ErrBadStatus
	}
	if c.CreatedAt.IsZero() {
		c.CreatedAt = s.now()
	}
	c.CreatedAt = c.CreatedAt.UTC()
	c.IPHash = hashIP(s.secret, in.Addr)
	if len(errs) > 0 {
		return c, errs
	}
	if in.Parent >= 0 {
		if in.Parent >= i || index[in.Parent] < 0 {
			return c, ErrBadParent
		}
		c.ParentID = 0
	} else if c.ParentID != 0 {
		p, err := s.store.CommentByID(ctx, c.ParentID)
		switch {
		case errors.Is(err, store.ErrNotFound):
			return c, ErrBadParent
		case err != nil:
			return c, fmt.Errorf("import comment: parent %d: %w", c.ParentID, err)
		case p.ArticleID != c.ArticleID:
			return c, ErrBadParent
		}
	}
	return c, nil
}
