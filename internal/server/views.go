package server

import (
	"net/http"

	"dateline/internal/readership"
	"dateline/internal/web"
)

// Views counts readings of articles; *readership.ViewCounter is one.
type Views interface {
	// Count records one view of the article by a browser with userAgent
	// and reports whether it counted (robots do not).
	Count(articleID int64, userAgent string) bool
}

// countViews counts an answer that the handler behind it (or, later, the
// page cache) marked as a reading of an article (readership.MarkView). It
// sits outside the cache so that a cached answer counts each time it is
// served. Only a complete 200 answer to GET counts: a HEAD, a redirect, a
// 304 and an error page are not readings, and robots are left out by the
// counter. The mark never leaves the process.
func (s *Server) countViews(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		vw := &viewWriter{ResponseWriter: w}
		next.ServeHTTP(vw, r)
		if !vw.wrote {
			// Nothing written yet: net/http sends the headers after this
			// returns, and the mark must not be among them.
			vw.take(http.StatusOK)
		}
		if vw.article > 0 && vw.status == http.StatusOK && r.Method == http.MethodGet && s.views != nil {
			s.views.Count(vw.article, r.UserAgent())
		}
	})
}

// viewWriter takes the view mark off an answer as its headers are written,
// remembering the article and the status.
type viewWriter struct {
	http.ResponseWriter
	wrote   bool
	status  int
	article int64
}

// take removes the mark before headers with status go out. An
// informational answer (103 Early Hints) is not the answer itself, so the
// status is remembered only from 200 on.
func (w *viewWriter) take(status int) {
	if id := readership.TakeView(w.ResponseWriter.Header()); id > 0 {
		w.article = id
	}
	delete(w.ResponseWriter.Header(), web.TagsHeader) // internal too, kept by the cache inside; canonical, so no Del
	if status >= 200 {
		w.wrote, w.status = true, status
	}
}

func (w *viewWriter) WriteHeader(code int) {
	if !w.wrote {
		w.take(code)
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *viewWriter) Write(p []byte) (int, error) {
	if !w.wrote {
		w.take(http.StatusOK)
	}
	return w.ResponseWriter.Write(p)
}

func (w *viewWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }
