package site_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"dateline/internal/readership"
	"dateline/internal/server"
	"dateline/internal/site"
)

// TestArticleViewsAreCountedAtTheFrontDoor serves the real article page
// through the real front door and counter: two readings count two views,
// and only the article's answers count.
func TestArticleViewsAreCountedAtTheFrontDoor(t *testing.T) {
	n := newNewsroom(t)
	counter := readership.NewViewCounter(readership.ViewCounterConfig{Store: n.st, Now: func() time.Time { return now }, Zone: mustZone(t)})
	s, err := site.New(site.Config{Store: n.st, Now: func() time.Time { return now }, BaseURL: "https://news.example"})
	must(t, err)
	front, err := server.New(server.Config{Site: s.Handler(), Views: counter})
	must(t, err)
	h := front.Handler()
	visit := func(method, path, agent string) *httptest.ResponseRecorder {
		req := httptest.NewRequest(method, path, nil)
		req.Header.Set("User-Agent", agent)
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Header().Get(readership.ViewHeader) != "" {
			t.Errorf("%s %s: the view mark reached the reader", method, path)
		}
		return rec
	}
	const firefox = "Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Gecko/20100101 Firefox/140.0"
	article := "/2025/07/14/kremlin-signals-new-talks/"
	for range 2 {
		if rec := visit("GET", article, firefox); rec.Code != http.StatusOK {
			t.Fatalf("GET %s = %d", article, rec.Code)
		}
	}
	visit("GET", article, "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)")
	visit("HEAD", article, firefox)
	visit("GET", "/2025/07/13/kremlin-signals-new-talks/", firefox) // a redirect to the article
	visit("GET", "/", firefox)
	visit("GET", "/about/", firefox)
	must(t, counter.Flush(context.Background()))

	most, err := n.st.MostRead(context.Background(), "2025-07-14", 10)
	must(t, err)
	if len(most) != 1 || most[0].Article.ID != n.kremlin.ID || most[0].Views != 2 {
		t.Errorf("most read = %+v, want the Kremlin story with 2 views", most)
	}
}
