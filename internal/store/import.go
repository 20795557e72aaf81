package store

import (
	"context"

	"dateline/internal/content"
)

// MaxImportBatch bounds the things one Import call writes in its one
// transaction, so that an import running beside a server holds the writer
// for a short while at a time.
const MaxImportBatch = 1000

// ImportedTerm is a section or a tag brought from another site, with its
// legacy link.
type ImportedTerm struct {
	// Kind is LegacyCategory (a section) or LegacyTag.
	Kind LegacyKind
	// ID is the section or tag to update (the one its link points to); 0
	// takes the section or tag that has Slug, made when there is none.
	ID          int64
	Name        string
	Slug        string // required
	Description string // sections only
	// Position places a new section in the navigation; an existing one
	// keeps its place.
	Position int
	// Link is saved with it, its ID set to the section's or tag's.
	Link LegacyLink
	// Created is set when the write made the section or tag; false when
	// it updated ID or found the one with Slug.
	Created bool
	// Err is set when this term alone was refused (ErrNotFound for an ID
	// that no longer exists); nothing of it was written.
	Err error
}

// ImportedArticle is an article brought from another site: its content,
// status and dates as they were there, and its legacy link.
type ImportedArticle struct {
	// Article is written whole, status and publication time included; its
	// ID 0 creates it, any other replaces article ID. Its Author,
	// Category and Image are given by ID, its Tags by name and slug
	// (created when new). Its ID, Slug and Tags are set to what is stored.
	Article content.Article
	// Revision is kept with it, as its first revision or the next one;
	// its ArticleID is set.
	Revision Revision
	// Link is saved with it, its ID set to the article's.
	Link LegacyLink
	// NumberSlug takes the next free slug in the series of Article.Slug
	// (content.FreeSlug) when the slug is taken, instead of refusing.
	NumberSlug bool
	// Err is set when this article alone was refused: ErrConflict for a
	// taken slug, ErrNotFound for an article, author, section or picture
	// that does not exist. Nothing of it was written.
	Err error
}

// ImportedComment is a comment brought from another site, with its legacy
// link.
type ImportedComment struct {
	// Comment is written whole, status and date included; its ID 0
	// creates it, any other replaces comment ID. Its ID is set.
	Comment content.Comment
	// Parent, when not negative, is the index in the same batch of the
	// comment it answers, written before it; its ID becomes
	// Comment.ParentID. -1 keeps Comment.ParentID.
	Parent int
	// Link is saved with it, its ID set to the comment's.
	Link LegacyLink
	// Err is set when this comment alone was refused (ErrNotFound for a
	// missing article or comment, or a parent that was refused); nothing
	// of it was written.
	Err error
}

// Import writes what an importer brings, through the services' Import
// methods: each call is one transaction in which every item is written
// with its legacy link, or refused alone (its Err set) while the others
// are written. The error is for the transaction itself; then nothing was
// written. At most MaxImportBatch items a call.
type Import interface {
	ImportTerms(ctx context.Context, terms []ImportedTerm) error
	// ImportArticles keeps the lists, the tag archives and the search
	// index in step with the articles, as every article write does.
	ImportArticles(ctx context.Context, list []ImportedArticle) error
	// ImportComments recounts the approved comments of every article it
	// touched.
	ImportComments(ctx context.Context, list []ImportedComment) error
}
