package api

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"time"

	"dateline/internal/articles"
	"dateline/internal/content"
)

// articleInput is the body of POST and PATCH /api/v1/articles. Every field
// is optional in a PATCH, where only the fields sent change; null empties
// a field (no category, no picture, no tags).
type articleInput struct {
	Title          *string      `json:"title"`
	Body           *string      `json:"body"` // the source, in format
	Format         *string      `json:"format"`
	Kind           *string      `json:"kind"`
	Status         *string      `json:"status"`
	PublishedAt    *string      `json:"published_at"`
	Category       *sectionRef  `json:"category"`
	Tags           *[]string    `json:"tags"`
	MustRead       *bool        `json:"must_read"`
	Dateline       *string      `json:"dateline"`
	Excerpt        *string      `json:"excerpt"`
	Slug           *string      `json:"slug"`
	ImageID        *int64       `json:"image_id"`
	CommentsOpen   *bool        `json:"comments_open"`
	SEOTitle       *string      `json:"seo_title"`
	SEODescription *string      `json:"seo_description"`
	AuthorID       *int64       `json:"author_id"`
	Authors        *[]authorRef `json:"authors"`
	Label          *string      `json:"label"`
	Note           *string      `json:"note"`
	Version        *int         `json:"version"`
	// Live opens (true) or closes (false) a live blog.
	Live *bool `json:"live"`
}

// workflowFields are the fields that move an article rather than edit it.
var workflowFields = map[string]bool{"status": true, "published_at": true, "version": true, "live": true}

// editsText reports whether the request changes anything but the status.
func editsText(sent map[string]bool) bool {
	for f := range sent {
		if !workflowFields[f] {
			return true
		}
	}
	return false
}

// authorRef is one name of a byline as a request gives it: a member's id
// (3, or {"id": 3} as answers show it) or a credit, {"name": "Reuters"},
// with "organization": true for an agency.
type authorRef struct{ content.Author }

func (ref *authorRef) UnmarshalJSON(b []byte) error {
	if json.Unmarshal(b, &ref.ID) == nil {
		if ref.ID < 1 {
			return badField("authors", "A member in authors is named by their id, a number from 1.")
		}
		return nil
	}
	var obj struct {
		ID           *int64  `json:"id"`
		Name         *string `json:"name"`
		Organization bool    `json:"organization"`
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&obj); err != nil {
		return badField("authors", `Each of authors is a member's id or a credit such as {"name": "Reuters"}.`)
	}
	switch {
	case obj.ID != nil && obj.Name == nil && *obj.ID > 0:
		ref.ID = *obj.ID
	case obj.ID == nil && obj.Name != nil:
		ref.Name, ref.Organization = *obj.Name, obj.Organization
	default:
		return badField("authors", `Each of authors is a member's id or a credit such as {"name": "Reuters"}.`)
	}
	return nil
}

// sectionRef names a section by its slug ("world") or its id (3).
type sectionRef struct {
	id   int64
	slug string
}

func (s *sectionRef) UnmarshalJSON(b []byte) error {
	if json.Unmarshal(b, &s.id) == nil && s.id > 0 {
		return nil
	}
	if json.Unmarshal(b, &s.slug) == nil && s.slug != "" {
		return nil
	}
	return badField("category", "category must be a section's slug or id.")
}

// draft lays the fields sent over d, the article as it stands (or an
// empty draft for a new one).
func (a *API) draft(ctx context.Context, d *articles.Draft, in articleInput, sent map[string]bool) error {
	str := func(name string, p *string, into *string) {
		if sent[name] {
			*into = ""
			if p != nil {
				*into = *p
			}
		}
	}
	str("title", in.Title, &d.Title)
	str("body", in.Body, &d.Source)
	str("dateline", in.Dateline, &d.Dateline)
	str("excerpt", in.Excerpt, &d.Excerpt)
	str("slug", in.Slug, &d.Slug)
	str("seo_title", in.SEOTitle, &d.SEOTitle)
	str("seo_description", in.SEODescription, &d.SEODesc)
	str("note", in.Note, &d.Note)
	if sent["format"] {
		f := content.Format(deref(in.Format))
		if f != content.FormatMarkdown && f != content.FormatHTML {
			return badField("format", `format must be "markdown" or "html".`)
		}
		d.Format = f
	}
	if sent["kind"] {
		k := content.Kind(deref(in.Kind))
		if k != content.KindPost && k != content.KindPage {
			return badField("kind", `kind must be "post", "page" or "liveblog".`)
		}
		d.Kind = k
	}
	if sent["label"] {
		l := content.Label(deref(in.Label))
		if !content.ValidLabel(l) {
			return badField("label", "label must be news, analysis, opinion, review, explainer or sponsored.")
		}
		d.Label = l
	}
	if sent["tags"] {
		d.Tags = nil
		if in.Tags != nil {
			d.Tags = *in.Tags
		}
	}
	if sent["must_read"] {
		d.MustRead = in.MustRead != nil && *in.MustRead
	}
	if sent["comments_open"] {
		d.CommentsOpen = in.CommentsOpen != nil && *in.CommentsOpen
	}
	if sent["image_id"] {
		d.ImageID = deref(in.ImageID)
	}
	if sent["author_id"] {
		if in.AuthorID == nil || *in.AuthorID < 1 {
			return badField("author_id", "author_id must be the id of a member of the newsroom.")
		}
		d.AuthorID = *in.AuthorID
	}
	if sent["authors"] {
		if in.Authors == nil {
			return badField("authors", "authors cannot be null: send the byline, at least one name.")
		}
		// Not nil even when empty: the newsroom refuses an empty byline.
		d.Authors = make([]content.Author, 0, len(*in.Authors))
		for _, ref := range *in.Authors {
			d.Authors = append(d.Authors, ref.Author)
		}
	}
	if sent["category"] {
		d.CategoryID = 0
		if in.Category != nil {
			id, err := a.sectionID(ctx, *in.Category)
			if err != nil {
				return err
			}
			d.CategoryID = id
		}
	}
	return nil
}

func deref[T any](p *T) T {
	var zero T
	if p == nil {
		return zero
	}
	return *p
}

// sectionID finds the section a request names; an id is checked by the
// newsroom, which knows its own message for a missing one.
func (a *API) sectionID(ctx context.Context, ref sectionRef) (int64, error) {
	if ref.id != 0 {
		return ref.id, nil
	}
	c, err := a.store.CategoryBySlug(ctx, ref.slug)
	if err != nil {
		return 0, notFoundAs(err, &Error{Status: http.StatusUnprocessableEntity, Code: "invalid_category",
			Field: "category", Message: "There is no section with that slug."})
	}
	return c.ID, nil
}

// step is where a request wants an article to go: a status (empty for
// "stay") and, for scheduling, when.
type step struct {
	to content.Status
	at time.Time
}

// workflowStep is the workflow's step that takes an article from cur to
// where the request asked: "" to stay. A scheduled article sent
// "scheduled" again without a new time stays; with one it is rescheduled.
func (s step) workflowStep(cur content.Status) articles.Step {
	if s.to == content.StatusScheduled && cur == content.StatusScheduled && s.at.IsZero() {
		return ""
	}
	return articles.StepTo(cur, s.to)
}

// stepOf reads status and published_at. cur is the article's status now,
// empty for a new article.
func stepOf(in articleInput, sent map[string]bool, cur content.Status) (step, error) {
	var s step
	if sent["status"] {
		s.to = content.Status(deref(in.Status))
		switch s.to {
		case content.StatusDraft, content.StatusPending, content.StatusPublished, content.StatusScheduled:
		case content.StatusTrashed:
			if cur == "" {
				return s, badField("status", "A new article cannot start in the trash.")
			}
		default:
			return s, badField("status", `status must be one of "draft", "pending", "scheduled" or "published" (or "trashed", to move an article to the trash).`)
		}
	}
	if !sent["published_at"] || in.PublishedAt == nil {
		if s.to == content.StatusScheduled && cur != content.StatusScheduled {
			return s, badField("published_at", "Scheduling needs published_at, the time to publish, such as 2025-07-14T09:00:00Z.")
		}
		return s, nil
	}
	at, err := time.Parse(time.RFC3339, *in.PublishedAt)
	if err != nil {
		return s, badField("published_at", "published_at must be a time with its zone, such as 2025-07-14T09:00:00Z or 2025-07-14T16:00:00+07:00.")
	}
	switch {
	case s.to == content.StatusScheduled:
	case s.to == "" && cur == content.StatusScheduled:
		s.to = content.StatusScheduled // a new time for a scheduled article
	default:
		return s, badField("published_at", `published_at is the time of a scheduled article; send it with "status": "scheduled". Publishing now sets it by itself.`)
	}
	s.at = at
	return s, nil
}
