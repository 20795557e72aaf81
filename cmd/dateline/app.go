package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"dateline/internal/admin"
	"dateline/internal/alerts"
	"dateline/internal/api"
	"dateline/internal/articles"
	"dateline/internal/auth"
	"dateline/internal/cache"
	"dateline/internal/changes"
	"dateline/internal/content"
	"dateline/internal/mail"
	"dateline/internal/media"
	"dateline/internal/members"
	"dateline/internal/metrics"
	"dateline/internal/purge"
	"dateline/internal/readership"
	"dateline/internal/server"
	"dateline/internal/settings"
	"dateline/internal/site"
	"dateline/internal/store"
	"dateline/internal/taxonomy"
	"dateline/internal/weather"
	"dateline/internal/web"
)

// app is the whole program on one store: its services, every one writing
// through the one feed, the surfaces that call them, the front door, and
// the background work they need.
type app struct {
	feed      *changes.Feed
	front     *server.Server
	views     *readership.ViewCounter
	journal   *changes.Journal
	fetcher   *weather.Fetcher
	scheduler *articles.Scheduler
	mailQueue *mail.Queue
	midnights changes.Midnights
	expiry    *alerts.Expiry // the alerts' expiries, announced
	newsroom  *admin.Admin
	cache     *cache.Cache   // nil when --cache-mb is 0
	purger    *purge.Batcher // nil without --purge
}

// jobRuns are the background jobs' counts of passes, by the job's name on
// /metrics.
func (a *app) jobRuns() map[string]*metrics.Runs {
	jobs := map[string]*metrics.Runs{
		"changes": a.journal.Runs(), "mail": a.mailQueue.Runs(),
		"scheduler": a.scheduler.Runs(), "views": a.views.Runs(),
	}
	if a.fetcher != nil {
		jobs["weather"] = a.fetcher.Runs()
	}
	return jobs
}

// assemble wires the program together without starting anything.
func assemble(ctx context.Context, cfg Config, st store.Store, feed *changes.Feed, getenv func(string) string, log *slog.Logger) (*app, error) {
	a := &app{feed: feed}
	journal, err := changes.NewJournal(ctx, changes.JournalConfig{Log: st, Feed: feed, Logger: log.With("component", "changes")})
	if err != nil {
		return nil, err
	}
	a.journal = journal
	// The journal's origin names this process among the nodes on the
	// database: in the change log, and as the holder of its leases.
	fetcher, forecast, err := startWeather(ctx, st, cfg.WeatherURL, feed, journal.Origin(), log)
	if err != nil {
		return nil, err
	}
	a.fetcher = fetcher
	set, err := st.Settings(ctx)
	if err != nil {
		return nil, err
	}
	workflow := articles.New(articles.Config{Store: st, Changes: feed, Logger: log.With("component", "articles")})
	// Scheduled articles go live within a second of their time: the
	// scheduler sleeps until the next one and wakes on the feed's article
	// changes; its 30-second sweep catches schedules made by other servers.
	a.scheduler = workflow.Scheduler(articles.DefaultScheduleEvery)
	a.views = readership.NewViewCounter(readership.ViewCounterConfig{Store: st, Zone: set.Zone(), Logger: log.With("component", "views")})

	siteSettings := settings.New(settings.Config{Store: st, Changes: feed, Logger: log.With("component", "settings")})
	mailServer, err := startMail(ctx, siteSettings, getenv, log)
	if err != nil {
		return nil, err
	}
	a.mailQueue = mail.NewQueue(st, mailServer, log.With("component", "mail"))
	discussion, err := startComments(ctx, st, cfg.BaseURL, siteSettings.Policy, a.mailQueue, feed, log)
	if err != nil {
		return nil, err
	}
	pictures, err := openMedia(ctx, cfg)
	if err != nil {
		return nil, err
	}
	// One media library for the newsroom's upload form and the API.
	library := media.New(media.Config{Store: st, Storage: pictures, Changes: feed})
	library.SetMaxBytes(int64(set.MaxUploadMB) << 20)
	// Settings are saved through one service; what the running program
	// takes from them (the upload limit, the weather location, the mail
	// server) follows each save at once, as a subscriber of the feed.
	siteSettings.OnSite(func(_ context.Context, s content.Settings) {
		library.SetMaxBytes(int64(s.MaxUploadMB) << 20)
		units, _ := weather.ParseUnits(s.Units)
		if fetcher == nil {
			return // --weather-url off
		}
		if err := fetcher.SetLocation(weather.Location{Latitude: s.Latitude, Longitude: s.Longitude}, s.WeatherLabel, units); err != nil {
			log.Warn("weather settings not applied", "err", err)
		}
	})
	siteSettings.OnMail(func(_ context.Context, m mail.Settings) { mailServer.Use(m) })

	breaking := alerts.New(alerts.Config{Store: st, Changes: feed, Now: cfg.Now, Logger: log.With("component", "alerts")})
	contentAPI := api.New(api.Config{Store: st, Logger: log, BaseURL: cfg.BaseURL,
		Newsroom: workflow, Media: library, Comments: discussion, Alerts: breaking})
	// The site first, so that the newsroom previews through it.
	pub, err := site.New(site.Config{
		Store: st, Logger: log, Media: pictures, ThemeDir: cfg.Theme, BaseURL: cfg.BaseURL,
		Now:      cfg.Now,
		Weather:  forecast,
		Comments: discussion,
		Proxies:  cfg.TrustedProxies,
		Changes:  feed, // before the page cache subscribes: see site.Config
	})
	if err != nil {
		return nil, err
	}
	// Sign-in limits and the session cookie believe the same proxies as
	// the site's comment limit and the front door's HSTS.
	sessions := auth.NewSessions(st)
	sessions.Proxies = cfg.TrustedProxies
	adminUI, err := admin.New(admin.Config{
		Store:      st,
		Sessions:   sessions,
		Logger:     log.With("component", "admin"),
		BaseURL:    cfg.BaseURL,
		Mailer:     queuedMail{a.mailQueue},
		MailServer: mailServer,
		Articles:   workflow,
		Alerts:     breaking,
		Comments:   discussion,
		Media:      library,
		Preview:    pub.Preview,
		Settings:   siteSettings,
		Taxonomy:   taxonomy.New(taxonomy.Config{Store: st, Changes: feed}),
		Members:    members.New(members.Config{Store: st, Changes: feed, Hasher: cfg.Hasher}),
		Hasher:     cfg.Hasher,
		CheckWeather: func(ctx context.Context) (string, error) {
			if fetcher == nil {
				return "", errors.New("the weather is switched off (--weather-url off)")
			}
			r, err := fetcher.CheckNow(ctx)
			if err != nil {
				return "", err
			}
			name, _ := weather.Condition(r.Code)
			return fmt.Sprintf("%.1f °C, %s, at %s", r.TemperatureC, strings.ToLower(name), r.At.Format("15:04")), nil
		},
	})
	if err != nil {
		return nil, err
	}
	a.newsroom = adminUI
	pageCache, err := startCache(cfg, feed, log)
	if err != nil {
		return nil, err
	}
	a.cache = pageCache
	if cfg.Purger != nil {
		// After the cache's subscription: a CDN fetching a page the
		// moment it is purged there gets it new from this process.
		a.purger = purge.NewBatcher(purge.Config{Purger: cfg.Purger, Logger: log.With("component", "purge")})
		feed.Subscribe(a.purger.Notify)
	}
	a.midnights = changes.Midnights{Feed: feed, Leases: st, Node: journal.Origin(), Zone: func(ctx context.Context) *time.Location {
		set, err := st.Settings(ctx)
		if err != nil {
			return time.UTC
		}
		return set.Zone()
	}}
	// Every page shows the alerts: each expiry is announced at its time,
	// once across the nodes, like midnight.
	a.expiry = &alerts.Expiry{Store: st, Feed: feed, Leases: st, Node: journal.Origin(), Logger: log.With("component", "alerts")}
	writes := writeHealth(st, library, log)
	a.front, err = server.New(server.Config{
		Site:     pub.Handler(),
		Admin:    adminUI.Handler(),
		API:      contentAPI.Handler(),
		Ready:    st.Ready,
		Degraded: func() error { return refusedWrites(writes) },
		Views:    a.views,
		Panicked: http.HandlerFunc(pub.ServeInternalError),
		Logger:   log,
		Cache:    pageCache,
		Metrics:  programMetrics(time.Now(), st, a.fetcher, discussion, a.purger, cfg.Backups, writes, a.jobRuns()),

		MetricsToken: cfg.MetricsToken,
		Proxies:      cfg.TrustedProxies,
	})
	if err != nil {
		return nil, err
	}
	return a, nil
}

// writeHealth gathers what follows whether the disk takes writes: the
// database's and the media folder's, each logging when its writes stop
// and start again.
func writeHealth(st store.Store, library *media.Service, log *slog.Logger) []*store.WriteHealth {
	var writes []*store.WriteHealth
	if db, ok := st.(interface{ Writes() *store.WriteHealth }); ok {
		writes = append(writes, db.Writes())
	}
	writes = append(writes, library.Writes())
	for _, h := range writes {
		h.SetLogger(log.With("component", "store"))
	}
	return writes
}

// refusedWrites says which of writes are refused, one per line, or nil.
func refusedWrites(writes []*store.WriteHealth) error {
	var errs []error
	for _, h := range writes {
		errs = append(errs, h.Err())
	}
	return errors.Join(errs...)
}

// background starts the work that runs beside the server until ctx ends:
// the weather fetcher, the scheduler, the mail queue, the newsroom's
// password reset links, the midnight announcer, the alerts' expiries, the static mirror's expiry
// and the CDN purger, each waited for through wg.
func (a *app) background(ctx context.Context, wg *sync.WaitGroup) {
	if a.fetcher != nil {
		wg.Go(func() { a.fetcher.Run(ctx) })
	}
	wg.Go(func() { a.newsroom.SendResets(ctx) })
	wg.Go(func() { a.scheduler.Run(ctx) })
	wg.Go(func() { a.mailQueue.Run(ctx) })
	wg.Go(func() { a.midnights.Run(ctx) })
	wg.Go(func() { a.expiry.Run(ctx) })
	if a.cache != nil {
		wg.Go(func() { a.cache.RunMirror(ctx) })
	}
	if a.purger != nil {
		wg.Go(func() { a.purger.Run(ctx) })
	}
}

// startCache makes the page cache, purged by every event on the feed: the
// tags an event names are exactly the answers it purges. Nil when
// --cache-mb is 0.
func startCache(cfg Config, feed *changes.Feed, log *slog.Logger) (*cache.Cache, error) {
	if cfg.CacheMB == 0 {
		return nil, nil
	}
	var mirror *cache.Mirror
	if cfg.StaticDir != "" {
		var err error
		if mirror, err = cache.NewMirror(cfg.StaticDir, log.With("component", "mirror")); err != nil {
			return nil, err
		}
	}
	c := cache.New(cache.Config{MaxBytes: int64(cfg.CacheMB) << 20, MaxAge: cfg.CacheAge, MaxRenders: cfg.MaxRenders,
		Tags: takeTags, Bypass: server.Uncached, Mirror: mirror, Logger: log.With("component", "cache"),
		// The tags a CDN purges by go to the caches in front: a trusted
		// proxy, or anyone when a purger is set (the CDN is in front).
		CDN: func(r *http.Request) bool { return cfg.Purger != nil || cfg.TrustedProxies.FromProxy(r) }})
	feed.Subscribe(func(_ context.Context, e changes.Event) { c.Purge(e.Tags...) })
	return c, nil
}

// takeTags reads the tags a handler declared and removes them, for the
// cache: they never leave the process.
func takeTags(h http.Header) []string {
	tags := web.Tags(h)
	h.Del(web.TagsHeader)
	return tags
}

// openMedia is where the pictures are kept: the bucket named by
// --media-store, or the media folder in the data folder.
func openMedia(ctx context.Context, cfg Config) (media.Storage, error) {
	if cfg.MediaStore == nil {
		return media.Dir(filepath.Join(cfg.Data, "media")), nil
	}
	ctx, cancel := context.WithTimeout(ctx, 15*time.Second)
	defer cancel()
	return media.OpenS3(ctx, *cfg.MediaStore)
}
