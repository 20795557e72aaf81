package sqlite_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"dateline/internal/content"
	"dateline/internal/store"
	"dateline/internal/store/sqlite"
)

// searchBenchArticles is big enough that a common word has thousands of
// matches (so the pool and the stop-word rule matter) and small enough to
// build in well under a minute; the site's benchmarks cover 100,000.
const searchBenchArticles = 10_000

var (
	searchBenchOnce sync.Once
	searchBenchPath string
	searchBenchErr  error
)

// searchBenchDatabase builds, once per machine and reused by later runs,
// a SQLite file of published posts whose words follow Zipf's law, with
// one headline in ten in Thai.
func searchBenchDatabase(b *testing.B) string {
	b.Helper()
	searchBenchOnce.Do(func() {
		searchBenchPath = filepath.Join(os.TempDir(), fmt.Sprintf("dateline-search-bench-%d-v1.db", searchBenchArticles))
		if _, err := os.Stat(searchBenchPath + ".done"); err == nil {
			return
		}
		for _, suffix := range []string{"", "-wal", "-shm"} {
			os.Remove(searchBenchPath + suffix)
		}
		if searchBenchErr = fillSearchBench(searchBenchPath); searchBenchErr == nil {
			searchBenchErr = os.WriteFile(searchBenchPath+".done", nil, 0o644)
		}
	})
	if searchBenchErr != nil {
		b.Fatal(searchBenchErr)
	}
	return searchBenchPath
}

func fillSearchBench(path string) error {
	ctx := context.Background()
	st, err := sqlite.Open(ctx, path)
	if err != nil {
		return err
	}
	defer st.Close()
	var users []content.User
	for i := range 10 {
		u := content.User{Email: fmt.Sprintf("writer%d@example.com", i), Name: fmt.Sprintf("Writer Number %d", i), Role: content.RoleAuthor}
		if err := st.CreateUser(ctx, &u); err != nil {
			return err
		}
		users = append(users, u)
	}
	para := benchParagraphs()
	thai := strings.Fields("น้ำท่วมกรุงเทพฯ ฝนตกหนักทั้งคืน ตลาดหุ้นไทยปิดบวก ราคาข้าวพุ่งสูง ชาวนาภาคกลางเร่งเก็บเกี่ยว")
	start := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := range searchBenchArticles {
		title := fmt.Sprintf("Story %d about rice and the baht", i)
		if i%10 == 0 {
			title = thai[i%len(thai)] + thai[(i/10)%len(thai)]
		}
		paras := make([]string, 6)
		for p := range paras {
			paras[p] = "<p>" + para() + "</p>"
		}
		a := content.Article{Kind: content.KindPost, Title: title, Slug: fmt.Sprintf("story-%d", i),
			Excerpt: para(), Body: strings.Join(paras, "\n"), Format: content.FormatMarkdown,
			Status: content.StatusPublished, PublishedAt: start.Add(time.Duration(i) * time.Hour),
			Author: users[i%len(users)], Tags: []content.Tag{{Name: fmt.Sprintf("Topic %d", i%300)}}}
		if err := st.CreateArticle(ctx, &a); err != nil {
			return err
		}
	}
	return nil
}

// benchParagraphs returns a maker of paragraphs over a 5,000-word
// vocabulary: function words in every paragraph, news words in a few
// percent of them, most words rare, as in the site's benchmark archive.
func benchParagraphs() func() string {
	rng := rand.New(rand.NewPCG(3, 4))
	vocabulary := strings.Fields("the of and to in a is that for on was with as by at from it be has have are said were this but his an")
	news := strings.Fields("government rice exports harvest officials warned baht shipping commerce ministry farmers police minister election flood")
	syllables := strings.Fields("ka ri to ma su ne pho lan chai rat wong sak kul thi pra na")
	for len(vocabulary) < 5000 {
		if k := len(vocabulary) - 100; k >= 0 && k%50 == 0 && k/50 < len(news) {
			vocabulary = append(vocabulary, news[k/50])
			continue
		}
		vocabulary = append(vocabulary, syllables[rng.IntN(len(syllables))]+syllables[rng.IntN(len(syllables))]+syllables[rng.IntN(len(syllables))])
	}
	zipf := rand.NewZipf(rng, 1.07, 2, uint64(len(vocabulary)-1))
	return func() string {
		words := make([]string, 40+rng.IntN(40))
		for i := range words {
			words[i] = vocabulary[zipf.Uint64()]
		}
		return strings.Join(words, " ") + "."
	}
}

// BenchmarkSearch runs store searches against the benchmark archive and
// reports the median and 95th percentile beside the mean.
func BenchmarkSearch(b *testing.B) {
	path := searchBenchDatabase(b)
	st, err := sqlite.Open(context.Background(), path)
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	now := time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC)
	for _, bc := range []struct {
		name    string
		queries []store.SearchQuery
	}{
		{"news words", []store.SearchQuery{{Text: "rice"}, {Text: "baht exports"}, {Text: "harvest officials warned"},
			{Text: "story 4242"}, {Text: "topic 77"}, {Text: "the flood season"}, {Text: "police", Offset: 10}}},
		{"common words", []store.SearchQuery{{Text: "the"}, {Text: "said the"}, {Text: "of and to", Offset: 20}}},
		{"thai", []store.SearchQuery{{Text: "กรุงเทพ"}, {Text: "ราคาข้าว"}, {Text: "หุ้นไทย ฝนตก"}}},
		{"prefix", []store.SearchQuery{{Text: "harv", Prefix: true}, {Text: "rice exp", Prefix: true}, {Text: "the", Prefix: true}}},
	} {
		b.Run(bc.name, func(b *testing.B) {
			ctx := context.Background()
			var took []time.Duration
			i := 0
			for b.Loop() {
				q := bc.queries[i%len(bc.queries)]
				q.Now = now
				begin := time.Now()
				if _, err := st.Search(ctx, q); err != nil {
					b.Fatalf("search %q: %v", q.Text, err)
				}
				took = append(took, time.Since(begin))
				i++
			}
			slices.Sort(took)
			b.ReportMetric(float64(took[len(took)/2].Microseconds())/1000, "p50-ms")
			b.ReportMetric(float64(took[len(took)*95/100].Microseconds())/1000, "p95-ms")
		})
	}
}

// BenchmarkSearchIndexing re-saves a published article with a long body,
// which replaces its rows in both search indexes: the cost that building
// the search document adds to every save.
func BenchmarkSearchIndexing(b *testing.B) {
	ctx := context.Background()
	st := open(b)
	u := content.User{Email: "w@example.com", Name: "Writer", Role: content.RoleAuthor}
	if err := st.CreateUser(ctx, &u); err != nil {
		b.Fatal(err)
	}
	para := benchParagraphs()
	paras := make([]string, 12)
	for i := range paras {
		paras[i] = "<p>" + para() + " <b>ราคาข้าวพุ่งสูง</b> &amp; more.</p>"
	}
	a := content.Article{Kind: content.KindPost, Title: "Rice prices rise in ราคาข้าว", Excerpt: para(),
		Body: strings.Join(paras, "\n"), Format: content.FormatMarkdown, Status: content.StatusPublished,
		PublishedAt: time.Now().UTC(), Author: u, Tags: []content.Tag{{Name: "Rice"}, {Name: "ข้าว"}}}
	if err := st.CreateArticle(ctx, &a); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if err := st.UpdateArticle(ctx, &a); err != nil {
			b.Fatal(err)
		}
	}
}
