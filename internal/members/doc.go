// Package members is how the newsroom's membership changes: a member is
// added (with their first password, or invited to choose one), has their
// name, email, public profile (biography, job title, photo, links),
// archive address or role changed, or is deleted
// with an heir for their articles. Each change is one call of a
// [Service], which checks the role of whoever asks (auth.ActManageUsers
// for anything but one's own profile), the newsroom's rules and their
// messages, writes in one transaction of the store, and announces the
// change on the change feed. The newsroom's pages, the command line and
// the demo all add members through it, so a member's archive address is
// made from their name by one rule: the name's slug, or slug-2, slug-3 ...
// numbered as articles' slugs are (content.FreeSlug).
//
// Signing in, sessions and password resets are package auth's; this
// package only stores a new member's first password, hashed, in the same
// transaction as the member.
//
// Refusals: what is wrong with the input comes back as content.FieldErrors
// (fields "name", "email", "role", "bio", "job_title", "photo", "links",
// "link1" ... and "link1_label" ... for each link, "slug", "password",
// "heir"); a
// rule that protects the newsroom whatever the form says (nobody deletes
// themselves, the last administrator stays) as an [*Error] that wraps
// [ErrRefused]; a role that may not do it as [ErrForbidden]; an unknown
// member as store.ErrNotFound. A refused change writes nothing and
// announces nothing.
//
// Each committed change is announced as one event of kind member:
//
//	create  ids: the member;         tags: author:slug
//	update  ids: the member;         tags: author:old, author:new (+ search when the name of a member with
//	                                 published posts changed, sitemaps when their slug did)
//	delete  ids: the member, heir;   tags: author:deleted, author:heir (+ home, feeds, search, sitemaps when
//	                                 published posts changed hands)
//
// The command line and the demo act as [Operator], an administrator who is
// nobody in particular.
package members
