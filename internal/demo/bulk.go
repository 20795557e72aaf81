package demo

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"image/jpeg"
	"math/rand/v2"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"dateline/internal/articles"
	"dateline/internal/comments"
	"dateline/internal/content"
	"dateline/internal/media"
	"dateline/internal/members"
	"dateline/internal/readership"
	"dateline/internal/settings"
	"dateline/internal/store"
	"dateline/internal/taxonomy"
)

// BulkDeskEmail is the email of the administrator who files every bulk
// story, for `dateline token create --user`.
const BulkDeskEmail = "desk@bench.example"

// BulkSlug is the slug of the i-th bulk story (0 is the oldest).
func BulkSlug(i int) string { return fmt.Sprintf("bench-story-%d", i) }

// BulkOptions tune [Bulk]. The zero value, with MediaDir, files 10,000
// stories.
type BulkOptions struct {
	// Articles is how many stories to file: 10,000 when zero.
	Articles int
	// MediaDir is where the pictures are written.
	MediaDir string
	// Now is when the newest story went out; the others went out one
	// every Interval before it. time.Now when zero.
	Now time.Time
	// Interval between two stories: 25 minutes when zero (10,000 stories
	// cover about 6 months, 100,000 about 5 years).
	Interval time.Duration
	// Pictures is how many pictures the stories share (every third story
	// has one): 30 when zero. ImageWidth is their width, 800 when zero.
	Pictures   int
	ImageWidth int
	// Every CommentsEvery-th story gets CommentsPer readers' comments:
	// 10 and 5 when zero; a negative CommentsPer files none.
	CommentsEvery, CommentsPer int
	// Policy, when set, is saved as the site's comment policy (the
	// seeding itself approves its comments whatever the policy says).
	Policy *comments.Policy
	// Workers is how many stories are filed at once: GOMAXPROCS when
	// zero. With 1 the stories also get the same ids on every run.
	Workers int
	// Progress, when set, is told how many stories are filed, every few
	// hundred.
	Progress func(done, total int)
}

// BulkResult is what [Bulk] filed, and how long each part took.
type BulkResult struct {
	Articles, Comments, Pictures int
	// Desk is the administrator who filed the stories.
	Desk content.User
	// Steps are the parts in order with the time each took.
	Steps []BulkStep
}

// BulkStep is one part of a bulk seeding and the time it took.
type BulkStep struct {
	Name string
	Took time.Duration
}

// Bulk fills an empty store with a large archive for load tests and
// benchmarks: Articles published stories ("Bench story N about rice and the
// baht", slug [BulkSlug]) with eight-paragraph bodies drawn from a
// 20,000-word vocabulary that follows Zipf's law (function words in every
// story, news words such as "flood" or "minister" in a few percent, most
// words rare), three tags each from a pool of 2,000 ("Topic N"), eight
// sections, forty authors ("Writer Number N") and an administrator who
// files them ([BulkDeskEmail]), shared pictures on every third story,
// a must-read pick in every 97, readers' comments, and page views for
// the last week. Everything goes through the services the newsroom uses
// (settings, members, taxonomy, media, articles, comments, the view
// counter), on clocks set to each story's time, so the archive is what
// years of newsroom work would have left. The same options give the same
// archive: the same stories, texts, dates, tags and comments (and, with
// one worker, the same ids).
//
// A store that already holds users or articles is refused and left
// unchanged.
func Bulk(ctx context.Context, st store.Store, opt BulkOptions) (BulkResult, error) {
	empty, err := st.Empty(ctx)
	if err != nil {
		return BulkResult{}, err
	}
	if !empty {
		return BulkResult{}, errors.New("bulk seed: the store already holds users or articles")
	}
	b := bulk{st: st, opt: opt.withDefaults()}
	b.words = bulkVocabulary()
	steps := []struct {
		name string
		run  func(context.Context) error
	}{
		{"settings, members and sections", b.newsroom},
		{"pictures", b.pictures},
		{"articles", b.articles},
		{"comments", b.comments},
		{"page views", b.views},
	}
	for _, s := range steps {
		start := time.Now()
		if err := s.run(ctx); err != nil {
			return b.res, fmt.Errorf("bulk seed: %s: %w", s.name, err)
		}
		b.res.Steps = append(b.res.Steps, BulkStep{Name: s.name, Took: time.Since(start)})
	}
	return b.res, nil
}

func (o BulkOptions) withDefaults() BulkOptions {
	def := func(v *int, d int) {
		if *v == 0 {
			*v = d
		}
	}
	def(&o.Articles, 10_000)
	def(&o.Pictures, 30)
	def(&o.ImageWidth, 800)
	def(&o.CommentsEvery, 10)
	def(&o.CommentsPer, 5)
	def(&o.Workers, runtime.GOMAXPROCS(0))
	if o.Interval <= 0 {
		o.Interval = 25 * time.Minute
	}
	if o.Now.IsZero() {
		o.Now = time.Now()
	}
	o.Now = o.Now.UTC().Truncate(time.Minute)
	return o
}

type bulk struct {
	st    store.Store
	opt   BulkOptions
	words []string
	res   BulkResult

	desk    content.User
	authors []content.User
	cats    []content.Category
	images  []content.Image
	ids     []int64 // of the stories, by number
}

var bulkSections = []string{"Thailand", "Asia", "World", "Business", "Technology", "Environment", "Sport", "Culture"}

var bulkDatelines = []string{"BANGKOK", "CHIANG MAI", "PHUKET", "KHON KAEN", "HAT YAI", "VIENTIANE", "PHNOM PENH", "YANGON", "KUALA LUMPUR", "SINGAPORE"}

// published is when story i went out.
func (b *bulk) published(i int) time.Time {
	return b.opt.Now.Add(-time.Duration(b.opt.Articles-1-i) * b.opt.Interval)
}

// newsroom saves the settings and adds the members and the sections.
func (b *bulk) newsroom(ctx context.Context) error {
	set := content.DefaultSettings()
	set.SiteName, set.Tagline, set.TimeZone = "Bench Dateline", "A large archive for load tests", "Asia/Bangkok"
	site := settings.New(settings.Config{Store: b.st})
	if err := site.Save(ctx, members.Operator, set); err != nil {
		return err
	}
	if b.opt.Policy != nil {
		if err := site.SavePolicy(ctx, members.Operator, *b.opt.Policy); err != nil {
			return err
		}
	}
	staff := members.New(members.Config{Store: b.st})
	var err error
	b.desk, err = staff.Create(ctx, members.Operator, members.NewMember{Name: "Desk Editor", Email: BulkDeskEmail,
		Role: content.RoleAdmin, NoPassword: true})
	if err != nil {
		return err
	}
	b.res.Desk = b.desk
	for i := range 40 {
		u, err := staff.Create(ctx, members.Operator, members.NewMember{Name: fmt.Sprintf("Writer Number %d", i),
			Email: fmt.Sprintf("writer%d@bench.example", i), Role: content.RoleAuthor, NoPassword: true,
			Bio: "Reports for the bench desk."})
		if err != nil {
			return err
		}
		b.authors = append(b.authors, u)
	}
	desk := taxonomy.New(taxonomy.Config{Store: b.st})
	for _, name := range bulkSections {
		c, err := desk.CreateSection(ctx, members.Operator, taxonomy.Section{Name: name,
			Description: "News from the " + strings.ToLower(name) + " desk."})
		if err != nil {
			return err
		}
		b.cats = append(b.cats, c)
	}
	return nil
}

// pictures draws the shared pictures and puts them in the media library,
// which makes their resized copies, on every core.
func (b *bulk) pictures(ctx context.Context) error {
	library := media.New(media.Config{Store: b.st, Storage: media.Dir(b.opt.MediaDir), Parallel: runtime.NumCPU(),
		Now: func() time.Time { return b.published(0) }})
	b.images = make([]content.Image, b.opt.Pictures)
	errs := make([]error, b.opt.Pictures)
	b.parallel(b.opt.Pictures, runtime.NumCPU(), func(i int) {
		scene := Scenes[i%len(Scenes)]
		w := b.opt.ImageWidth
		var jpg bytes.Buffer
		if errs[i] = jpeg.Encode(&jpg, Draw(scene, uint64(i+1)*7919, w, w*9/16), &jpeg.Options{Quality: 85}); errs[i] != nil {
			return
		}
		b.images[i], errs[i] = library.Save(ctx, media.Upload{Filename: fmt.Sprintf("bench-%s-%d.jpg", scene, i),
			Alt: subjects[scene].Alt, Caption: fmt.Sprintf("Picture %d of the bench archive.", i), Credit: "Bench Dateline"}, &jpg)
	})
	b.res.Pictures = b.opt.Pictures
	return errors.Join(errs...)
}

// articles files the stories, each published through the workflow at its
// own time by the desk with its author's byline.
func (b *bulk) articles(ctx context.Context) error {
	n := b.opt.Articles
	b.ids = make([]int64, n)
	errs := make([]error, b.opt.Workers)
	var done atomic.Int64
	var next atomic.Int64
	var wg sync.WaitGroup
	for w := range b.opt.Workers {
		wg.Go(func() {
			// Each worker has its own service, on its own clock.
			var at time.Time
			newsroom := articles.New(articles.Config{Store: b.st, Now: func() time.Time { return at }})
			for {
				i := int(next.Add(1) - 1)
				if i >= n || ctx.Err() != nil {
					return
				}
				at = b.published(i)
				d := b.draft(i)
				a, err := newsroom.Apply(ctx, b.desk, 0, articles.Change{Draft: &d, Step: articles.StepPublish})
				if err != nil {
					errs[w] = fmt.Errorf("story %d: %w", i, err)
					next.Store(int64(n)) // the others stop too
					return
				}
				b.ids[i] = a.ID
				if k := done.Add(1); b.opt.Progress != nil && (k%500 == 0 || int(k) == n) {
					b.opt.Progress(int(k), n)
				}
			}
		})
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	b.res.Articles = n
	return nil
}

// draft is story i as its writer filed it.
func (b *bulk) draft(i int) articles.Draft {
	rng := rand.New(rand.NewPCG(7, uint64(i)))
	zipf := rand.NewZipf(rng, 1.07, 2, uint64(len(b.words)-1))
	paragraph := func() string {
		parts := make([]string, 40+rng.IntN(40))
		for k := range parts {
			parts[k] = b.words[zipf.Uint64()]
		}
		s := strings.Join(parts, " ")
		return strings.ToUpper(s[:1]) + s[1:] + "."
	}
	paras := make([]string, 8)
	for p := range paras {
		paras[p] = paragraph()
	}
	d := articles.Draft{
		Title: fmt.Sprintf("Bench story %d about rice and the baht", i), Slug: BulkSlug(i),
		Excerpt: paragraph(), Source: strings.Join(paras, "\n\n"), Dateline: bulkDatelines[i%len(bulkDatelines)],
		CategoryID: b.cats[i%len(b.cats)].ID, AuthorID: b.authors[i%len(b.authors)].ID,
		MustRead: i%97 == 0, CommentsOpen: true,
	}
	if i%3 == 0 && len(b.images) > 0 {
		d.ImageID = b.images[i%len(b.images)].ID
	}
	seen := map[int]bool{}
	for len(d.Tags) < 3 {
		if t := rng.IntN(2000); !seen[t] {
			seen[t] = true
			d.Tags = append(d.Tags, fmt.Sprintf("Topic %d", t))
		}
	}
	return d
}

// comments posts readers' comments through the public form's rules, each
// an hour after the one before, the third answering the first.
func (b *bulk) comments(ctx context.Context) error {
	if b.opt.CommentsPer < 0 {
		return nil
	}
	secret, err := b.st.Secret(ctx, "comments")
	if err != nil {
		return err
	}
	// The seeding approves what it files whatever the site's policy, like
	// an import of comments that were approved elsewhere, and is not held
	// to a reader's pace.
	policy := comments.DefaultPolicy()
	policy.Mode, policy.MinSeconds = comments.ApproveAll, 0
	var stories []int
	for i := 0; i < b.opt.Articles; i += b.opt.CommentsEvery {
		stories = append(stories, i)
	}
	errs := make([]error, len(stories))
	var posted atomic.Int64
	b.parallelWith(len(stories), b.opt.Workers, func() func(k int) {
		var at time.Time
		desk, err := comments.New(b.st, comments.Config{Secret: secret, Now: func() time.Time { return at },
			Policy:    func(context.Context) (comments.Policy, error) { return policy, nil },
			Unlimited: true})
		return func(k int) {
			if err != nil {
				errs[k] = err
				return
			}
			i := stories[k]
			var ids []int64
			for c := range b.opt.CommentsPer {
				reader := (i*7 + c) % 300
				f := comments.Form{ArticleID: fmt.Sprint(b.ids[i]), Author: fmt.Sprintf("Reader %d", reader),
					Email:   fmt.Sprintf("reader%d@example.com", reader),
					Comment: fmt.Sprintf("A thoughtful comment about story %d, the %s word on it from reader %d.", i, ordinal(c+1), reader)}
				if c == 2 && len(ids) > 0 {
					f.Parent = fmt.Sprint(ids[0])
				}
				at = b.published(i).Add(time.Duration(c+1) * time.Hour)
				if limit := b.opt.Now.Add(-time.Duration(b.opt.CommentsPer-c) * time.Minute); at.After(limit) {
					at = limit // the newest stories' comments came in before now
				}
				p, err := desk.Submit(ctx, f, comments.ClientInfo{Addr: fmt.Sprintf("192.0.2.%d", reader%250+1), UserAgent: "Mozilla/5.0 (bench)"})
				if err != nil {
					errs[k] = fmt.Errorf("comment on story %d: %w", i, err)
					return
				}
				ids = append(ids, p.Comment.ID)
				posted.Add(1)
			}
		}
	})
	b.res.Comments = int(posted.Load())
	return errors.Join(errs...)
}

func ordinal(n int) string {
	if n >= 1 && n <= 5 {
		return []string{"first", "second", "third", "fourth", "fifth"}[n-1]
	}
	return fmt.Sprintf("%dth", n)
}

// views counts page views for the stories of the last week, as the
// server's view counter would have: a story is read most on its first day
// and less each day after, must-read picks more.
func (b *bulk) views(ctx context.Context) error {
	set, err := b.st.Settings(ctx)
	if err != nil {
		return err
	}
	var at time.Time
	counter := readership.NewViewCounter(readership.ViewCounterConfig{Store: b.st, Zone: set.Zone(), Now: func() time.Time { return at }})
	week := b.opt.Now.Add(-7 * 24 * time.Hour)
	for i := b.opt.Articles - 1; i >= 0 && b.published(i).After(week); i-- {
		pull := 20 + (i*53)%80
		if i%97 == 0 {
			pull *= 3
		}
		for day := 0; ; day++ {
			at = b.published(i).Add(time.Duration(day) * 24 * time.Hour)
			if at.After(b.opt.Now) {
				break
			}
			for range pull / (day + 1) {
				counter.Count(b.ids[i], "Mozilla/5.0 (bench)")
			}
		}
	}
	return counter.Flush(ctx)
}

// parallel runs fn(0) … fn(n-1) on workers goroutines.
func (b *bulk) parallel(n, workers int, fn func(i int)) {
	b.parallelWith(n, workers, func() func(int) { return fn })
}

// parallelWith runs n jobs on workers goroutines, each with the function
// its own call of each makes (for state of its own, such as a clock).
func (b *bulk) parallelWith(n, workers int, each func() func(int)) {
	var next atomic.Int64
	var wg sync.WaitGroup
	for range max(1, min(workers, n)) {
		wg.Go(func() {
			fn := each()
			for {
				i := int(next.Add(1) - 1)
				if i >= n {
					return
				}
				fn(i)
			}
		})
	}
	wg.Wait()
}

// bulkVocabulary is 20,000 words ranked for Zipf's law: function words
// first, news words at ranks 100 to 2,300 (each in a few percent of the
// stories), made-up words after.
func bulkVocabulary() []string {
	rng := rand.New(rand.NewPCG(1, 2))
	function := strings.Fields("the of and to in a is that for on was with as by at from it be has have are said were this but his an")
	news := strings.Fields("government rice exports rose sharply half year buyers asia africa returned thai suppliers poor harvest " +
		"officials warned strong baht higher shipping costs slow pace sales later season figures commerce ministry farmers central plains " +
		"police minister election flood tourism market bank court protest school hospital")
	syllables := strings.Fields("ka ri to ma su ne pho lan chai rat wong sak kul thi pra na bo de vi lo mi sa te ru")
	words := append([]string{}, function...)
	for len(words) < 20000 {
		if k := len(words) - 100; k >= 0 && k%50 == 0 && k/50 < len(news) {
			words = append(words, news[k/50])
			continue
		}
		w := syllables[rng.IntN(len(syllables))] + syllables[rng.IntN(len(syllables))] + syllables[rng.IntN(len(syllables))]
		if rng.IntN(2) == 0 {
			w += syllables[rng.IntN(len(syllables))]
		}
		words = append(words, w)
	}
	return words
}
