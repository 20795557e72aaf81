package store

import "dateline/internal/changes"

// ChangeLog keeps every committed change as it was announced on the change
// feed, numbered in the order recorded, so that other processes and nodes
// on the same database learn of it (changes.Journal). Its methods are
// described on changes.Log; the conformance suite specifies them.
type ChangeLog interface {
	changes.Log
}
