// Package newsroom is the editorial workflow: writing, saving with
// revisions and autosave, sending for review, scheduling, publishing,
// unpublishing, trashing and correcting articles, each step checked against
// the member's role (package auth). It also holds the two background jobs
// the workflow needs, the [Scheduler] that publishes scheduled articles and
// the [ViewCounter] that batches page views, and a word diff for comparing
// revisions. It has no HTTP: the admin and the API call a [Service].
//
// Refusals are worded for the writer: a [*Error] (not allowed, not in this
// status, changed by someone else) or content.FieldErrors for the form.
package newsroom
