package media

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"image"
	"io"
	"io/fs"
	"slices"
	"strings"
	"sync/atomic"
	"time"
	"unicode"
	"unicode/utf8"

	"dateline/internal/auth"
	"dateline/internal/changes"
	"dateline/internal/content"
	"dateline/internal/store"
)

// Defaults for Limits: a 20 MB file of at most 40 megapixels and 12,000
// pixels on a side, which a 40-megapixel camera's full-size photo fits.
// The dimensions are what cost memory, and a small file can declare huge
// ones, so they are checked before a single pixel is decoded: decoding
// takes up to 4 bytes a pixel (a 40-megapixel PNG needs 160 MB, a
// progressive JPEG more while it decodes), and making the widest copy a
// working buffer of 32 bytes × its width × the image's height (250 MB
// for a 40-megapixel landscape photo, 400 MB for a portrait one).
const (
	DefaultMaxBytes  = 20 << 20
	DefaultMaxPixels = 40_000_000
	DefaultMaxSide   = 12_000
)

// Limits bound what an upload may be. A zero field takes its default.
type Limits struct {
	MaxBytes  int64 // size of the file as sent
	MaxPixels int   // width × height, as the file declares them
	MaxSide   int   // either side, as the file declares it
}

func (l Limits) withDefaults() Limits {
	if l.MaxBytes <= 0 {
		l.MaxBytes = DefaultMaxBytes
	}
	if l.MaxPixels <= 0 {
		l.MaxPixels = DefaultMaxPixels
	}
	if l.MaxSide <= 0 {
		l.MaxSide = DefaultMaxSide
	}
	return l
}

// ImageStore records images; store.Media (and so every store.Store) has
// these methods.
type ImageStore interface {
	CreateImage(ctx context.Context, im *content.Image) error
	ImageByID(ctx context.Context, id int64) (content.Image, error)
	// UpdateImageText replaces an image's alt text, caption and credit;
	// store.ErrNotFound when there is no such image.
	UpdateImageText(ctx context.Context, id int64, alt, caption, credit string) error
}

// Config is what New needs. Store and Storage are required.
type Config struct {
	Store   ImageStore
	Storage Storage
	Limits  Limits
	// Widths are the widths of the resized copies made for srcset; only
	// those narrower than the image are made. Default 320, 640, 1024 and
	// 1600 pixels.
	Widths []int
	// Parallel is how many images may be decoded and resized at once;
	// others wait their turn (or give up when their request is cancelled).
	// A 12-megapixel photo takes about 250 MB while it is being resized,
	// and the largest image allowed up to twice that, so the default of 1
	// keeps the rest of the server's memory and CPU for readers.
	Parallel int
	// Now is the clock that dates the folder an image goes into (UTC);
	// default time.Now.
	Now func() time.Time
	// Changes is told of every picture added or changed; nil tells no one.
	Changes *changes.Feed
}

// Service is the one way pictures are written: it accepts uploaded
// images and changes the words that go with them, and announces each
// change on the change feed once it is stored. It is safe for concurrent
// use.
type Service struct {
	store   ImageStore
	storage Storage
	changes *changes.Feed
	limits  Limits
	// maxBytes is the size limit in force; the site's settings may change
	// it while the server runs.
	maxBytes atomic.Int64
	widths   []int // descending, positive, without repeats
	now      func() time.Time
	turns    chan struct{}
	writes   *store.WriteHealth // whether the storage takes files
}

// New returns a Service for cfg.
func New(cfg Config) *Service {
	s := &Service{
		store:   cfg.Store,
		storage: cfg.Storage,
		changes: cfg.Changes,
		limits:  cfg.Limits.withDefaults(),
		now:     cfg.Now,
		writes:  store.NewWriteHealth("media"),
	}
	s.maxBytes.Store(s.limits.MaxBytes)
	widths := cfg.Widths
	if len(widths) == 0 {
		widths = []int{320, 640, 1024, 1600}
	}
	for _, w := range widths {
		if w > 0 {
			s.widths = append(s.widths, w)
		}
	}
	slices.Sort(s.widths)
	s.widths = slices.Compact(s.widths)
	slices.Reverse(s.widths)
	if s.now == nil {
		s.now = time.Now
	}
	n := cfg.Parallel
	if n <= 0 {
		n = 1
	}
	s.turns = make(chan struct{}, n)
	return s
}

// Limits are the limits in force, with defaults filled in: the upload form
// can state them, and the HTTP handler can cap the request body a little
// above MaxBytes (to leave room for the multipart framing).
func (s *Service) Limits() Limits {
	l := s.limits
	l.MaxBytes = s.maxBytes.Load()
	return l
}

// SetMaxBytes changes the largest file accepted from now on; zero or less
// restores the configured limit.
func (s *Service) SetMaxBytes(n int64) {
	if n <= 0 {
		n = s.limits.MaxBytes
	}
	s.maxBytes.Store(n)
}

// Upload is what comes with an uploaded file.
type Upload struct {
	// Filename is the file's name on the uploader's computer. Only its base
	// name, as a slug, is used, to give the stored file a readable name; it
	// says nothing about the type.
	Filename string
	Alt      string // required: the picture described for readers who cannot see it
	Caption  string
	Credit   string
	// Owner is the member who uploads it, whose own it is to change
	// (auth.CanEditImage); 0 for none, when only editors may.
	Owner int64
}

// Limits on the words that go with a picture.
const (
	MaxAlt     = 300
	MaxCaption = 1000
	MaxCredit  = 200
)

// Messages a user may read, in a content.FieldErrors, when an upload is
// refused. Three more depend on the limits: "The image is larger than
// 20 MB.", "The image is too large: 100000 × 100000 pixels (at most 40
// megapixels)." and "The image is too large: 13000 × 900 pixels (at most
// 12000 pixels on a side)."
const (
	AltMissing     = "Please describe the image for readers who cannot see it (alt text)."
	AltTooLong     = "The alt text is too long (at most 300 characters)."
	CaptionTooLong = "The caption is too long (at most 1000 characters)."
	CreditTooLong  = "The credit is too long (at most 200 characters)."
	FileEmpty      = "The file is empty. Please choose an image."
	FileNotImage   = "This file is not a JPEG, PNG, WebP or GIF image."
	FileDamaged    = "This image could not be read; the file may be damaged or incomplete."
	FileAnimated   = "Animated images are not supported. Please upload a still image."
)

// Validate checks the words that go with the picture. The problems come
// back together in a content.FieldErrors, for the fields "alt", "caption"
// and "credit".
func (u Upload) Validate() error { return u.text().problems().OrNil() }

func (u Upload) text() Text { return Text{Alt: u.Alt, Caption: u.Caption, Credit: u.Credit} }

// Text is the words that go with a picture in the library.
type Text struct {
	Alt     string // required: the picture described for readers who cannot see it
	Caption string
	Credit  string
}

// Validate checks the words by the same rules as an upload's. The
// problems come back together in a content.FieldErrors, for the fields
// "alt", "caption" and "credit".
func (t Text) Validate() error { return t.problems().OrNil() }

func (t Text) problems() content.FieldErrors {
	var errs content.FieldErrors
	alt := strings.TrimSpace(t.Alt)
	switch {
	case alt == "":
		errs.Add("alt", AltMissing)
	case utf8.RuneCountInString(alt) > MaxAlt:
		errs.Add("alt", AltTooLong)
	}
	if utf8.RuneCountInString(strings.TrimSpace(t.Caption)) > MaxCaption {
		errs.Add("caption", CaptionTooLong)
	}
	if utf8.RuneCountInString(strings.TrimSpace(t.Credit)) > MaxCredit {
		errs.Add("credit", CreditTooLong)
	}
	return errs
}

// Clean is the words as they are stored: trimmed, with bytes that are not
// UTF-8 replaced, so that a form shown again shows what would be kept.
func (t Text) Clean() Text {
	return Text{Alt: clean(t.Alt), Caption: clean(t.Caption), Credit: clean(t.Credit)}
}

// ErrForbidden refuses a member who may not change a picture's words: not
// theirs and not an editor, or nobody signed in.
var ErrForbidden = errors.New("media: this member may not change pictures")

// SetText replaces the alt text, caption and credit of picture id, for
// who; pages using the picture show the new words at once. The words are
// cleaned as [Text.Clean] does and follow the rules of an upload's: what
// is wrong with them comes back as a content.FieldErrors. A member who
// may not change this picture (auth.CanEditImage: their own, or anyone's
// for editors) gets ErrForbidden, a picture that does not exist
// store.ErrNotFound; a refusal changes nothing and announces nothing.
func (s *Service) SetText(ctx context.Context, who content.User, id int64, t Text) error {
	im, err := s.store.ImageByID(ctx, id)
	if err != nil {
		return fmt.Errorf("change the words of image %d: %w", id, err)
	}
	if !auth.CanEditImage(who, im) {
		return ErrForbidden
	}
	t = t.Clean()
	if err := t.Validate(); err != nil {
		return err
	}
	if err := s.store.UpdateImageText(ctx, id, t.Alt, t.Caption, t.Credit); err != nil {
		return fmt.Errorf("change the words of image %d: %w", id, err)
	}
	s.changes.Publish(ctx, changes.New(changes.KindMedia, "update", []int64{id}, changes.Media(id)))
	return nil
}

// Save checks an upload, stores the image and its resized copies, records
// it in the store and returns it with its ID.
//
// What a user did wrong (missing alt text, a file that is not an image,
// too big or damaged) comes back as a content.FieldErrors, for the fields
// "alt", "caption", "credit" and "file", with every problem that could be
// found without decoding the pixels. A disk that refuses the files or
// the row is an error matching store.ErrFull or store.ErrReadOnly. Any
// other error is the server's fault. Either way nothing is left behind: no file and no row, and
// nothing is announced; a stored picture is announced on the change feed.
//
// Save reads at most Limits().MaxBytes+1 bytes of body, whatever the
// request claimed its length was.
func (s *Service) Save(ctx context.Context, u Upload, body io.Reader) (content.Image, error) {
	u.Alt, u.Caption, u.Credit = clean(u.Alt), clean(u.Caption), clean(u.Credit)
	errs := u.text().problems()
	maxBytes := s.maxBytes.Load()
	data, err := io.ReadAll(io.LimitReader(body, maxBytes+1))
	if err != nil {
		return content.Image{}, fmt.Errorf("read upload %q: %w", u.Filename, err)
	}
	f, cfg, msg := s.inspect(data)
	if msg != "" {
		errs.Add("file", msg)
	}
	if err := errs.OrNil(); err != nil {
		return content.Image{}, err
	}

	im, files, err := s.process(ctx, data, f, cfg)
	if err != nil {
		return content.Image{}, err
	}
	im.Alt, im.Caption, im.Credit, im.OwnerID = u.Alt, u.Caption, u.Credit, u.Owner
	if err := s.keep(ctx, stem(u.Filename), files, &im); err != nil {
		return content.Image{}, err
	}
	s.changes.Publish(ctx, changes.New(changes.KindMedia, "create", []int64{im.ID}, changes.Media(im.ID)))
	return im, nil
}

func clean(s string) string { return content.CleanText(s) }

// inspect decides, from the bytes and the dimensions the file declares,
// whether it may be decoded; a refusal is a message for the user.
func (s *Service) inspect(data []byte) (*format, image.Config, string) {
	var none image.Config
	if maxBytes := s.maxBytes.Load(); int64(len(data)) > maxBytes {
		return nil, none, fmt.Sprintf("The image is larger than %s.", formatSize(maxBytes))
	}
	if len(data) == 0 {
		return nil, none, FileEmpty
	}
	f := sniff(data)
	if f == nil {
		return nil, none, FileNotImage
	}
	cfg, err := f.decodeConfig(bytes.NewReader(data))
	if err != nil || cfg.Width < 1 || cfg.Height < 1 {
		return nil, none, FileDamaged
	}
	w, h := cfg.Width, cfg.Height
	if int64(w)*int64(h) > int64(s.limits.MaxPixels) {
		return nil, none, fmt.Sprintf("The image is too large: %d × %d pixels (at most %s megapixels).",
			w, h, trimFloat(float64(s.limits.MaxPixels)/1e6))
	}
	if w > s.limits.MaxSide || h > s.limits.MaxSide {
		return nil, none, fmt.Sprintf("The image is too large: %d × %d pixels (at most %d pixels on a side).",
			w, h, s.limits.MaxSide)
	}
	switch f {
	case formatGIF:
		n, err := gifFrames(data)
		if err != nil {
			return nil, none, FileDamaged
		}
		if n > 1 {
			return nil, none, FileAnimated
		}
	case formatWebP:
		// The decoder cannot read animations; say so rather than "damaged".
		const animationFlag = 1 << 1
		if len(data) > 20 && string(data[12:16]) == "VP8X" && data[20]&animationFlag != 0 {
			return nil, none, FileAnimated
		}
	}
	return f, cfg, ""
}

// file is one encoded file of an image: the original when suffix is "",
// a resized copy when it is "-640".
type file struct {
	suffix string
	data   []byte
}

// process decodes the image and encodes what will be stored: the original,
// upright and without metadata, and the resized copies.
func (s *Service) process(ctx context.Context, data []byte, f *format, cfg image.Config) (content.Image, []file, error) {
	select {
	case s.turns <- struct{}{}:
		defer func() { <-s.turns }()
	case <-ctx.Done():
		return content.Image{}, nil, ctx.Err()
	}
	img, err := f.decode(bytes.NewReader(data))
	if err != nil || img.Bounds().Empty() {
		var errs content.FieldErrors
		errs.Add("file", FileDamaged)
		return content.Image{}, nil, errs
	}
	img = onCanvas(img, cfg)
	if f == formatJPEG {
		img = orient(img, exifOrientation(data))
	}
	if f.out == "jpeg" {
		img = forJPEG(img)
	}
	b := img.Bounds()
	im := content.Image{Ext: f.ext(), Width: b.Dx(), Height: b.Dy()}
	orig, err := encode(f.out, img)
	if err != nil {
		return content.Image{}, nil, fmt.Errorf("encode image: %w", err)
	}
	files := []file{{"", orig}}
	im.Bytes = int64(len(orig))
	// Each copy is made from the next larger one: as sharp as scaling from
	// the original every time, in a third of the time and two thirds of the
	// memory (see BenchmarkScaling).
	src := img
	scaled := []image.Image{img} // largest first, for the crops
	for _, w := range s.widths {
		if w >= im.Width {
			continue
		}
		if err := ctx.Err(); err != nil {
			return content.Image{}, nil, err
		}
		// The height comes from the original, not from the last copy,
		// whose rounding would add up.
		dst := resize(src, w, max(1, (im.Height*w+im.Width/2)/im.Width))
		copied, err := encode(f.out, dst)
		if err != nil {
			return content.Image{}, nil, fmt.Errorf("encode %d-pixel copy: %w", w, err)
		}
		files = append(files, file{fmt.Sprintf("-%d", w), copied})
		im.Variants = append(im.Variants, w)
		src = dst
		scaled = append(scaled, dst)
	}
	slices.Sort(im.Variants)
	for _, r := range content.CropRatios {
		if err := ctx.Err(); err != nil {
			return content.Image{}, nil, err
		}
		cropped, err := encode(f.out, cropTo(scaled, im.Width, im.Height, r))
		if err != nil {
			return content.Image{}, nil, fmt.Errorf("encode %s crop: %w", r, err)
		}
		files = append(files, file{"-" + r.String(), cropped})
		im.Crops = append(im.Crops, r)
	}
	return im, files, nil
}

// cropTo makes the crop of a width × height picture to r, at the size
// content.CropSize gives, from the smallest of its scaled copies (largest
// first) that still holds that many pixels across the crop: a third of a
// 40-megapixel original's work for a crop 1,200 pixels wide.
func cropTo(scaled []image.Image, width, height int, r content.Ratio) *image.RGBA {
	w, h := content.CropSize(width, height, r)
	src := scaled[0]
	for _, c := range scaled[1:] {
		if b := c.Bounds(); content.CropRect(b.Dx(), b.Dy(), r).Dx() >= w {
			src = c
		}
	}
	b := src.Bounds()
	return scale(src, content.CropRect(b.Dx(), b.Dy(), r).Add(b.Min), w, h)
}

// onCanvas puts the decoded image on the canvas the file declares: a GIF's
// first frame may cover only part of it. Other formats decode to the whole
// canvas already.
func onCanvas(img image.Image, cfg image.Config) image.Image {
	canvas := image.Rect(0, 0, cfg.Width, cfg.Height)
	if img.Bounds() == canvas {
		return img
	}
	return withBackground(img, canvas, image.Transparent)
}

// keep writes the files and records the image, trying a fresh random name
// when the first is taken. When anything fails it removes what it wrote.
func (s *Service) keep(ctx context.Context, stem string, files []file, im *content.Image) error {
	for attempt := 1; ; attempt++ {
		t := s.now().UTC()
		im.Name = fmt.Sprintf("%04d/%02d/%s-%s", t.Year(), int(t.Month()), stem, randomHex(3))
		err := s.write(ctx, files, im)
		if err == nil {
			return nil
		}
		taken := errors.Is(err, fs.ErrExist) || errors.Is(err, store.ErrConflict)
		if !taken || attempt == 3 {
			return fmt.Errorf("save image %s: %w", im.Name, err)
		}
	}
}

func (s *Service) write(ctx context.Context, files []file, im *content.Image) (err error) {
	var written []string
	defer func() {
		if err != nil {
			err = errors.Join(err, s.remove(ctx, written))
		}
	}()
	for _, f := range files {
		name := im.Name + f.suffix + im.Ext
		if err := s.storage.Put(ctx, name, bytes.NewReader(f.data)); err != nil {
			s.writes.Observe(err)
			return err
		}
		written = append(written, name)
	}
	s.writes.Observe(nil)
	return s.store.CreateImage(ctx, im)
}

// Writes follows whether the storage takes files, for /readyz and
// /metrics; it logs when uploads stop and start again.
func (s *Service) Writes() *store.WriteHealth { return s.writes }

// remove deletes files written for an upload that failed. It goes on when
// the upload's context is cancelled: that is often why it failed.
func (s *Service) remove(ctx context.Context, names []string) error {
	ctx = context.WithoutCancel(ctx)
	var errs []error
	for _, name := range names {
		if err := s.storage.Delete(ctx, name); err != nil {
			errs = append(errs, fmt.Errorf("clean up: %w", err))
		}
	}
	return errors.Join(errs...)
}

// maxStem keeps file names well under the 255 bytes most file systems
// allow, even in scripts of three bytes a letter.
const maxStem = 60

// stem makes the readable part of a stored name from the uploaded file's
// name: its base name without extension, as a slug ("IMG_0042.JPG" gives
// "img-0042"); "image" when nothing usable is left.
func stem(filename string) string {
	if i := strings.LastIndexAny(filename, `/\`); i >= 0 {
		filename = filename[i+1:]
	}
	if i := strings.LastIndexByte(filename, '.'); i > 0 {
		filename = filename[:i]
	}
	if !strings.ContainsFunc(filename, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }) {
		return "image"
	}
	slug := content.Slugify(filename)
	if len(slug) > maxStem {
		cut := maxStem
		for cut > 0 && !utf8.RuneStart(slug[cut]) {
			cut--
		}
		slug = strings.TrimRight(slug[:cut], "-")
	}
	return slug
}

// formatSize writes a byte count the way the newsroom says it: "20 MB".
func formatSize(n int64) string {
	switch {
	case n >= 1<<20:
		return trimFloat(float64(n)/(1<<20)) + " MB"
	case n >= 1<<10:
		return trimFloat(float64(n)/(1<<10)) + " KB"
	}
	return fmt.Sprintf("%d bytes", n)
}

// trimFloat writes f with at most one decimal, and none when it is whole.
func trimFloat(f float64) string {
	s := fmt.Sprintf("%.1f", f)
	return strings.TrimSuffix(s, ".0")
}
