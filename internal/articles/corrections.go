package articles

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

// MaxCorrection bounds the words of one correction.
const MaxCorrection = 1000

// The messages of a correction's words and kind, the same in every surface.
const (
	CorrectionMissing = "Please write the correction: what was wrong, and what is right."
	CorrectionKindBad = "kind must be correction, clarification or update."
)

var correctionTooLong = fmt.Sprintf("The correction is too long (at most %d characters).", MaxCorrection)

// CorrectionDraft is what a member writes for a correction.
type CorrectionDraft struct {
	Kind content.CorrectionKind // correction when empty
	Text string
}

// check cleans the draft and says what is wrong with it. A correction is
// one paragraph: line breaks and runs of spaces become one space.
func (d *CorrectionDraft) check() error {
	if d.Kind == "" {
		d.Kind = content.KindCorrection
	}
	d.Text = strings.Join(strings.Fields(d.Text), " ")
	var errs content.FieldErrors
	if !content.ValidCorrectionKind(d.Kind) {
		errs.Add("kind", CorrectionKindBad)
	}
	switch {
	case d.Text == "":
		errs.Add("text", CorrectionMissing)
	case utf8.RuneCountInString(d.Text) > MaxCorrection:
		errs.Add("text", correctionTooLong)
	case !content.Storable(d.Text):
		errs.Add("text", content.Unstorable)
	}
	return errs.OrNil()
}

// mayCorrect explains why user may not correct a, if they may not: who
// may edit a published article may correct it, and only a published
// article takes corrections (a draft is simply edited).
func mayCorrect(user content.User, a content.Article) error {
	if err := mayEdit(user, a); err != nil {
		return err
	}
	if a.Status != content.StatusPublished {
		return wrongStatus("Corrections are for published articles; this one is %s, so edit its text instead.", statusWords(a.Status))
	}
	return nil
}

// AddCorrection puts a correction, clarification or update on a published
// article. It is dated now, shown on the article and on the site's
// corrections page, and the article counts as modified.
func (s *Service) AddCorrection(ctx context.Context, user content.User, articleID int64, d CorrectionDraft) (content.Correction, error) {
	a, err := s.store.ArticleByID(ctx, articleID)
	if err != nil {
		return content.Correction{}, err
	}
	if err := mayCorrect(user, a); err != nil {
		return content.Correction{}, err
	}
	if err := d.check(); err != nil {
		return content.Correction{}, err
	}
	c := content.Correction{ArticleID: articleID, Kind: d.Kind, Text: d.Text, CreatedAt: s.clock(), By: user}
	if err := s.store.AddCorrection(ctx, &c); err != nil {
		return content.Correction{}, fmt.Errorf("correct article %d: %w", articleID, err)
	}
	s.log.Info("article corrected", "article", articleID, "correction", c.ID, "kind", c.Kind, "user", user.ID)
	s.changes.Publish(ctx, correctionEvent("correct", a))
	return c, nil
}

// EditCorrection changes the kind or words of a correction of article
// articleID. The words it replaces stay in its history (CorrectionHistory),
// so a correction is never silently edited away; sending the same words
// changes nothing.
func (s *Service) EditCorrection(ctx context.Context, user content.User, articleID, id int64, d CorrectionDraft) (content.Correction, error) {
	a, cur, err := s.correction(ctx, articleID, id)
	if err != nil {
		return content.Correction{}, err
	}
	if err := mayCorrect(user, a); err != nil {
		return content.Correction{}, err
	}
	if d.Kind == "" {
		d.Kind = cur.Kind
	}
	if err := d.check(); err != nil {
		return content.Correction{}, err
	}
	if d.Kind == cur.Kind && d.Text == cur.Text {
		return cur, nil
	}
	next := cur
	next.Kind, next.Text, next.UpdatedAt, next.By = d.Kind, d.Text, s.clock(), user
	if err := s.store.EditCorrection(ctx, next); err != nil {
		return content.Correction{}, fmt.Errorf("edit correction %d: %w", id, err)
	}
	s.log.Info("correction edited", "article", articleID, "correction", id, "user", user.ID)
	s.changes.Publish(ctx, correctionEvent("correct", a))
	return s.store.CorrectionByID(ctx, id)
}

// CorrectionHistory lists the wordings a correction had before, oldest
// first, for the members who may correct its article.
func (s *Service) CorrectionHistory(ctx context.Context, user content.User, articleID, id int64) ([]content.CorrectionVersion, error) {
	a, _, err := s.correction(ctx, articleID, id)
	if err != nil {
		return nil, err
	}
	if !auth.CanEditArticle(user, a) {
		return nil, forbidden("Only those who may edit the article see the history of its corrections.")
	}
	return s.store.CorrectionHistory(ctx, id)
}

// correction reads article articleID and its correction id; ErrNotFound
// when the correction is another article's.
func (s *Service) correction(ctx context.Context, articleID, id int64) (content.Article, content.Correction, error) {
	a, err := s.store.ArticleByID(ctx, articleID)
	if err != nil {
		return a, content.Correction{}, err
	}
	c, err := s.store.CorrectionByID(ctx, id)
	if err == nil && c.ArticleID != articleID {
		err = fmt.Errorf("correction %d of article %d: %w", id, articleID, store.ErrNotFound)
	}
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		err = fmt.Errorf("correction %d: %w", id, err)
	}
	return a, c, err
}

// correctionEvent is what a correction of a changes for readers: the
// article wherever it is shown in full or as an item (its page, and the
// feeds, which declare their items' article tags), the corrections page
// and its feed, and the sitemaps, whose last-modified time it moves.
func correctionEvent(action string, a content.Article) changes.Event {
	return changes.New(changes.KindArticle, action, []int64{a.ID},
		changes.Article(a.ID), changes.Corrections, changes.Sitemaps)
}
