// Package api is dateline's JSON API at /api/v1. The content side (published
// articles, sections, tags, authors, search) is public and may be cached.
// The newsroom side acts for the member whose API token a request carries
// (Authorization: Bearer): writing and moving articles through the
// newsroom's workflow, uploading pictures to the media library and
// moderating comments, with the same role rules as the newsroom. It never
// reads cookies, so it needs no CSRF tokens. Errors are {"error": {"code",
// "message", "field"}} with a 4xx status, and a 500 never carries an
// internal message. routes.go is the table of contents; docs/openapi.yaml
// describes it, and a test keeps the two in step.
package api
