package site

import (
	"context"
	"dateline/internal/media"
	"html/template"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"dateline/internal/auth"
	"dateline/internal/changes"
	"dateline/internal/comments"
	"dateline/internal/content"
	"dateline/internal/proxy"
	"dateline/internal/store"
	"dateline/internal/web"
)

// Weather is the reading shown in the header. The weather package fills it;
// a nil *Weather leaves the widget out.
type Weather struct {
	Temperature string // "29.5 °C"
	Label       string // "Thailand"
	Condition   string // "Partly cloudy", the icon's accessible name
	Icon        template.HTML
}

// Config is what the site needs from main.
type Config struct {
	Store  store.Store
	Logger *slog.Logger
	Now    func() time.Time // the clock; time.Now when nil
	Media  media.Storage    // uploaded and generated pictures, served at /media/
	// ThemeDir, when set, holds templates/ and static/ files that replace
	// the embedded ones of the same name.
	ThemeDir string
	// BaseURL is the absolute address of the site ("https://news.example")
	// when the settings name none (content.Settings.PublicURL), used for
	// share links, canonical URLs, feeds and sitemaps; never taken from the
	// request, because cached pages are shared by every visitor.
	BaseURL string
	// Weather returns the current reading, or nil when there is none worth
	// showing. It must not do I/O: it is called while rendering.
	Weather func() *Weather
	// Comments takes the "Leave a reply" form; without it the form is
	// shown but posting answers 503.
	Comments *comments.Service
	// Proxies are the reverse proxies whose X-Forwarded-For names the
	// commenter's address (for the comment rate limit); nil trusts none.
	Proxies *proxy.Trusted
	// Changes, when set, is the change feed every write is announced on:
	// the site then keeps what most pages read (settings, sections, the
	// must-read and latest lists) from one change to the next. Subscribe
	// the site before the page cache, so that a page the cache makes
	// again after a change never gets the site's older copy.
	Changes *changes.Feed
}

// Site serves the public pages.
type Site struct {
	store    store.Store
	log      *slog.Logger
	now      func() time.Time
	media    media.Storage
	baseURL  string
	weather  func() *Weather
	comments *comments.Service
	proxies  *proxy.Trusted
	pages    *web.Pages
	errors   *web.Errors
	popular  mostReadCache
	memo     memo
}

// New prepares the site: it parses every template once, so a broken theme
// fails at start rather than on a reader's request.
func New(cfg Config) (*Site, error) {
	s := &Site{
		store:    cfg.Store,
		log:      cfg.Logger,
		now:      cfg.Now,
		media:    cfg.Media,
		baseURL:  strings.TrimSuffix(cfg.BaseURL, "/"),
		weather:  cfg.Weather,
		comments: cfg.Comments,
		proxies:  cfg.Proxies,
	}
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	if s.now == nil {
		s.now = time.Now
	}
	if s.weather == nil {
		s.weather = func() *Weather { return nil }
	}
	if cfg.Changes != nil {
		s.memo.watch(cfg.Changes)
	}
	s.errors = s.errorPages()
	var err error
	s.pages, err = web.Load(web.Theme{Files: embedded, Dir: cfg.ThemeDir, StaticPrefix: "/static/",
		Pages: pageNames, Funcs: s.funcs()})
	if err != nil {
		return nil, err
	}
	// A theme's files may change at its next deploy under an old address.
	s.pages.Assets.Unversioned = "public, max-age=300"
	return s, nil
}

// Handler returns the public site, to be mounted at "/" by the front door
// (internal/server), which adds the middleware. The route table is the
// site's table of contents; article and static-page permalinks and date
// archives are resolved by s.permalink, because their first path segment
// is free-form. Where the site has nothing, handleOld looks for what an
// imported WordPress site had at that address.
func (s *Site) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.Handle("GET /{$}", s.handle(s.home))
	mux.Handle("GET /page/{n}/{$}", s.handle(s.home))
	mux.Handle("GET /category/{slug}/{$}", s.handleOld(s.category))
	mux.Handle("GET /category/{slug}/page/{n}/{$}", s.handleOld(s.category))
	mux.Handle("GET /tag/{slug}/{$}", s.handleOld(s.tag))
	mux.Handle("GET /tag/{slug}/page/{n}/{$}", s.handleOld(s.tag))
	mux.Handle("GET /author/{slug}/{$}", s.handleOld(s.author))
	mux.Handle("GET /author/{slug}/page/{n}/{$}", s.handleOld(s.author))
	s.feedRoutes(mux)
	s.wpRoutes(mux)
	// Comments are posted from cached pages, so no per-page token: the
	// browser's Origin and Sec-Fetch-Site headers refuse cross-site posts.
	mux.Handle("POST /comments/{$}", auth.CSRF(s.handle(s.postComment)))
	mux.Handle("POST /wp-comments-post.php", auth.CSRF(s.handle(s.postComment)))
	mux.Handle("GET /comments/unsubscribe", s.handle(s.unsubscribe))
	mux.Handle("POST /comments/unsubscribe", s.handle(s.unsubscribe)) // one-click from mail clients
	mux.Handle("GET /corrections/{$}", s.handle(s.corrections))
	mux.Handle("GET /corrections/page/{n}/{$}", s.handle(s.corrections))
	mux.Handle("GET /search", s.handle(s.search))
	mux.Handle("GET /search/suggest", s.handle(s.suggest))
	mux.Handle("GET /static/{file...}", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !s.pages.Assets.Serve(w, r, r.PathValue("file")) {
			s.errorPage(w, r, http.StatusNotFound, "Page not found")
		}
	}))
	mux.Handle("GET /media/{file...}", s.mediaFiles())
	mux.Handle("GET /favicon.ico", s.favicon()) // asked for by browsers on pages that name no icon
	mux.Handle("/", s.handleOld(s.permalink))   // /YYYY/MM/DD/slug/, /slug/, /YYYY/MM/
	return mux
}

// siteData is what every page needs from the store: settings and sections.
type siteData struct {
	Settings   content.Settings
	Zone       *time.Location
	Categories []content.Category
	// Alerts are the breaking-news alerts up when it was read, newest
	// first; each page shows those still up when it is made.
	Alerts []content.Alert

	// gen is the memo's generation before it was read: what is made from
	// it may be kept until the next event after that (rememberedSince).
	gen uint64
}

func (s *Site) loadSite(ctx context.Context) (siteData, error) {
	gen := s.memo.gen.Load()
	d, err := rememberedSince(&s.memo, gen, memoSite, func() (siteData, error) { return s.readSite(ctx) })
	d.gen = gen
	return d, err
}

// readSite reads the settings, the sections and the alerts; loadSite keeps
// them, with the time zone, until a change.
func (s *Site) readSite(ctx context.Context) (siteData, error) {
	set, err := s.store.Settings(ctx)
	if err != nil {
		return siteData{}, err
	}
	cats, err := s.store.Categories(ctx)
	if err != nil {
		return siteData{}, err
	}
	alerts, err := s.store.ActiveAlerts(ctx, s.now(), alertsRead)
	if err != nil {
		return siteData{}, err
	}
	return siteData{Settings: set, Zone: set.Zone(), Categories: cats, Alerts: alerts}, nil
}
