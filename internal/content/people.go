package content

import (
	"net/url"
	"strings"
	"time"
)

// Role is what a newsroom member may do, as WordPress newsrooms know it.
type Role string

const (
	RoleAdmin       Role = "admin"
	RoleEditor      Role = "editor"
	RoleAuthor      Role = "author"
	RoleContributor Role = "contributor"
)

// ValidRole reports whether r is one of the four roles.
func ValidRole(r Role) bool {
	switch r {
	case RoleAdmin, RoleEditor, RoleAuthor, RoleContributor:
		return true
	}
	return false
}

// User is a member of the newsroom; authors are users with a public page.
type User struct {
	ID    int64
	Email string
	Name  string
	Slug  string
	Role  Role
	Bio   string
	// JobTitle, PhotoID and Links are the member's public profile on their
	// author page: a title such as "Mekong correspondent", a picture of
	// the media library (0 for none) and their pages elsewhere, in order.
	JobTitle  string
	PhotoID   int64
	Links     []Link
	CreatedAt time.Time
}

// Link is one of a member's pages elsewhere (their site, a social
// profile), shown on their author page as rel="me".
type Link struct {
	URL string
	// Label is what the link reads; "" reads as the address's host.
	Label string
}

// Text is what the link reads: its label, or else its host without
// "www.".
func (l Link) Text() string {
	if l.Label != "" {
		return l.Label
	}
	u, err := url.Parse(l.URL)
	if err != nil || u.Hostname() == "" {
		return l.URL
	}
	return strings.TrimPrefix(u.Hostname(), "www.")
}

// Path is the public path of the author's archive.
func (u User) Path() string { return "/author/" + url.PathEscape(u.Slug) + "/" }

// Category is a section of the site ("Politics", "Business").
type Category struct {
	ID          int64
	Name        string
	Slug        string
	Description string
	// Position orders the navigation.
	Position int
}

// Path is the public path of the category's archive.
func (c Category) Path() string { return "/category/" + url.PathEscape(c.Slug) + "/" }

// Tag is a subject that cuts across sections ("Mekong", "Elections 2026").
type Tag struct {
	ID   int64
	Name string
	Slug string
}

// Path is the public path of the tag's archive.
func (t Tag) Path() string { return "/tag/" + url.PathEscape(t.Slug) + "/" }

// CommentStatus is where a comment stands in moderation.
type CommentStatus string

const (
	CommentPending  CommentStatus = "pending"
	CommentApproved CommentStatus = "approved"
	CommentSpam     CommentStatus = "spam"
	CommentTrash    CommentStatus = "trash"
)

// Comment is a reader's reply to an article or to another comment.
type Comment struct {
	ID          int64
	ArticleID   int64
	ParentID    int64 // 0 for a top-level comment
	AuthorName  string
	AuthorEmail string
	AuthorURL   string
	Body        string // plain text as typed
	Status      CommentStatus
	CreatedAt   time.Time
	IPHash      string
	UserID      int64 // set when a signed-in newsroom member wrote it
}
