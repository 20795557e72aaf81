// Package admin is the newsroom: the web pages under /admin/ where
// journalists sign in, write and publish, and where editors and
// administrators moderate readers' comments and look after sections,
// tags, members and the site's settings.
//
// Pages are rendered on the server from embedded templates and work
// without JavaScript; one small script adds the editor's toolbar, live
// preview, autosave and tag suggestions. Every handler checks the session
// and the member's role on the server, and every form posted from another
// site is refused (auth.CSRF).
package admin
