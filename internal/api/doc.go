// Package api is dateline's JSON API at /api/v1. The content side (published
// articles, sections, tags, authors, search) is public and open to other
// origins for GET; errors are {"error": {"code", "message", "field"}} with a
// 4xx status, and a 500 never carries an internal message.
package api
