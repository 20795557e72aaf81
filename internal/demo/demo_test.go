package demo

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"dateline/internal/content"
	"dateline/internal/store"
	"dateline/internal/store/teststore"
)

func TestSeedFillsAnEmptyStoreWithANewsroom(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	st := teststore.Open(t)
	now := time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC)
	media := filepath.Join(dir, "media")
	seeded, err := Seed(ctx, st, Options{MediaDir: media, Now: now, ImageWidth: 320})
	if err != nil || !seeded {
		t.Fatalf("Seed = %v, %v", seeded, err)
	}

	posts, err := st.PublishedArticles(ctx, store.ArticleQuery{Limit: store.MaxLimit})
	if err != nil {
		t.Fatal(err)
	}
	if len(posts) < 40 {
		t.Errorf("%d published stories, want at least 40", len(posts))
	}
	sections, authors, datelines := map[string]bool{}, map[string]bool{}, 0
	for _, card := range posts {
		a, err := st.ArticleByID(ctx, card.ID) // the list form has no dateline
		if err != nil {
			t.Fatal(err)
		}
		sections[a.Category.Slug] = true
		authors[a.Author.Slug] = true
		if a.Dateline != "" {
			datelines++
		}
		if age := now.Sub(a.PublishedAt); age < 0 || age > 30*24*time.Hour {
			t.Errorf("%q published %s before seeding, want within 30 days", a.Title, age)
		}
		if a.Image == nil {
			t.Errorf("%q has no picture", a.Title)
			continue
		}
		for _, name := range []string{a.Image.Name + a.Image.Ext} {
			if _, err := os.Stat(filepath.Join(media, name)); err != nil {
				t.Errorf("%q: picture file missing: %v", a.Title, err)
			}
		}
	}
	if len(sections) < 6 || len(authors) < 3 || datelines < len(posts)/2 {
		t.Errorf("%d sections, %d authors, %d datelines", len(sections), len(authors), datelines)
	}
	// Every author has a full author page: job title, biography, links
	// and a photo of their own, drawn for the demo, its file written.
	people, err := st.Authors(ctx)
	if err != nil || len(people) < 3 {
		t.Fatalf("authors = %d, %v", len(people), err)
	}
	for _, u := range people {
		if u.JobTitle == "" || u.Bio == "" || len(u.Links) == 0 || u.PhotoID == 0 {
			t.Errorf("%s: job title %q, %d links, photo %d, bio %q", u.Name, u.JobTitle, len(u.Links), u.PhotoID, u.Bio)
			continue
		}
		im, err := st.ImageByID(ctx, u.PhotoID)
		if err != nil || im.OwnerID != u.ID || im.Width != im.Height {
			t.Errorf("%s: photo %+v, %v; want a square picture of their own", u.Name, im, err)
			continue
		}
		if _, err := os.Stat(filepath.Join(media, im.Name+im.Ext)); err != nil {
			t.Errorf("%s: photo file missing: %v", u.Name, err)
		}
		for _, l := range u.Links {
			if !strings.HasSuffix(strings.SplitN(strings.TrimPrefix(l.URL, "https://"), "/", 2)[0], ".example") {
				t.Errorf("%s: link %q is not on a domain reserved for examples", u.Name, l.URL)
			}
		}
	}
	// One story credits three reporters and an agency, so that the demo
	// shows a byline of several names (issue 17).
	shared := 0
	for _, card := range posts {
		if b := card.Byline(); len(b) == 4 && b[0].Member() && b[1].Member() && b[2].Member() && b[3].Organization && !b[3].Member() {
			shared++
		}
	}
	if shared != 1 {
		t.Errorf("%d stories credit three reporters and an agency, want 1", shared)
	}
	must, _ := st.PublishedArticles(ctx, store.ArticleQuery{MustRead: true, Limit: 10})
	if len(must) < 4 {
		t.Errorf("%d must-read picks, want at least 4", len(must))
	}
	commented := 0
	for _, a := range posts {
		if a.CommentCount > 0 {
			commented++
		}
	}
	if commented == 0 {
		t.Error("no story has approved comments")
	}
	for _, slug := range []string{"about", "contact"} {
		p, err := st.ArticleBySlug(ctx, slug)
		if err != nil || p.Kind != content.KindPage || !p.IsPublic() {
			t.Errorf("page %s: %+v, %v", slug, p.Kind, err)
		}
	}
	set, _ := st.Settings(ctx)
	if set.TimeZone != "Asia/Bangkok" || set.WeatherLabel != "Thailand" || set.Latitude == 0 {
		t.Errorf("settings = %+v", set)
	}

	// Readers have been reading: every day of the last month has views,
	// and the most read list is led by stories that went out recently.
	days, err := st.ViewsPerDay(ctx, 0, now.AddDate(0, 0, -29).In(set.Zone()).Format(store.DayLayout), now.In(set.Zone()).Format(store.DayLayout))
	if err != nil {
		t.Fatal(err)
	}
	if len(days) < 25 {
		t.Errorf("views on %d of the last 30 days, want nearly all", len(days))
	}
	read, err := st.MostRead(ctx, now.AddDate(0, 0, -6).In(set.Zone()).Format(store.DayLayout), 5)
	if err != nil || len(read) != 5 || read[0].Views <= read[4].Views {
		t.Errorf("most read of the week = %+v, %v", read, err)
	}

	// A second run, as `serve --demo` on every start, changes nothing.
	again, err := Seed(ctx, st, Options{MediaDir: media, Now: now.Add(time.Hour), ImageWidth: 320})
	if err != nil || again {
		t.Fatalf("second Seed = %v, %v; want false, nil", again, err)
	}
	after, _ := st.PublishedArticles(ctx, store.ArticleQuery{Limit: store.MaxLimit})
	if len(after) != len(posts) {
		t.Errorf("second run changed the story count from %d to %d", len(posts), len(after))
	}
}

func TestDemoContentIsWellFormed(t *testing.T) {
	slugs := map[string]bool{}
	for _, s := range sections {
		slugs[s.Slug] = true
	}
	people := map[string]bool{}
	for _, p := range authors {
		people[p.Slug] = true
		if !content.ValidRole(content.Role(p.Role)) {
			t.Errorf("%s has role %q", p.Name, p.Role)
		}
	}
	titles := map[string]bool{}
	for _, s := range stories {
		if titles[s.Title] {
			t.Errorf("headline used twice: %q", s.Title)
		}
		titles[s.Title] = true
		if !slugs[s.Section] || !people[s.Author] {
			t.Errorf("%q: unknown section %q or author %q", s.Title, s.Section, s.Author)
		}
		if s.Dateline != strings.ToUpper(s.Dateline) {
			t.Errorf("%q: dateline %q is not in capitals", s.Title, s.Dateline)
		}
		if strings.Contains(strings.ToLower(s.Body), "lorem ipsum") {
			t.Errorf("%q: placeholder text", s.Title)
		}
		for k, r := range s.Comments {
			if r.ReplyTo >= k {
				t.Errorf("%q: comment %d answers a later one", s.Title, k)
			}
		}
	}
}

// Seeding says how far it has come (issue 16: a first start printed
// nothing for the seconds it took): every step once it is done, in order,
// and the pictures and stories one by one up to their total.
func TestSeedReportsItsProgress(t *testing.T) {
	var (
		mu    sync.Mutex
		steps []string
		last  = map[string][2]int{}
	)
	progress := func(step string, done, total int) {
		mu.Lock()
		defer mu.Unlock()
		if prev, seen := last[step]; !seen {
			steps = append(steps, step)
		} else if done != prev[0]+1 || total != prev[1] {
			t.Errorf("%s: %d of %d after %d of %d", step, done, total, prev[0], prev[1])
		}
		last[step] = [2]int{done, total}
	}
	st := teststore.Open(t)
	seeded, err := Seed(context.Background(), st, Options{MediaDir: t.TempDir(), Now: time.Now(), ImageWidth: 64, Progress: progress})
	if err != nil || !seeded {
		t.Fatalf("Seed = %v, %v", seeded, err)
	}
	if got := fmt.Sprint(steps); got != "[settings people sections pages portraits pictures stories page views]" {
		t.Errorf("steps reported: %s", got)
	}
	for step, n := range last {
		if n[0] != n[1] {
			t.Errorf("%s ended at %d of %d", step, n[0], n[1])
		}
	}
	if n := last["pictures"]; n[1] != len(stories) || last["stories"][1] != len(stories) {
		t.Errorf("pictures %v and stories %v, want %d of each", n, last["stories"], len(stories))
	}
}
