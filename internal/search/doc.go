// Package search holds what full-text search means in dateline, whatever
// engine a store runs it on: the search document of an article (its
// fields in order of weight, the body as plain text), the runs of text in
// scripts written without spaces (Thai, Chinese, Japanese) that an index
// must look inside, how what a reader typed becomes the terms every match
// must hold, and the bounds of ranking. Each backend translates these into
// its own syntax (store/sqlite into FTS5 MATCH expressions, bm25 weights
// and snippets) so that every backend finds the same articles.
package search
