package server_test

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"dateline/internal/cache"
	"dateline/internal/server"
	"dateline/internal/web"
)

func BenchmarkCachedPageThroughTheFrontDoor(b *testing.B) {
	page := strings.Repeat("<p>news of the day</p>", 1300)
	site := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Header().Set("Cache-Control", "public, max-age=60")
		web.Depends(w, "article:1", "home", "settings")
		io.WriteString(w, page)
	})
	c := cache.New(cache.Config{Tags: func(h http.Header) []string { t := web.Tags(h); h.Del(web.TagsHeader); return t }})
	srv, err := server.New(server.Config{Site: site, Cache: c, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		b.Fatal(err)
	}
	h := srv.Handler()
	r := httptest.NewRequest("GET", "http://news.example/2025/07/14/floods/", nil)
	r.Header.Set("Accept-Encoding", "gzip")
	b.ReportAllocs()
	for b.Loop() {
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
	}
}
