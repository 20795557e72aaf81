// Package web holds what the public site and the newsroom both need to
// serve pages: templates loaded once from embedded files that a theme
// folder may override (Load), pages rendered whole before anything is sent
// (Pages.Render), the one adapter that turns a handler's returned error
// into the right page (Errors), static files under fingerprinted
// addresses (Assets), and the dependency tags an answer declares for the
// page cache (Depends). Each surface keeps its own pages and messages.
package web
