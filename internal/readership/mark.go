package readership

import (
	"net/http"
	"strconv"
)

// ViewHeader carries the mark of an answer that is a reading of an
// article (set by MarkView, read by TakeView). It is internal: a cache
// keeps it with the answer, and the front door removes it before the
// answer leaves the process.
const ViewHeader = "Dateline-View"

// MarkView marks the answer whose headers are h as a reading of the
// article, for the front door to count each time the answer is served
// (from the handler or from a cache). Set it before the status is written.
func MarkView(h http.Header, articleID int64) {
	h.Set(ViewHeader, strconv.FormatInt(articleID, 10))
}

// TakeView removes the mark from h and returns the article it names, or 0
// when h carries none (or a malformed one).
func TakeView(h http.Header) int64 {
	// ViewHeader is in canonical form, so the map is read directly: this
	// runs on every answer, cache hits included.
	vs := h[ViewHeader]
	if len(vs) == 0 {
		return 0
	}
	v := vs[0]
	delete(h, ViewHeader)
	id, err := strconv.ParseInt(v, 10, 64)
	if err != nil || id <= 0 {
		return 0
	}
	return id
}
