// Package demo fills an empty store with a demo newsroom: authors, sections,
// some forty stories with datelines, generated photographs, must-read picks,
// tags and a few approved comments, dated over the thirty days before the
// moment of seeding so the site always looks current.
package demo
