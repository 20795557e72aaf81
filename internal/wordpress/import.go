package wordpress

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/url"
	"strings"
	"sync"
	"time"

	"dateline/internal/articles"
	"dateline/internal/comments"
	"dateline/internal/content"
	"dateline/internal/media"
	"dateline/internal/members"
	"dateline/internal/store"
	"dateline/internal/taxonomy"
)

// Store is what an import reads directly: the legacy links of what it
// imported before, and the members, pictures and settings it builds on;
// and the transaction in which a batch's service calls are one write.
// Every write goes through the services; every store.Store has these.
type Store interface {
	store.Legacy
	store.Transactions
	Settings(ctx context.Context) (content.Settings, error)
	UserByEmail(ctx context.Context, email string) (content.User, error)
	UserByID(ctx context.Context, id int64) (content.User, error)
	ImageByID(ctx context.Context, id int64) (content.Image, error)
}

// Services are the domain services an import writes through.
type Services struct {
	Store    Store
	Articles *articles.Service
	Comments *comments.Service
	Taxonomy *taxonomy.Service
	Members  *members.Service
	// Media receives the pictures fetched with ImportOptions.FetchMedia; it may
	// be nil without it.
	Media *media.Service
}

// ImportOptions tune an import. The zero value imports everything, with the
// pictures left at their WordPress addresses.
type ImportOptions struct {
	// DryRun reads the whole export and says what would change, writing
	// nothing.
	DryRun bool
	// Role is the role of the members made for the export's authors;
	// contributor when empty. They get no password: they choose one with
	// a password reset.
	Role content.Role
	// FallbackAuthor is the member given the posts whose author is not in
	// the export: an email address, or "Name <email>". A member with that
	// email is used as they are; otherwise one is made. Empty means
	// "WordPress import <wordpress-import@SITE-HOST>".
	FallbackAuthor string
	// SkipPings leaves pingbacks and trackbacks out; otherwise they are
	// imported as comments and counted apart.
	SkipPings bool
	// FetchMedia downloads the attachments (featured images and pictures
	// in bodies) into the media library and points the bodies at the
	// copies; see FetchOptions.
	FetchMedia bool
	Fetch      FetchOptions
	// Location is the zone of the export's local dates (WordPress's
	// Settings → General → Timezone); nil means the site's zone.
	Location *time.Location
	// BatchSize is the posts and pages written in one transaction, with
	// their comments; 200 when zero, at most store.MaxImportBatch.
	BatchSize int
	// Progress, when set, is told how far the import has come after every
	// batch and at the end of each pass.
	Progress func(Progress)
	// Now is the clock of the summary's times; time.Now when nil.
	Now func() time.Time
}

// Importer brings one WordPress export into dateline.
type Importer struct {
	svc  Services
	opt  ImportOptions
	sum  *Summary
	site Site
	// source is the legacy links' name for the imported site.
	source string
	host   string

	authors  map[string]author // by login
	byWPUser map[int64]int64   // WordPress user id → member id, for comments
	fallback *author
	pending  struct {
		authors []Author
		terms   []Term
	}
	headerDone bool
	// sections maps a WordPress category's slug to its section, tagSlugs
	// a tag's to the slug it has here.
	sections map[string]section
	tagSlugs map[string]string
	pictures pictures
	// deferred are the posts and pages left to the second pass
	// (showsLater), by WordPress id.
	deferred map[int64]bool
	// pages are the pages imported, or found unchanged, by WordPress id,
	// to be put in their places once all are known (arrangePages).
	pages map[int64]pagePlace
	// skipped are the ids of the items not imported (linkSkipped).
	skipped []int64

	batch      []*post
	batchBytes int

	// siteZone is the site's time zone, in which articles' addresses are
	// dated; zoneOff counts the posts whose address is dated on another
	// day than WordPress dated them, offset1 the first one's offset from
	// UTC on WordPress.
	siteZone *time.Location
	zoneOff  int
	offset1  time.Duration

	pass     int
	started  time.Time
	items    int
	offset   func() int64
	total    int64
	lastTold time.Time
}

// author is a WordPress author and the member they became (0 in a dry run
// for one that would be made).
type author struct {
	login  string
	member int64
	slug   string
}

// New makes an Importer. Services.Store, Articles, Comments, Taxonomy and
// Members are required, and Media with FetchMedia.
func New(svc Services, opt ImportOptions) (*Importer, error) {
	if svc.Store == nil || svc.Articles == nil || svc.Comments == nil || svc.Taxonomy == nil || svc.Members == nil {
		return nil, errors.New("wordpress: an import needs the store and the articles, comments, taxonomy and members services")
	}
	if opt.FetchMedia && svc.Media == nil {
		return nil, errors.New("wordpress: fetching pictures needs the media service")
	}
	if opt.Role == "" {
		opt.Role = content.RoleContributor
	}
	if !content.ValidRole(opt.Role) {
		return nil, fmt.Errorf("wordpress: unknown role %q", opt.Role)
	}
	if opt.BatchSize <= 0 {
		opt.BatchSize = 200
	}
	opt.BatchSize = min(opt.BatchSize, store.MaxImportBatch)
	if opt.Now == nil {
		opt.Now = time.Now
	}
	return &Importer{svc: svc, opt: opt}, nil
}

// who is whom the import acts as: the operator, an administrator who is
// no member, as every command-line tool does.
var who = members.Operator

// maxBatchBytes bounds the text (bodies and comments) held for one batch:
// a batch is written early when its items are large.
const maxBatchBytes = 32 << 20

// Import reads the export from src and writes what it holds. The file is
// read once, and a second time for the posts that may show attachments
// (a gallery, a featured image or a picture to fetch), if any. A problem with one item is a
// warning in the summary and the rest is imported; the error is for a
// file that cannot be read on (what was written before it stays, and a
// second run takes up from there) or a store that fails.
func (im *Importer) Import(ctx context.Context, src io.ReadSeeker) (*Summary, error) {
	im.sum = newSummary(im.opt.DryRun)
	im.authors, im.byWPUser = map[string]author{}, map[int64]int64{}
	im.sections, im.tagSlugs = map[string]section{}, map[string]string{}
	im.fallback, im.headerDone, im.batch, im.batchBytes = nil, false, nil, 0
	im.pictures = pictures{byID: map[int64]picture{}, byURL: map[string]string{}}
	im.deferred = map[int64]bool{}
	im.pages = map[int64]pagePlace{}
	im.skipped = nil
	im.started = im.opt.Now()
	defer func() { im.sum.Elapsed = im.opt.Now().Sub(im.started) }()
	set, err := im.svc.Store.Settings(ctx)
	if err != nil {
		return im.sum, fmt.Errorf("read the site's time zone: %w", err)
	}
	im.siteZone, im.zoneOff = set.Zone(), 0
	if im.opt.Location == nil {
		im.opt.Location = im.siteZone
	}
	if size, err := src.Seek(0, io.SeekEnd); err == nil {
		im.total = size
	}
	if err := im.read(ctx, src, 1, im.mainPass); err != nil {
		return im.sum, err
	}
	if len(im.deferred) > 0 {
		// The posts that may show attachments given after them are
		// imported now that every attachment is known, and only now:
		// written in both passes, each import would change them twice.
		err := im.read(ctx, src, 2, func(ctx context.Context, rec Record) error {
			if rec.Kind == RecordItem && im.deferred[rec.Item.ID] && (rec.Item.Type == TypePost || rec.Item.Type == TypePage) {
				return im.addPost(ctx, rec.Item)
			}
			return nil
		})
		if err != nil {
			return im.sum, err
		}
	}
	if err := im.linkAttachments(ctx); err != nil {
		return im.sum, err
	}
	if err := im.linkSkipped(ctx); err != nil {
		return im.sum, err
	}
	im.warnZone()
	return im.sum, im.arrangePages(ctx)
}

// checkZone notes a published or scheduled post whose address here is
// dated on another day than WordPress dated it: addresses are dated in
// the site's zone, WordPress's in its own (post_date), so in another zone
// a post published near midnight moves to the day before or after.
func (im *Importer) checkZone(it *Item, a content.Article) {
	if a.Kind != content.KindPost || a.PublishedAt.IsZero() || !it.OffsetKnown {
		return
	}
	const day = "2006-01-02"
	if a.PublishedAt.In(im.siteZone).Format(day) != it.Date.Add(it.Offset).UTC().Format(day) {
		if im.zoneOff == 0 {
			im.offset1 = it.Offset
		}
		im.zoneOff++
	}
}

// warnZone tells, once, of the posts checkZone found, and what to do.
func (im *Importer) warnZone() {
	if im.zoneOff == 0 {
		return
	}
	posts := "posts are"
	if im.zoneOff == 1 {
		posts = "post is"
	}
	im.sum.warnf(0, WarnZone, "%d %s dated on another day here than on WordPress: WordPress's clock stood at UTC%s, "+
		"addresses here are dated in the site's time zone (%s), and a post published near midnight changes day (its old address redirects). "+
		"Set the site's time zone to WordPress's (its Settings → General → Timezone) in the newsroom's Settings, and the addresses follow",
		im.zoneOff, posts, utcOffset(im.offset1), im.siteZone)
}

// utcOffset writes an offset from UTC as "+07:00".
func utcOffset(d time.Duration) string {
	sign := "+"
	if d < 0 {
		sign, d = "-", -d
	}
	return fmt.Sprintf("%s%02d:%02d", sign, int(d.Hours()), int(d.Minutes())%60)
}

// showsLater reports whether a post may show an attachment that the
// export gives after it: a gallery, and with FetchMedia its featured
// image or a picture in its body. Such a post is imported in the second
// pass, once every attachment is known.
func (im *Importer) showsLater(it *Item) bool {
	if it.ID <= 0 {
		return false
	}
	if strings.Contains(it.Content, "[gallery") {
		return true
	}
	if !im.opt.FetchMedia {
		return false
	}
	if thumb := it.ThumbnailID(); thumb != 0 {
		if _, known := im.pictures.lib.Attachment(thumb); !known {
			return true
		}
	}
	return strings.Contains(it.Content, "/wp-content/uploads/")
}

// read reads the export from its start, giving each record to handle.
// The file is parsed on a goroutine of its own, up to a few batches ahead
// of the writes, so that parsing and writing share the machine's
// processors.
func (im *Importer) read(ctx context.Context, src io.ReadSeeker, pass int, handle func(ctx context.Context, rec Record) error) error {
	if _, err := src.Seek(0, io.SeekStart); err != nil {
		return fmt.Errorf("read export: %w", err)
	}
	r := NewReader(src, readerOptions(im.opt.Location))
	var offset int64
	im.pass, im.items, im.offset = pass, 0, func() int64 { return offset }
	passStart := im.opt.Now()

	type read struct {
		rec    Record
		offset int64
		err    error
	}
	// The parser sends what it reads in chunks, so that it can be a whole
	// batch ahead of the writes without a channel operation per record.
	chunks, stop := make(chan []read, readAhead), make(chan struct{})
	var parser sync.WaitGroup
	parser.Go(func() {
		defer close(chunks)
		var (
			chunk []read
			bytes int
		)
		for {
			rec, err := r.Next()
			chunk = append(chunk, read{rec, r.Offset(), err})
			bytes += recordBytes(rec)
			if err == nil && len(chunk) < chunkRecords && bytes < chunkBytes {
				continue
			}
			select {
			case chunks <- chunk:
			case <-stop:
				return
			}
			if err != nil {
				return
			}
			chunk, bytes = nil, 0
		}
	})
	defer func() { close(stop); parser.Wait() }()

	records := func(yield func(read) bool) {
		for chunk := range chunks {
			for _, next := range chunk {
				if !yield(next) {
					return
				}
			}
		}
	}
	for next := range records {
		if err := ctx.Err(); err != nil {
			return err
		}
		rec, err := next.rec, next.err
		offset = next.offset
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			// What is batched was read whole: write it before stopping,
			// so that the next run starts after it.
			if ferr := im.flush(ctx); ferr != nil {
				return errors.Join(err, ferr)
			}
			return err
		}
		if pass == 1 {
			// The second pass reads the same file: its warnings were told.
			for _, w := range rec.Warnings {
				im.sum.warn(w)
			}
		}
		if rec.Kind == RecordItem || rec.Kind == RecordSkipped {
			im.items++
		}
		if err := handle(ctx, rec); err != nil {
			return err
		}
		im.tell(passStart, false)
	}
	if err := im.header(ctx); err != nil {
		return err // an export without items still has its authors and terms
	}
	if err := im.flush(ctx); err != nil {
		return err
	}
	if err := im.pictures.flushLinks(ctx, im); err != nil {
		return err
	}
	im.tell(passStart, true)
	return nil
}

// The parser may be readAhead chunks ahead of the writes, each of at
// most chunkRecords records or chunkBytes of text (one record more, which
// readerOptions' limits bound): a batch's worth and more, so that it
// reads on while a batch is written, within a bounded memory.
const (
	readAhead    = 8
	chunkRecords = 64
	chunkBytes   = 4 << 20
)

// recordBytes is roughly the text a record holds: the bodies of an item
// and its comments.
func recordBytes(rec Record) int {
	if rec.Item == nil {
		return 0
	}
	n := len(rec.Item.Content) + len(rec.Item.Excerpt)
	for _, c := range rec.Item.Comments {
		n += len(c.Content)
	}
	return n
}

// readerOptions are the Reader's limits for an import: a body longer than
// twice the longest article dateline keeps is skipped as it is read,
// rather than held to be refused.
func readerOptions(zone *time.Location) Options {
	return Options{Location: zone, MaxBody: 2 * content.MaxSource, MaxItem: 16 << 20}
}

// tell reports progress, at most a few times a second while a pass runs.
func (im *Importer) tell(passStart time.Time, finished bool) {
	if im.opt.Progress == nil {
		return
	}
	now := im.opt.Now()
	if !finished && now.Sub(im.lastTold) < 200*time.Millisecond {
		return
	}
	im.lastTold = now
	im.opt.Progress(Progress{Pass: im.pass, Items: im.items, Bytes: im.offset(), Total: im.total,
		Elapsed: now.Sub(passStart), Finished: finished})
}

// mainPass handles a record of the second pass: the header, authors,
// terms, posts and pages with their comments.
func (im *Importer) mainPass(ctx context.Context, rec Record) error {
	switch rec.Kind {
	case RecordSite:
		im.setSite(*rec.Site)
	case RecordAuthor:
		im.pending.authors = append(im.pending.authors, *rec.Author)
	case RecordTerm:
		im.pending.terms = append(im.pending.terms, *rec.Term)
	case RecordItem, RecordSkipped:
		if err := im.header(ctx); err != nil {
			return err
		}
		return im.item(ctx, rec)
	}
	return nil
}

// header writes the authors and terms once the first item shows that
// they have all been read.
func (im *Importer) header(ctx context.Context) error {
	if im.headerDone {
		return nil
	}
	im.headerDone = true
	if err := im.importAuthors(ctx, im.pending.authors); err != nil {
		return err
	}
	if err := im.importTerms(ctx, im.pending.terms); err != nil {
		return err
	}
	im.pending.authors, im.pending.terms = nil, nil
	return nil
}

// item handles one item of the main pass.
func (im *Importer) item(ctx context.Context, rec Record) error {
	it := rec.Item
	count := im.countFor(it.Type)
	if rec.Kind == RecordSkipped {
		if count != nil {
			count.Skipped++
		} else {
			im.sum.Other[it.Type]++
		}
		im.skip(it)
		return nil
	}
	switch it.Type {
	case TypePost, TypePage:
		if im.showsLater(it) {
			im.deferred[it.ID] = true
			return nil
		}
		return im.addPost(ctx, it)
	case TypeAttachment:
		return im.attachment(ctx, it)
	default:
		im.sum.Other[it.Type]++
		im.skip(it)
	}
	return nil
}

// skip keeps the WordPress id of an item not imported, for linkSkipped.
func (im *Importer) skip(it *Item) {
	if it.ID > 0 {
		im.skipped = append(im.skipped, it.ID)
	}
}

func (im *Importer) countFor(typ string) *Count {
	switch typ {
	case TypePost:
		return im.sum.Counts[CountPosts]
	case TypePage:
		return im.sum.Counts[CountPages]
	case TypeAttachment:
		return im.sum.Counts[CountAttachments]
	}
	return nil
}

// setSite takes the site's address as the name of its legacy links.
func (im *Importer) setSite(s Site) {
	im.site = s
	im.source, im.host = sourceName(s)
	im.sum.Source = im.source
}

// sourceName names the exported site by its address: the blog's, else
// its home page's, else WordPress's own, lower-cased, without a trailing
// slash ("https://old.example/news").
func sourceName(s Site) (name, host string) {
	for _, raw := range []string{s.BaseBlogURL, s.Link, s.BaseSiteURL} {
		u, err := url.Parse(strings.TrimSpace(raw))
		if err != nil || u.Host == "" {
			continue
		}
		host = strings.ToLower(u.Hostname())
		return strings.ToLower(u.Scheme) + "://" + strings.ToLower(u.Host) + strings.TrimRight(u.Path, "/"), host
	}
	return "wordpress", "wordpress.invalid"
}
