package wordpress_test

import (
	"strings"
	"testing"
	"time"

	"dateline/internal/store"
	"dateline/internal/wordpress"
)

// countsOf is the summary's counts, by kind.
func countsOf(sum *wordpress.Summary) map[string]wordpress.Count {
	out := map[string]wordpress.Count{}
	for k, c := range sum.Counts {
		out[k] = *c
	}
	return out
}

func TestADryRunTellsWhatWouldChangeAndWritesNothing(t *testing.T) {
	real := newImportWorld(t)
	done := real.importFile("import-site.xml", wordpress.ImportOptions{})

	w := newImportWorld(t)
	before := w.dump()
	dry := w.importFile("import-site.xml", wordpress.ImportOptions{DryRun: true})
	if d := changed(before, w.dump()); len(d) > 0 {
		t.Errorf("a dry run changed %s", strings.Join(d, ", "))
	}
	if ev := w.seen.Take(); len(ev) > 0 {
		t.Errorf("a dry run announced %+v", ev)
	}
	got, want := countsOf(dry), countsOf(done)
	for k := range want {
		if got[k] != want[k] {
			t.Errorf("%s: the dry run says %+v, the import did %+v", k, got[k], want[k])
		}
	}
	if text := summaryText(dry); !strings.Contains(text, "(dry run: nothing was written)") || !strings.Contains(text, "would be created") {
		t.Errorf("the summary does not say it was a dry run:\n%s", text)
	}

	// Once imported, a dry run of a changed export tells the change.
	w.importFile("import-site.xml", wordpress.ImportOptions{})
	before = w.dump()
	w.seen.Take()
	src := exportWith(post(101, "amara", "Flood barrier approved after a seven-hour meeting", "<p>Changed.</p>"))
	src = []byte(strings.Replace(string(src), "story-101", "flood-barrier-approved", -1))
	sum, err := w.importBytes(src, wordpress.ImportOptions{DryRun: true})
	if err != nil {
		t.Fatal(err)
	}
	if c := sum.Counts[wordpress.CountPosts]; c.Updated != 1 || c.Created != 0 {
		t.Errorf("posts %+v, want 1 to be updated", *c)
	}
	if text := summaryText(sum); !strings.Contains(text, "would be updated (changed in WordPress since the last import):\n  post 101 \"Flood barrier approved after a seven-hour meeting\"\n") {
		t.Errorf("the dry run does not name the post it would change:\n%s", text)
	}
	if c := sum.Counts[wordpress.CountAuthors]; c.Unchanged != 1 || c.Created != 0 {
		t.Errorf("authors %+v, want amara unchanged", *c)
	}
	if d := changed(before, w.dump()); len(d) > 0 {
		t.Errorf("a dry run changed %s", strings.Join(d, ", "))
	}
	if ev := w.seen.Take(); len(ev) > 0 {
		t.Errorf("a dry run announced %+v", ev)
	}
	if got := w.post(101).Title; got != "Flood barrier approved after six-hour meeting" {
		t.Errorf("the post became %q in a dry run", got)
	}
}

func TestProgressIsPlainLinesWhenNotOnATerminal(t *testing.T) {
	var b strings.Builder
	p := wordpress.NewProgressWriter(&b, false)
	for _, pr := range []wordpress.Progress{
		{Pass: 1, Items: 10, Bytes: 100, Total: 1000, Elapsed: 0},
		{Pass: 1, Items: 200, Bytes: 200, Total: 1000, Elapsed: 1 * time.Second},
		{Pass: 1, Items: 1000, Bytes: 500, Total: 1000, Elapsed: 5 * time.Second},
		{Pass: 1, Items: 1200, Bytes: 600, Total: 1000, Elapsed: 7 * time.Second},
		{Pass: 1, Items: 2000, Bytes: 1000, Total: 1000, Elapsed: 8 * time.Second, Finished: true},
		{Pass: 2, Items: 1, Bytes: 10, Total: 1000, Elapsed: 0},
		{Pass: 2, Items: 2000, Bytes: 1000, Total: 1000, Elapsed: 2 * time.Second, Finished: true},
	} {
		p.Show(pr)
	}
	p.Done()
	want := `progress: items 10 · 0/s · 10%
progress: items 1000 · 200/s · 50% · 5s left
progress: items 2000 · 250/s · 100%
progress: posts read again for their pictures, items 1 · 0/s · 1%
progress: posts read again for their pictures, items 2000 · 1000/s · 100%
`
	if b.String() != want {
		t.Errorf("progress:\n%s\nwant:\n%s", b.String(), want)
	}

	var term strings.Builder
	p = wordpress.NewProgressWriter(&term, true)
	p.Show(wordpress.Progress{Pass: 1, Items: 10, Elapsed: time.Second})
	p.Show(wordpress.Progress{Pass: 1, Items: 20, Elapsed: 2 * time.Second, Finished: true})
	p.Done()
	if got := term.String(); got != "\r\x1b[Kitems 10 · 10/s\r\x1b[Kitems 20 · 10/s\n" {
		t.Errorf("on a terminal: %q", got)
	}

	// With the file's size known, a terminal's line is a bar.
	term.Reset()
	p.Show(wordpress.Progress{Pass: 1, Items: 1000, Bytes: 500, Total: 1000, Elapsed: 5 * time.Second})
	p.Show(wordpress.Progress{Pass: 1, Items: 2000, Bytes: 1000, Total: 1000, Elapsed: 8 * time.Second, Finished: true})
	p.Done()
	if got, want := term.String(), "\r\x1b[K[############------------]  50% items 1000 · 200/s · 5s left"+
		"\r\x1b[K[########################] 100% items 2000 · 250/s\n"; got != want {
		t.Errorf("on a terminal:\n%q\nwant\n%q", got, want)
	}
}

func TestAnUpdatedPostIsSearchedByItsNewWords(t *testing.T) {
	w := newImportWorld(t)
	w.importFile("import-site.xml", wordpress.ImportOptions{})
	search := func(text string) []int64 {
		hits, err := w.st.Search(t.Context(), store.SearchQuery{Text: text})
		if err != nil {
			t.Fatal(err)
		}
		var ids []int64
		for _, h := range hits {
			ids = append(ids, h.Article.ID)
		}
		return ids
	}
	id := w.post(101).ID
	if got := search("council"); len(got) != 1 || got[0] != id {
		t.Fatalf("search for council = %v, want post 101 (%d)", got, id)
	}
	src := exportWith(post(101, "amara", "Flood barrier approved", "<p>The mayor signed the contract.</p>"))
	src = []byte(strings.Replace(string(src), "story-101", "flood-barrier-approved", -1))
	sum, err := w.importBytes(src, wordpress.ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if c := sum.Counts[wordpress.CountPosts]; c.Updated != 1 {
		t.Fatalf("posts %+v", *c)
	}
	if got := search("mayor contract"); len(got) != 1 || got[0] != id {
		t.Errorf("search for the new words = %v, want %d", got, id)
	}
	if got := search("council"); len(got) != 0 {
		t.Errorf("search for the old words = %v, want nothing", got)
	}
}
