// Package server is dateline's front door: it owns the listener and the
// http.Server, the middleware every answer passes through (request log,
// panic recovery, security headers, request limits, compression, view
// counting), and the mounts of the public site, the newsroom, the JSON API
// and the health and readiness checks.
//
// The surfaces hand over plain http.Handlers with no middleware of their
// own. The page cache and /metrics will sit here too, in the middleware
// list in server.go, so that everything they need passes one place.
package server
