// Package site serves the public news website: home, article, archive and
// static pages, rendered from embedded html/template templates and CSS that a
// theme folder on disk may override file by file.
//
// A public page is the same for every visitor and does no network I/O while
// rendering, so it can be cached in-process and by a CDN. The site hands
// the front door (internal/server) a plain handler: logging, recovery,
// compression and view counting happen there, and an article page only
// marks its answer as a reading (readership.MarkView).
package site
