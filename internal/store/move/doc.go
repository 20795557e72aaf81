// Package move copies a whole dateline site from its SQLite file to a
// PostgreSQL database, and its pictures from the media folder to object
// storage: what "dateline migrate" does when a site outgrows one machine.
//
// The source is read inside one read transaction, a consistent snapshot
// of the moment the copy began, even while a server goes on writing to
// it. The target's schema is the PostgreSQL store's own (its migrations,
// applied when it is opened); every table is copied into it with COPY,
// keeping the ids, in one transaction that also rebuilds the search index
// in PostgreSQL's form, sets every sequence past the highest id, and
// reads everything back to compare row counts and checksums with the
// source. Only when they all match is it committed: a copy that fails
// anywhere leaves the target as it was.
//
// Both sides are read through one table of what to copy (plan.go); a
// table or column that either schema has and the plan does not know is
// refused rather than left behind.
package move
