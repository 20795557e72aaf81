package wordpress_test

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"dateline/internal/wordpress"
)

// exportFile writes the generated export of posts posts with comments
// comments each to a file of the benchmark's own.
func exportFile(b *testing.B, posts, comments int) string {
	b.Helper()
	path := filepath.Join(b.TempDir(), "export.xml")
	f, err := os.Create(path)
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	if err := wordpress.GenerateExport(f, posts, comments); err != nil {
		b.Fatal(err)
	}
	return path
}

// BenchmarkImport imports a generated export of 20,000 posts with 5
// comments each (143 MB) into a fresh SQLite store, as the command does,
// and reports posts a second; 2,000 posts is the quick one for profiles.
// Run each once: go test ./internal/wordpress -run XXX -bench Import/20000
// -benchtime 1x.
func BenchmarkImport(b *testing.B) {
	for _, posts := range []int{2_000, 20_000} {
		b.Run(strconv.Itoa(posts)+"x5", func(b *testing.B) { benchImport(b, posts, 5) })
	}
}

func benchImport(b *testing.B, posts, comments int) {
	path := exportFile(b, posts, comments)
	var (
		took  time.Duration
		sum   *wordpress.Summary
		ctx   = context.Background()
		world *importWorld
	)
	for b.Loop() {
		world = newImportWorld(b)
		f, err := os.Open(path)
		if err != nil {
			b.Fatal(err)
		}
		im, err := wordpress.New(world.svc, wordpress.ImportOptions{Location: time.UTC})
		if err != nil {
			b.Fatal(err)
		}
		start := time.Now()
		sum, err = im.Import(ctx, f)
		took += time.Since(start)
		f.Close()
		if err != nil {
			b.Fatal(err)
		}
	}
	if c := sum.Counts[wordpress.CountPosts]; c.Created != posts {
		b.Fatalf("posts %+v", *c)
	}
	if c := sum.Counts[wordpress.CountComments].Created + sum.Counts[wordpress.CountPingbacks].Created; c != posts*comments {
		b.Fatalf("%d comments and pingbacks, want %d", c, posts*comments)
	}
	b.ReportMetric(float64(posts*b.N)/took.Seconds(), "posts/s")
	b.ReportMetric(float64(posts*comments*b.N)/took.Seconds(), "comments/s")
	if fi, err := os.Stat(world.path); err == nil {
		b.ReportMetric(float64(fi.Size())/(1<<20), "MB-db")
	}
}
