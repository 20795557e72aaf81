package site_test

import (
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
)

// BenchmarkDateArchivePage renders a day's and a month's archive, and an
// older page of a month, uncached, from the 100,000-article archive.
func BenchmarkDateArchivePage(b *testing.B) {
	h, paths := benchSite(b)
	day := paths[0][:len("/2025/07/14/")]
	month := day[:len("/2025/07/")]
	benchPages(b, h, []string{day, month, month + "page/3/"})
}

// BenchmarkOldLinkRedirect answers ?p=ID (dateline's feed guid, after the
// legacy links are asked), uncached, from the same archive.
func BenchmarkOldLinkRedirect(b *testing.B) {
	h, _ := benchSite(b)
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		req := httptest.NewRequest(http.MethodGet, "/?p="+strconv.Itoa(1+i*487%100_000), nil)
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != http.StatusMovedPermanently || !strings.HasPrefix(rec.Header().Get("Location"), "/") {
			b.Fatalf("GET %s = %d", req.URL, rec.Code)
		}
		i++
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "redirects/s")
}
