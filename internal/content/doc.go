// Package content is the vocabulary of the newsroom: articles, categories,
// tags, authors, comments and site settings, with the rules that belong to
// them (validation, slugs, public URLs, statuses). It has no storage and no
// HTTP; every other package speaks in its types.
package content
