package demo

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"image/jpeg"
	"runtime"
	"sync"
	"time"

	"dateline/internal/articles"
	"dateline/internal/content"
	"dateline/internal/media"
	"dateline/internal/members"
	"dateline/internal/settings"
	"dateline/internal/store"
	"dateline/internal/taxonomy"
)

// Options tune a seeding run.
type Options struct {
	MediaDir string    // where generated pictures are written
	Now      time.Time // publication times are spread over the 30 days before it
	// ImageWidth is the width of the full-size pictures; 1600 when zero.
	// Tests use a small width to stay quick.
	ImageWidth int
	// Progress, when set, is told how far seeding has come: after each of
	// the steps that take a while (step "pictures" and "stories", with
	// done of total so far), and once when each other step is done (done
	// = total = 1). It may be called from several goroutines at once.
	Progress func(step string, done, total int)
}

// Seed fills an empty store with the demo newsroom. A store that already
// holds users or articles is left exactly as it is, and Seed reports false.
func Seed(ctx context.Context, st store.Store, opt Options) (bool, error) {
	empty, err := st.Empty(ctx)
	if err != nil || !empty {
		return false, err
	}
	if opt.ImageWidth <= 0 {
		opt.ImageWidth = 1600
	}
	if opt.Now.IsZero() {
		opt.Now = time.Now()
	}
	s := seeder{st: st, opt: opt, users: map[string]content.User{}, cats: map[string]content.Category{}}
	// The demo writes through the same services as the newsroom, on a
	// clock it sets to each story's time, so the stories carry their own
	// dates as if written then.
	s.desk = articles.New(articles.Config{Store: st, Now: func() time.Time { return s.at }})
	// The pictures came in at the start of the month, on every core.
	month := opt.Now.Add(-30 * 24 * time.Hour)
	s.library = media.New(media.Config{Store: st, Storage: media.Dir(opt.MediaDir), Parallel: runtime.NumCPU(),
		Now: func() time.Time { return month }})
	if s.opt.Progress == nil {
		s.opt.Progress = func(string, int, int) {}
	}
	steps := []struct {
		name string
		run  func(context.Context) error
		own  bool // reports its own progress
	}{
		{"settings", s.settings, false}, {"people", s.people, false}, {"sections", s.sections, false},
		{"pages", s.pages, false}, {"portraits", s.portraits, false}, {"pictures", s.pictures, true}, {"stories", s.stories, true},
		{"page views", s.readership, false},
	}
	for _, step := range steps {
		if err := step.run(ctx); err != nil {
			return false, fmt.Errorf("seed demo: %w", err)
		}
		if !step.own {
			s.opt.Progress(step.name, 1, 1)
		}
	}
	return true, nil
}

type seeder struct {
	st      store.Store
	opt     Options
	desk    *articles.Service
	library *media.Service
	// at is the time the workflow is told it is.
	at time.Time
	// images are the stories' pictures, in the order of the stories.
	images []content.Image
	users  map[string]content.User
	cats   map[string]content.Category
	// published are the stories as stored, for their page views.
	published []content.Article
}

func (s *seeder) settings(ctx context.Context) error {
	set := content.DefaultSettings()
	set.SiteName = "The Siam Dateline"
	set.Tagline = "Independent news from Thailand and the region"
	set.About = "The Siam Dateline is an independent English-language newsroom in Bangkok covering Thailand, Southeast Asia and the world. This is a demo site: every story, person and quote in it is invented."
	set.TimeZone = "Asia/Bangkok"
	set.WeatherLabel = "Thailand"
	set.Latitude, set.Longitude = 13.7563, 100.5018
	return settings.New(settings.Config{Store: s.st}).Save(ctx, members.Operator, set)
}

// people adds the staff through the members service, as the operator
// (members.Operator), without passwords: nobody signs in as them until an
// administrator sends them a reset link. The demo seeds before anything
// subscribes to a change feed, so the services announce nothing.
func (s *seeder) people(ctx context.Context) error {
	staff := members.New(members.Config{Store: s.st})
	for _, p := range authors {
		u, err := staff.Create(ctx, members.Operator, members.NewMember{Name: p.Name, Email: p.Email,
			Role: content.Role(p.Role), Bio: p.Bio, NoPassword: true})
		if err != nil {
			return fmt.Errorf("add %s: %w", p.Name, err)
		}
		if u.Slug != p.Slug {
			return fmt.Errorf("add %s: the address is %q, the stories say %q", p.Name, u.Slug, p.Slug)
		}
		s.users[p.Slug] = u
	}
	return nil
}

// portraits gives each member of the staff their author page: a job
// title, links and a photo drawn for them (Portrait), uploaded as their
// own before the stories' pictures, which stay the newest of the library.
func (s *seeder) portraits(ctx context.Context) error {
	staff := members.New(members.Config{Store: s.st})
	size := min(s.opt.ImageWidth, 800)
	for i, p := range authors {
		var jpg bytes.Buffer
		if err := jpeg.Encode(&jpg, Portrait(uint64(i+1)*104729, size), &jpeg.Options{Quality: 90}); err != nil {
			return fmt.Errorf("draw %s: %w", p.Name, err)
		}
		u := s.users[p.Slug]
		im, err := s.library.Save(ctx, media.Upload{Filename: p.Slug + ".jpg", Owner: u.ID,
			Alt: "Portrait of " + p.Name + " (an illustration)", Credit: "Illustration: Dateline"}, &jpg)
		if err != nil {
			return fmt.Errorf("photo of %s: %w", p.Name, err)
		}
		d := members.DetailsOf(u)
		d.JobTitle, d.PhotoID, d.Links = p.JobTitle, im.ID, p.Links
		if s.users[p.Slug], err = staff.Update(ctx, members.Operator, u.ID, d); err != nil {
			return fmt.Errorf("profile of %s: %w", p.Name, err)
		}
	}
	return nil
}

// sections adds the sections through the taxonomy service, in
// navigation order, as the operator.
func (s *seeder) sections(ctx context.Context) error {
	desk := taxonomy.New(taxonomy.Config{Store: s.st})
	for _, sec := range sections {
		c, err := desk.CreateSection(ctx, members.Operator, taxonomy.Section{Name: sec.Name, Slug: sec.Slug, Description: sec.Description})
		if err != nil {
			return fmt.Errorf("add section %s: %w", sec.Name, err)
		}
		s.cats[sec.Slug] = c
	}
	return nil
}

// editor is who files the demo's stories: its editor-in-chief, who may
// put any member's byline on them.
func (s *seeder) editor() content.User { return s.users[authors[0].Slug] }

func (s *seeder) pages(ctx context.Context) error {
	s.at = s.opt.Now.Add(-30 * 24 * time.Hour).UTC().Truncate(time.Minute)
	for _, p := range pages {
		d := articles.Draft{Kind: content.KindPage, Title: p.Title, Slug: p.Slug, Source: p.Body}
		if _, err := s.desk.Apply(ctx, s.editor(), 0, articles.Change{Draft: &d, Step: articles.StepPublish}); err != nil {
			return fmt.Errorf("page %q: %w", p.Title, err)
		}
	}
	return nil
}

func (s *seeder) stories(ctx context.Context) error {
	for i, st := range stories {
		author, ok := s.users[st.Author]
		if !ok {
			return fmt.Errorf("story %q: unknown author %q", st.Title, st.Author)
		}
		cat, ok := s.cats[st.Section]
		if !ok {
			return fmt.Errorf("story %q: unknown section %q", st.Title, st.Section)
		}
		published := s.opt.Now.Add(-time.Duration(st.HoursAgo) * time.Hour).UTC().Truncate(time.Minute)
		img := s.images[i]
		d := articles.Draft{Title: st.Title, Excerpt: st.Excerpt, Source: st.Body, Dateline: st.Dateline,
			CategoryID: cat.ID, Tags: st.Tags, ImageID: img.ID, MustRead: st.MustRead, CommentsOpen: true,
			AuthorID: author.ID}
		byline, err := s.byline(st, author)
		if err != nil {
			return err
		}
		d.Authors = byline
		s.at = published
		a, err := s.desk.Apply(ctx, s.editor(), 0, articles.Change{Draft: &d, Step: articles.StepPublish})
		if err != nil {
			return fmt.Errorf("story %q: %w", st.Title, err)
		}
		if i%6 == 2 {
			// Some stories were updated as news developed.
			s.at = published.Add(time.Duration(45+i) * time.Minute)
			d.Note = "Updated as the story developed"
			if a, err = s.desk.Save(ctx, s.editor(), a.ID, d, a.Version); err != nil {
				return fmt.Errorf("update story %q: %w", st.Title, err)
			}
		}
		s.published = append(s.published, a.Article)
		if err := s.comments(ctx, a.Article, st.Comments); err != nil {
			return err
		}
		s.opt.Progress("stories", i+1, len(stories))
	}
	return nil
}

// byline is a story's byline when it names more than its author: the
// author, the members With, then the Agency; nil for the author alone.
func (s *seeder) byline(st story, author content.User) ([]content.Author, error) {
	if len(st.With) == 0 && st.Agency == "" {
		return nil, nil
	}
	list := []content.Author{{ID: author.ID}}
	for _, slug := range st.With {
		u, ok := s.users[slug]
		if !ok {
			return nil, fmt.Errorf("story %q: unknown author %q", st.Title, slug)
		}
		list = append(list, content.Author{ID: u.ID})
	}
	if st.Agency != "" {
		list = append(list, content.Author{Name: st.Agency, Organization: true})
	}
	return list, nil
}

// readership gives the stories page views from the day each went out to
// today, so that the dashboard's chart and the "Most read" lists have
// something to show: a story is read most on its first day and less
// each day after, must-read picks and every seventh story more than the
// rest. The figures are made up, and the same on every run.
func (s *seeder) readership(ctx context.Context) error {
	zone := time.UTC
	if set, err := s.st.Settings(ctx); err == nil {
		zone = set.Zone()
	}
	today := s.opt.Now.In(zone)
	perDay := map[string]map[int64]int{}
	for i, a := range s.published {
		pull := 40 + (i*53)%160
		if a.MustRead {
			pull *= 3
		}
		if i%7 == 3 {
			pull *= 2
		}
		first := a.PublishedAt.In(zone)
		for d := 0; ; d++ {
			day := first.AddDate(0, 0, d)
			if day.After(today) {
				break
			}
			key := day.Format(store.DayLayout)
			if perDay[key] == nil {
				perDay[key] = map[int64]int{}
			}
			perDay[key][a.ID] = pull*4/(d+1) + (i+d)%9
		}
	}
	for day, counts := range perDay {
		if err := s.st.AddViews(ctx, counts, day); err != nil {
			return err
		}
	}
	return nil
}

func (s *seeder) comments(ctx context.Context, a content.Article, replies []reply) error {
	ids := make([]int64, len(replies))
	for k, r := range replies {
		c := content.Comment{
			ArticleID: a.ID, AuthorName: r.Name, AuthorEmail: r.Email, Body: r.Text,
			Status:    content.CommentApproved,
			CreatedAt: a.PublishedAt.Add(time.Duration(k+1) * 37 * time.Minute),
		}
		if r.ReplyTo >= 0 && r.ReplyTo < k {
			c.ParentID = ids[r.ReplyTo]
		}
		if c.CreatedAt.After(s.opt.Now) {
			c.CreatedAt = s.opt.Now.Add(-time.Duration(len(replies)-k) * time.Minute)
		}
		if err := s.st.CreateComment(ctx, &c); err != nil {
			return err
		}
		ids[k] = c.ID
	}
	return nil
}

// pictures draws every story's illustration and puts it in the media
// library, which makes its resized copies as it does for any upload;
// several at once, as the library allows.
func (s *seeder) pictures(ctx context.Context) error {
	s.images = make([]content.Image, len(stories))
	errs := make([]error, len(stories))
	turns := make(chan struct{}, runtime.NumCPU())
	var (
		wg   sync.WaitGroup
		mu   sync.Mutex // orders the progress reports
		done int
	)
	for i, st := range stories {
		wg.Go(func() {
			turns <- struct{}{}
			defer func() { <-turns }()
			s.images[i], errs[i] = s.picture(ctx, i, st)
			mu.Lock()
			done++
			s.opt.Progress("pictures", done, len(stories))
			mu.Unlock()
		})
	}
	wg.Wait()
	return errors.Join(errs...)
}

// picture draws one story's illustration and puts it in the library.
func (s *seeder) picture(ctx context.Context, i int, st story) (content.Image, error) {
	w := s.opt.ImageWidth
	full := Draw(st.Scene, uint64(i+1)*7919, w, w*9/16)
	var jpg bytes.Buffer
	if err := jpeg.Encode(&jpg, full, &jpeg.Options{Quality: 90}); err != nil {
		return content.Image{}, fmt.Errorf("draw %s: %w", st.Scene, err)
	}
	im, err := s.library.Save(ctx, media.Upload{Filename: st.Scene + ".jpg", Alt: st.Alt, Caption: st.Caption, Credit: st.Credit}, &jpg)
	if err != nil {
		return content.Image{}, fmt.Errorf("picture of %q: %w", st.Title, err)
	}
	return im, nil
}
