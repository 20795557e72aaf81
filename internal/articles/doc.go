// Package articles is the editorial workflow: writing, saving with
// revisions and autosave, sending for review, scheduling, publishing,
// unpublishing, trashing and correcting articles, each step checked against
// the member's role (package auth). Every change to an article, from the
// newsroom, the API, the command line, the demo or the importer, is one
// call of a [Service], which writes it in one transaction and announces it
// on the change feed. It also holds the [Scheduler] that publishes
// scheduled articles on time, and a word diff for comparing revisions. It
// has no HTTP.
//
// Refusals are worded for the writer: a [*Error] (not allowed, not in this
// status, changed by someone else) or content.FieldErrors for the form.
package articles
