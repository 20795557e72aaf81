package demo

import (
	"context"
	"fmt"
	"image"
	"image/jpeg"
	"os"
	"path/filepath"
	"time"

	"dateline/internal/content"
	"dateline/internal/members"
	"dateline/internal/render"
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
}

// imageVariants are the scaled copies made for srcset.
var imageVariants = []int{480, 960}

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
	steps := []func(context.Context) error{s.settings, s.people, s.sections, s.pages, s.stories, s.readership}
	for _, step := range steps {
		if err := step(ctx); err != nil {
			return false, fmt.Errorf("seed demo: %w", err)
		}
	}
	return true, nil
}

type seeder struct {
	st    store.Store
	opt   Options
	users map[string]content.User
	cats  map[string]content.Category
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
	return s.st.SaveSettings(ctx, set)
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

func (s *seeder) pages(ctx context.Context) error {
	editor := s.users[authors[0].Slug]
	when := s.opt.Now.Add(-30 * 24 * time.Hour).UTC().Truncate(time.Minute)
	for _, p := range pages {
		a := content.Article{
			Kind: content.KindPage, Title: p.Title, Slug: p.Slug, Source: p.Body,
			Format: content.FormatMarkdown, Status: content.StatusPublished,
			PublishedAt: when, UpdatedAt: when, CreatedAt: when, Author: editor,
		}
		if err := s.save(ctx, &a); err != nil {
			return err
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
		a := content.Article{
			Kind: content.KindPost, Title: st.Title, Excerpt: st.Excerpt, Source: st.Body,
			Format: content.FormatMarkdown, Dateline: st.Dateline, Status: content.StatusPublished,
			PublishedAt: published, CreatedAt: published.Add(-2 * time.Hour), UpdatedAt: published,
			Author: author, Category: cat, MustRead: st.MustRead, CommentsOpen: true,
		}
		if i%6 == 2 {
			// Some stories were updated as news developed.
			a.UpdatedAt = published.Add(time.Duration(45+i) * time.Minute)
		}
		for _, name := range st.Tags {
			a.Tags = append(a.Tags, content.Tag{Name: name})
		}
		img, err := s.picture(ctx, i, st)
		if err != nil {
			return err
		}
		a.Image = img
		if err := s.save(ctx, &a); err != nil {
			return err
		}
		s.published = append(s.published, a)
		if err := s.comments(ctx, a, st.Comments); err != nil {
			return err
		}
	}
	return nil
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

func (s *seeder) save(ctx context.Context, a *content.Article) error {
	if err := a.Validate(); err != nil {
		return fmt.Errorf("story %q: %w", a.Title, err)
	}
	if err := render.Prepare(a); err != nil {
		return err
	}
	return s.st.CreateArticle(ctx, a)
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

// picture draws the story's illustration, writes it and its scaled copies as
// JPEG files, and records it in the store.
func (s *seeder) picture(ctx context.Context, i int, st story) (*content.Image, error) {
	w := s.opt.ImageWidth
	h := w * 9 / 16
	name := fmt.Sprintf("demo/%02d-%s", i+1, st.Scene)
	full := Draw(st.Scene, uint64(i+1)*7919, w, h)
	if err := writeJPEG(filepath.Join(s.opt.MediaDir, name+".jpg"), full); err != nil {
		return nil, err
	}
	im := &content.Image{Name: name, Ext: ".jpg", Width: w, Height: h, Alt: st.Alt, Caption: st.Caption, Credit: st.Credit}
	for _, vw := range imageVariants {
		if vw >= w {
			continue
		}
		if err := writeJPEG(filepath.Join(s.opt.MediaDir, fmt.Sprintf("%s-%d.jpg", name, vw)), Scale(full, vw)); err != nil {
			return nil, err
		}
		im.Variants = append(im.Variants, vw)
	}
	if err := s.st.CreateImage(ctx, im); err != nil {
		return nil, err
	}
	return im, nil
}

func writeJPEG(path string, img image.Image) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := jpeg.Encode(f, img, &jpeg.Options{Quality: 80}); err != nil {
		f.Close()
		return fmt.Errorf("encode %s: %w", path, err)
	}
	return f.Close()
}
