// Package taxonomy is how the site's sections (categories) and tags
// change: created, renamed, reordered, merged and deleted, each by one
// call of a [Service] that checks the member's role (auth.ActManageTaxonomy)
// and the rules and messages of the newsroom's forms, writes in one
// transaction of the store, and announces the change on the change feed.
// A slug that changes keeps answering: the store redirects the old one.
// It has no HTTP; the newsroom's pages, the command line and the demo
// call it, and translate its refusals for their audience.
//
// Refusals: what is wrong with the input comes back as content.FieldErrors
// (fields "name", "slug", "description", "position", "move_to", "into"),
// a role that may not manage the taxonomy as [ErrForbidden], an unknown
// section or tag as store.ErrNotFound. A refused change writes nothing
// and announces nothing.
//
// Each committed change is announced as one event, with the ids of the
// sections or tags it touched and these dependency tags:
//
//	section create   section:new, sections
//	section update   section:old, section:new, sections (+ sitemaps when the slug of a section with published posts changed)
//	section reorder  sections (the ids are the two sections that swapped places)
//	section delete   section:deleted, section:target, sections (+ home, feeds, search, sitemaps when published posts moved)
//	tag create       tag:new
//	tag update       tag:old, tag:new (+ search when published posts carry a new name, sitemaps a new slug)
//	tag merge        tag:from, tag:into (+ search, sitemaps when published posts changed tag)
//	tag delete       tag:deleted (+ search, sitemaps when published posts carried it)
//
// The ids of a section deletion are the deleted section and, when there
// is one, the section that took its articles; those of a merge are the
// merged tag and the tag it went into.
package taxonomy
