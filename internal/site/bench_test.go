package site_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"runtime/debug"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"dateline/internal/changes"
	"dateline/internal/content"
	"dateline/internal/render"
	"dateline/internal/site"
	"dateline/internal/store/sqlite"
)

// benchArticles is the size of the archive the page benchmarks run against.
const benchArticles = 100_000

var (
	benchOnce  sync.Once
	benchPath  string
	benchSlugs []string
	benchErr   error
)

// benchDatabase builds (once per machine, reused by later runs) a SQLite
// file with 100,000 published articles: realistic bodies, tags from a pool
// of 2,000, eight sections, forty authors, pictures and comments.
func benchDatabase(b *testing.B) (string, []string) {
	b.Helper()
	benchOnce.Do(func() {
		benchPath = filepath.Join(os.TempDir(), fmt.Sprintf("dateline-bench-%d-v3.db", benchArticles))
		if _, err := os.Stat(benchPath + ".done"); err != nil {
			os.Remove(benchPath)
			os.Remove(benchPath + "-wal")
			os.Remove(benchPath + "-shm")
			start := time.Now()
			if benchErr = fillBenchDatabase(benchPath); benchErr != nil {
				return
			}
			os.WriteFile(benchPath+".done", nil, 0o644)
			fmt.Fprintf(os.Stderr, "built %d-article database in %s\n", benchArticles, time.Since(start).Round(time.Second))
		}
		for i := range 200 {
			benchSlugs = append(benchSlugs, fmt.Sprintf("bench-story-%d", benchArticles-1-i*(benchArticles/200)))
		}
	})
	if benchErr != nil {
		b.Fatal(benchErr)
	}
	return benchPath, benchSlugs
}

func fillBenchDatabase(path string) error {
	ctx := context.Background()
	st, err := sqlite.Open(ctx, path)
	if err != nil {
		return err
	}
	defer st.Close()
	set := content.DefaultSettings()
	set.SiteName, set.TimeZone = "Bench Dateline", "Asia/Bangkok"
	if err := st.SaveSettings(ctx, set); err != nil {
		return err
	}
	var users []content.User
	for i := range 40 {
		u := content.User{Email: fmt.Sprintf("writer%d@example.com", i), Name: fmt.Sprintf("Writer Number %d", i), Role: content.RoleAuthor}
		if err := st.CreateUser(ctx, &u); err != nil {
			return err
		}
		users = append(users, u)
	}
	var cats []content.Category
	for i, name := range []string{"Thailand", "Asia", "World", "Business", "Technology", "Environment", "Sport", "Culture"} {
		c := content.Category{Name: name, Position: i}
		if err := st.CreateCategory(ctx, &c); err != nil {
			return err
		}
		cats = append(cats, c)
	}
	var images []*content.Image
	for i := range 50 {
		im := &content.Image{Name: fmt.Sprintf("bench/%d", i), Ext: ".jpg", Width: 1600, Height: 900,
			Alt: "A picture", Caption: "A caption for the picture.", Credit: "Dateline", Variants: []int{480, 960}}
		if err := st.CreateImage(ctx, im); err != nil {
			return err
		}
		images = append(images, im)
	}
	rng := rand.New(rand.NewPCG(1, 2))
	// Words follow Zipf's law over a 20,000-word vocabulary, as in real
	// text: function words are in every story, content words in some, most
	// words are rare.
	function := strings.Fields("the of and to in a is that for on was with as by at from it be has have are said were this but his an")
	newsWords := strings.Fields("government rice exports rose sharply half year buyers asia africa returned thai suppliers poor harvest " +
		"officials warned strong baht higher shipping costs slow pace sales later season figures commerce ministry farmers central plains " +
		"police minister election flood tourism market bank court protest school hospital")
	syllables := strings.Fields("ka ri to ma su ne pho lan chai rat wong sak kul thi pra na bo de vi lo mi sa te ru")
	vocabulary := append([]string{}, function...)
	for len(vocabulary) < 20000 {
		// Content words sit at ranks 100 to 2,300: each is in a few percent
		// of the stories, like "flood" or "minister" in a real archive.
		if k := len(vocabulary) - 100; k >= 0 && k%50 == 0 && k/50 < len(newsWords) {
			vocabulary = append(vocabulary, newsWords[k/50])
			continue
		}
		w := syllables[rng.IntN(len(syllables))] + syllables[rng.IntN(len(syllables))] + syllables[rng.IntN(len(syllables))]
		if rng.IntN(2) == 0 {
			w += syllables[rng.IntN(len(syllables))]
		}
		vocabulary = append(vocabulary, w)
	}
	zipf := rand.NewZipf(rng, 1.07, 2, uint64(len(vocabulary)-1))
	paragraph := func() string {
		n := 40 + rng.IntN(40)
		parts := make([]string, n)
		for i := range parts {
			parts[i] = vocabulary[zipf.Uint64()]
		}
		s := strings.Join(parts, " ")
		return strings.ToUpper(s[:1]) + s[1:] + "."
	}
	start := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := range benchArticles {
		paras := make([]string, 8)
		for p := range paras {
			paras[p] = paragraph()
		}
		a := content.Article{
			Kind: content.KindPost, Title: fmt.Sprintf("Bench story %d about rice and the baht", i), Slug: fmt.Sprintf("bench-story-%d", i),
			Excerpt: paragraph(), Source: strings.Join(paras, "\n\n"), Format: content.FormatMarkdown, Dateline: "BANGKOK",
			Status: content.StatusPublished, PublishedAt: start.Add(time.Duration(i) * 25 * time.Minute),
			Author: users[i%len(users)], Category: cats[i%len(cats)], MustRead: i%97 == 0, CommentsOpen: true,
		}
		a.UpdatedAt = a.PublishedAt
		if i%3 == 0 {
			a.Image = images[i%len(images)]
		}
		for k := range 3 {
			tag := rng.IntN(2000)
			a.Tags = append(a.Tags, content.Tag{Name: fmt.Sprintf("Topic %d", tag+k)})
		}
		if err := render.Prepare(&a); err != nil {
			return err
		}
		if err := st.CreateArticle(ctx, &a); err != nil {
			return err
		}
		if i%10 == 0 {
			for c := range 5 {
				cm := content.Comment{ArticleID: a.ID, AuthorName: "Reader", AuthorEmail: "r@example.com",
					Body: "A thoughtful comment about this story.", Status: content.CommentApproved,
					CreatedAt: a.PublishedAt.Add(time.Duration(c+1) * time.Hour)}
				if err := st.CreateComment(ctx, &cm); err != nil {
					return err
				}
			}
		}
	}
	// No ANALYZE: production databases are not analysed either, and with
	// SQLite's STAT4 statistics every new bound value re-prepares a statement.
	return nil
}

func benchSite(b *testing.B) (http.Handler, []string) {
	// The same garbage-collector target as `dateline serve` (serverGCPercent
	// in cmd/dateline), so the figures are the server's.
	old := debug.SetGCPercent(400)
	b.Cleanup(func() { debug.SetGCPercent(old) })
	path, slugs := benchDatabase(b)
	st, err := sqlite.Open(context.Background(), path)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { st.Close() })
	// Told of changes, as `dateline serve` wires it: the site keeps the
	// settings, sections and shared lists from one change to the next.
	s, err := site.New(site.Config{Store: st, BaseURL: "http://bench.example", Changes: &changes.Feed{}})
	if err != nil {
		b.Fatal(err)
	}
	zone, _ := time.LoadLocation("Asia/Bangkok")
	paths := make([]string, len(slugs))
	for i, slug := range slugs {
		a, err := st.ArticleBySlug(context.Background(), slug)
		if err != nil {
			b.Fatal(err)
		}
		paths[i] = a.Path(zone)
	}
	return frontDoor(b, s, nil), paths
}

func benchPages(b *testing.B, h http.Handler, paths []string, header ...string) {
	b.ReportAllocs()
	i := 0
	var bytes int
	for b.Loop() {
		req := httptest.NewRequest(http.MethodGet, paths[i%len(paths)], nil)
		for k := 0; k+1 < len(header); k += 2 {
			req.Header.Set(header[k], header[k+1])
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != http.StatusOK {
			b.Fatalf("GET %s = %d", req.URL.Path, rec.Code)
		}
		bytes += rec.Body.Len()
		i++
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "pages/s")
	b.ReportMetric(float64(bytes)/float64(b.N), "bytes/page")
}

// BenchmarkArticlePage renders article pages, uncached, from a 100,000-article
// archive: the article, must-read, related, latest and comments.
func BenchmarkArticlePage(b *testing.B) {
	h, paths := benchSite(b)
	benchPages(b, h, paths)
}

// BenchmarkArticlePageGzip is BenchmarkArticlePage as a browser asks for
// it, compressed: the uncached case of the load script (bench/run.sh).
func BenchmarkArticlePageGzip(b *testing.B) {
	h, paths := benchSite(b)
	benchPages(b, h, paths, "Accept-Encoding", "gzip, deflate, br")
}

// BenchmarkHomePage renders the front page, uncached, from the same archive.
func BenchmarkHomePage(b *testing.B) {
	h, _ := benchSite(b)
	benchPages(b, h, []string{"/"})
}

// BenchmarkArchivePage renders deep category and tag pages.
func BenchmarkArchivePage(b *testing.B) {
	h, _ := benchSite(b)
	benchPages(b, h, []string{"/category/business/", "/category/sport/page/40/", "/tag/topic-7/", "/author/writer-number-3/page/3/"})
}

// benchLatencies runs requests for the paths in turn and reports the median
// and 95th percentile latency alongside the mean that b.Loop gives.
func benchLatencies(b *testing.B, h http.Handler, paths []string) {
	b.ReportAllocs()
	var took []time.Duration
	i := 0
	for b.Loop() {
		req := httptest.NewRequest(http.MethodGet, paths[i%len(paths)], nil)
		rec := httptest.NewRecorder()
		start := time.Now()
		h.ServeHTTP(rec, req)
		took = append(took, time.Since(start))
		if rec.Code != http.StatusOK {
			b.Fatalf("GET %s = %d", req.URL, rec.Code)
		}
		i++
	}
	slices.Sort(took)
	b.ReportMetric(float64(took[len(took)/2].Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(took[len(took)*95/100].Microseconds())/1000, "p95-ms")
}

// BenchmarkSearchPage searches the 100,000-article archive through the
// search page with a mix of queries: words found in most stories, in some,
// and in a few, alone and combined, with and without filters.
func BenchmarkSearchPage(b *testing.B) {
	h, _ := benchSite(b)
	benchLatencies(b, h, searchMix)
}

// BenchmarkSearchCommonWords searches only for function words, which are
// in nearly every story: the worst case, where ranking must weigh the most
// matches.
func BenchmarkSearchCommonWords(b *testing.B) {
	h, _ := benchSite(b)
	benchLatencies(b, h, []string{"/search?q=the", "/search?q=said+the", "/search?q=of+and+to&page=3"})
}

var searchMix = []string{
	"/search?q=rice", "/search?q=baht+exports", "/search?q=harvest+officials+warned",
	"/search?q=shipping&category=business", "/search?q=story+4242", "/search?q=topic+77",
	"/search?q=commerce+ministry&page=2", "/search?q=farmers+central+plains", "/search?q=the+flood+season",
	"/search?q=writer+number+7", "/search?q=police+protest", "/search?q=bank&category=business",
}

// BenchmarkFeed generates the site's RSS feed: 20 whole articles.
func BenchmarkFeed(b *testing.B) {
	h, _ := benchSite(b)
	benchLatencies(b, h, []string{"/feed/", "/category/sport/feed/atom/", "/feed.json"})
}

// BenchmarkSitemapIndex generates the sitemap index over every month of
// the archive.
func BenchmarkSitemapIndex(b *testing.B) {
	h, _ := benchSite(b)
	benchLatencies(b, h, []string{"/sitemap.xml"})
}
