package articles

import (
	"context"

	"dateline/internal/content"
)

// CheckVersion refuses, with the same message as a refused Save, an
// article that is no longer at version. It is for a change that writes no
// text, such as a status change through the API, that the member asked to
// make only from the version they saw.
func (s *Service) CheckVersion(ctx context.Context, user content.User, id int64, version int) error {
	if err := mayView(user); err != nil {
		return err
	}
	v, err := s.store.ArticleVersion(ctx, id)
	if err != nil {
		return err
	}
	if v == version {
		return nil
	}
	return s.conflict(ctx, user, id)
}
