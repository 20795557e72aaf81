package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"path/filepath"
	"runtime/debug"
	"strconv"
	"strings"
	"sync"
	"time"

	"dateline/internal/auth"
	"dateline/internal/backup"
	"dateline/internal/changes"
	"dateline/internal/comments"
	"dateline/internal/demo"
	"dateline/internal/logs"
	"dateline/internal/mail"
	"dateline/internal/media"
	"dateline/internal/proxy"
	"dateline/internal/purge"
	"dateline/internal/settings"
	"dateline/internal/site"
	"dateline/internal/store"
	"dateline/internal/store/backend"
	"dateline/internal/weather"
)

const usage = `dateline: a news website and its newsroom in one program.

Usage:
  dateline serve [--addr 127.0.0.1:8080] [--data ./data] [--db URL] [--base-url URL] [--theme DIR]
                 [--weather-url URL|off] [--trusted-proxies LIST] [--demo]
                 [--cache-mb 256] [--cache-age 60s] [--max-renders 64] [--static-dir DIR]
                 [--purge URL] [--metrics-token TOKEN] [--log-format auto|json|text] [--log-level info]
                 [--backup-dir DIR [--backup-every 24h] [--backup-keep 7]]
  dateline user add [--data ./data] [--db URL] --email E --name N --role admin|editor|author|contributor
                 (the password on standard input, or one is made and printed)
  dateline token create [--data ./data] [--db URL] --user E [--name WHAT]   prints an API token
  dateline import wordpress [--dry-run] [--role ROLE] [--fallback-author EMAIL] [--skip-pings]
                 [--fetch-media [--allow-private-media]] [--zone ZONE] FILE.xml
  dateline backup [--data ./data] [--db URL] FILE.tar.gz
  dateline restore [--data ./data] [--db URL] [--force] FILE.tar.gz
  dateline migrate --from sqlite:PATH --to postgres://USER@HOST/DATABASE [--force]
                 [--media-to s3://BUCKET[/PREFIX]?endpoint=HOST:PORT [--media-from DIR]]
                 (the whole site into an empty PostgreSQL database, checked before it is committed)
  dateline version
  dateline help

Every flag but --demo has an environment variable: DATELINE_ and its name in
capitals, with _ for - (DATELINE_ADDR, DATELINE_CACHE_MB, DATELINE_LOG_FORMAT).
`

// run is the whole program behind main, with its surroundings passed in so
// tests can drive it.
func run(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	var err error
	switch args[0] {
	case "serve":
		err = serve(ctx, args[1:], getenv, stdout, stderr)
	case "user":
		if len(args) < 2 || args[1] != "add" {
			fmt.Fprintf(stderr, "dateline: use 'dateline user add'\n\n%s", usage)
			return 2
		}
		err = userAdd(ctx, args[2:], getenv, stdin, stdout, stderr)
	case "token":
		if len(args) < 2 || args[1] != "create" {
			fmt.Fprintf(stderr, "dateline: use 'dateline token create'\n\n%s", usage)
			return 2
		}
		err = tokenCreate(ctx, args[2:], getenv, stdout, stderr)
	case "backup":
		err = backupCommand(ctx, args[1:], getenv, stdout, stderr)
	case "restore":
		err = restoreCommand(ctx, args[1:], getenv, stdout, stderr)
	case "import":
		err = importCommand(ctx, args[1:], getenv, stdout, stderr)
	case "migrate":
		err = migrateCommand(ctx, args[1:], getenv, stdout, stderr)
	case "version", "--version", "-v":
		fmt.Fprintln(stdout, "dateline", version())
	case "help", "--help", "-h":
		fmt.Fprint(stdout, usage)
	default:
		fmt.Fprintf(stderr, "dateline: unknown command %q\n\n%s", args[0], usage)
		return 2
	}
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	var usage usageError
	if errors.As(err, &usage) {
		return 2 // the flag package has already said what was wrong
	}
	if err != nil {
		fmt.Fprintln(stderr, "dateline:", err)
		return 1
	}
	return 0
}

func version() string {
	if info, ok := debug.ReadBuildInfo(); ok && info.Main.Version != "" && info.Main.Version != "(devel)" {
		return info.Main.Version
	}
	return "devel"
}

// serverGCPercent is the garbage collector target of a serving process;
// the page benchmarks use the same value.
const serverGCPercent = 400

// heapBesideCache is the memory limit a serving process gives the Go heap
// beyond its page cache: the rest of a server's live heap on a site of
// 10,000 stories is about 40 MB (docs/benchmarks.md), and the rest is room
// for garbage.
const heapBesideCache = 80 << 20

// tuneGC sets the garbage collector for serving, unless GOGC or GOMEMLIMIT
// say otherwise. A news server's live heap is small and pages allocate a
// lot of short-lived garbage; collecting less often cut page render times
// by a third on two cores. But the heap may then grow to five times what
// is live, and with a full page cache most of what is live is the cache:
// a memory limit of the cache's bound and a margin makes the collector
// work harder only when the heap nears it.
func tuneGC(cfg Config, getenv func(string) string) {
	if getenv("GOGC") == "" {
		debug.SetGCPercent(serverGCPercent)
	}
	if getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(int64(cfg.CacheMB)<<20 + heapBesideCache)
	}
}

// usageError is a command line that could not be parsed.
type usageError struct{ error }

// Config is the command line and environment, parsed.
type Config struct {
	Addr    string
	Data    string
	DB      string
	BaseURL string
	Theme   string
	Demo    bool
	// DBReplica, when set, is a read-only replica of the PostgreSQL
	// database that answers readers' public pages (--db-replica).
	DBReplica string
	// WeatherURL is the base of the Open-Meteo API, a self-hosted copy or
	// a test server.
	WeatherURL string
	// CacheMB bounds the page cache's memory; 0 turns the cache off.
	CacheMB int
	// CacheAge is how old the blocks repeated on many pages ("Latest
	// articles") may grow in a cached page before it is rendered again.
	CacheAge time.Duration
	// MaxRenders bounds the pages rendered at once for the cache; misses
	// past it get a kept copy or a quick 503.
	MaxRenders int
	// MetricsToken is the bearer token /metrics asks for; without it only
	// this machine may read them.
	MetricsToken string
	// StaticDir, when set, is the folder of the static mirror: every page
	// the cache keeps is written there for nginx to answer.
	StaticDir string
	// TrustedProxies are the reverse proxies whose X-Forwarded-For and
	// X-Forwarded-Proto are believed; none unless the operator names them.
	TrustedProxies *proxy.Trusted
	// Purger, when set, is the CDN or front cache told of every change
	// this process makes (--purge, with DATELINE_PURGE_TOKEN).
	Purger purge.Purger
	// LogFormat is how the log is written: json, text, or auto (text on
	// a terminal, JSON otherwise).
	LogFormat logs.Format
	// LogLevel is the least severe record written; each request's line
	// is at info.
	LogLevel slog.Level
	// MediaStore, when --media-store names a bucket, keeps the pictures in
	// object storage that every node shares, instead of <data>/media.
	MediaStore *media.S3Config
	// Backups, when --backup-dir is set, takes a backup every
	// --backup-every and keeps --backup-keep of them.
	Backups *backup.Schedule
	// Hasher hashes and checks the members' passwords; the zero Hasher
	// is production's (tests make it cheap, or count its work).
	Hasher auth.Hasher
	// Now is the clock the site's pages are made on; nil is time.Now
	// (tests fix it, to compare pages made by two programs).
	Now func() time.Time
}

// parseServe reads flags with environment fallbacks; flags win.
func parseServe(args []string, getenv func(string) string, stderr io.Writer) (Config, error) {
	env := func(name, def string) string {
		if v := getenv(name); v != "" {
			return v
		}
		return def
	}
	var c Config
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&c.Addr, "addr", env("DATELINE_ADDR", "127.0.0.1:8080"), "address to listen on")
	fs.StringVar(&c.Data, "data", env("DATELINE_DATA", "./data"), "data folder (database, media)")
	fs.StringVar(&c.DB, "db", env("DATELINE_DB", ""), "database: sqlite:PATH or postgres://USER@HOST/DATABASE (default sqlite:<data>/dateline.db)")
	fs.StringVar(&c.DBReplica, "db-replica", env("DATELINE_DB_REPLICA", ""), "read-only replica of the PostgreSQL database for readers' pages, feeds and searches: postgres://USER@HOST/DATABASE (default none: the primary answers them)")
	fs.StringVar(&c.BaseURL, "base-url", env("DATELINE_BASE_URL", ""), "public address of the site when its settings name none (default http://<addr>)")
	fs.StringVar(&c.Theme, "theme", env("DATELINE_THEME", ""), "theme folder overriding templates/ and static/ files")
	fs.BoolVar(&c.Demo, "demo", false, "fill an empty database with a demo newsroom")
	fs.StringVar(&c.WeatherURL, "weather-url", env("DATELINE_WEATHER_URL", weather.DefaultOpenMeteoURL), "base URL of the Open-Meteo weather API, or off for no weather")
	var cacheMB, maxRenders, cacheAge string
	fs.StringVar(&cacheMB, "cache-mb", env("DATELINE_CACHE_MB", "256"), "memory for the page cache, in MB (0 turns it off)")
	fs.StringVar(&cacheAge, "cache-age", env("DATELINE_CACHE_AGE", "60s"), "how old the blocks repeated on every page may grow in a cached page")
	fs.StringVar(&maxRenders, "max-renders", env("DATELINE_MAX_RENDERS", "64"), "pages rendered at once for the cache; misses past it get a quick 503")
	fs.StringVar(&c.StaticDir, "static-dir", env("DATELINE_STATIC_DIR", ""), "folder of the static mirror for nginx (off when empty; needs the cache)")
	fs.StringVar(&c.MetricsToken, "metrics-token", env("DATELINE_METRICS_TOKEN", ""), "bearer token for /metrics (without one, only this machine may read them)")
	var mediaStore string
	fs.StringVar(&mediaStore, "media-store", env("DATELINE_MEDIA_STORE", ""), "object storage for pictures, shared by every node: s3://BUCKET[/PREFIX]?endpoint=HOST:PORT[&region=R][&insecure=1], keys in AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (default the data folder)")
	var backups backupFlags
	backups.register(fs, env)
	var trustedProxies, purgeURL string
	fs.StringVar(&purgeURL, "purge", env("DATELINE_PURGE", ""), "CDN or front cache to purge by tag on every change: webhook+https://HOST/PATH, cloudflare://ZONE_ID, fastly://SERVICE_ID or varnish://HOST:PORT; the token in DATELINE_PURGE_TOKEN (default none)")
	var logFormat, logLevel string
	fs.StringVar(&logFormat, "log-format", env("DATELINE_LOG_FORMAT", "auto"), "log lines as json, text, or auto (text on a terminal, JSON otherwise)")
	fs.StringVar(&logLevel, "log-level", env("DATELINE_LOG_LEVEL", "info"), "least severe log lines written: debug, info (a line per request), warn or error")
	fs.StringVar(&trustedProxies, "trusted-proxies", env("DATELINE_TRUSTED_PROXIES", ""), "reverse proxies whose X-Forwarded-For and X-Forwarded-Proto are believed: addresses and CIDR ranges, comma-separated (default none)")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return c, err
		}
		return c, usageError{err}
	}
	if fs.NArg() > 0 {
		return c, fmt.Errorf("serve: unexpected argument %q", fs.Arg(0))
	}
	var err error
	if c.CacheMB, err = strconv.Atoi(cacheMB); err != nil || c.CacheMB < 0 || c.CacheMB > 1<<20 {
		return c, fmt.Errorf("--cache-mb %q: give a number of megabytes, or 0 to turn the cache off", cacheMB)
	}
	if c.MaxRenders, err = strconv.Atoi(maxRenders); err != nil || c.MaxRenders < 1 || c.MaxRenders > 100000 {
		return c, fmt.Errorf("--max-renders %q: give a number of pages, at least 1", maxRenders)
	}
	if c.StaticDir != "" && c.CacheMB == 0 {
		return c, errors.New("--static-dir needs the page cache: it mirrors what the cache keeps (--cache-mb is 0)")
	}
	if c.CacheAge, err = time.ParseDuration(cacheAge); err != nil || c.CacheAge < time.Second || c.CacheAge > 24*time.Hour {
		return c, fmt.Errorf("--cache-age %q: give a duration between 1s and 24h, such as 60s", cacheAge)
	}
	if c.Purger, err = purge.Parse(purgeURL, getenv("DATELINE_PURGE_TOKEN")); err != nil {
		return c, fmt.Errorf("--purge: %w", err)
	}
	if c.Purger != nil && c.CacheMB == 0 {
		return c, errors.New("--purge needs the page cache: the tags a CDN purges by are on the answers it keeps (--cache-mb is 0)")
	}
	if c.LogFormat, err = logs.ParseFormat(logFormat); err != nil {
		return c, fmt.Errorf("--log-format: %w", err)
	}
	if c.LogLevel, err = logs.ParseLevel(logLevel); err != nil {
		return c, fmt.Errorf("--log-level: %w", err)
	}
	if mediaStore != "" {
		s3, err := media.ParseS3(mediaStore, getenv)
		if err != nil {
			return c, fmt.Errorf("--media-store: %w", err)
		}
		c.MediaStore = &s3
	}
	if c.TrustedProxies, err = proxy.Parse(trustedProxies); err != nil {
		return c, fmt.Errorf("--trusted-proxies: %w", err)
	}
	if c.DB == "" {
		c.DB = "sqlite:" + filepath.Join(c.Data, "dateline.db")
	}
	if c.DBReplica != "" {
		if !isPostgres(c.DB) {
			return c, errors.New("--db-replica is a replica of a PostgreSQL database: --db must name one (postgres://…)")
		}
		if !isPostgres(c.DBReplica) {
			// Not repeated: it may hold a password.
			return c, errors.New("--db-replica: give the replica's URL, postgres://USER@HOST/DATABASE")
		}
	}
	if c.Backups, err = backups.schedule(c.DB, c.Data); err != nil {
		return c, err
	}
	if c.BaseURL == "" {
		c.BaseURL = "http://" + c.Addr
	}
	c.BaseURL = strings.TrimSuffix(c.BaseURL, "/")
	return c, nil
}

func serve(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	cfg, err := parseServe(args, getenv, stderr)
	if err != nil {
		return err
	}
	logger := logs.New(stderr, cfg.LogFormat, cfg.LogLevel)
	defer logger.Close()
	log := logger.Logger
	tuneGC(cfg, getenv)
	st, err := backend.OpenReplicated(ctx, cfg.DB, cfg.DBReplica)
	if err != nil {
		return err
	}
	defer st.Close()

	// Every write announces itself on one change feed; caches, the
	// settings appliers and, through the change log, other processes on
	// the same database subscribe to it.
	feed := &changes.Feed{}
	if cfg.Demo {
		log.Info("seeding demo newsroom (first run only)")
		seeded, err := demo.Seed(ctx, st, demo.Options{MediaDir: filepath.Join(cfg.Data, "media"), Now: time.Now(),
			Progress: demoProgress(log)})
		if err != nil {
			return err
		}
		if seeded {
			log.Info("demo newsroom ready")
		} else {
			log.Info("database already has content; demo left it unchanged")
		}
	}
	a, err := assemble(ctx, cfg, st, feed, getenv, log)
	if err != nil {
		return err
	}
	// Background work lives as long as the server and is waited for on
	// the way out. The view counter and the change log's journal stop
	// after the server: their last writes must see the last requests.
	bg, stopBackground := context.WithCancel(context.Background())
	var background sync.WaitGroup
	defer func() { stopBackground(); background.Wait() }()
	a.background(bg, &background)
	if cfg.Backups != nil {
		cfg.Backups.Logger = log.With("component", "backup")
		cfg.Backups.Leases, cfg.Backups.Node = st, a.journal.Origin()
		background.Go(func() { cfg.Backups.Run(bg) })
	}
	last, stopLast := context.WithCancel(context.Background())
	var lastDone sync.WaitGroup
	lastDone.Go(func() { a.views.Run(last) })
	lastDone.Go(func() { a.journal.Run(last) })
	defer func() { stopLast(); lastDone.Wait() }()

	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return err
	}
	url := "http://" + ln.Addr().String() + "/"
	log.Info("dateline is serving", "url", url, "db", cfg.DB, "db_replica", cfg.DBReplica != "", "trusted_proxies", cfg.TrustedProxies.String())
	fmt.Fprintf(stdout, "dateline: open %s\n", url)
	return a.front.Run(ctx, ln)
}

// demoProgress logs how far seeding the demo has come: each step as it is
// done, and the pictures and stories every tenth one, so a first start
// says what it is doing for the seconds it takes.
func demoProgress(log *slog.Logger) func(step string, done, total int) {
	return func(step string, done, total int) {
		if done == total || done%10 == 0 {
			log.Info("seeding demo newsroom", "step", step, "done", done, "of", total)
		}
	}
}

// weatherOff is the --weather-url that switches the weather off.
const weatherOff = "off"

// startWeather makes the background weather fetcher for the site's
// location. The header shows its reading only while the settings name the
// place (a weather label); the admin can set one later without a restart.
//
// --weather-url off switches it off: no fetcher, no weather in the header,
// for a site that shows none or a machine that cannot reach any.
func startWeather(ctx context.Context, st store.Store, baseURL string, feed *changes.Feed, node string, log *slog.Logger) (*weather.Fetcher, func() *site.Weather, error) {
	if baseURL == weatherOff {
		log.Info("weather is off (--weather-url off): the header shows none")
		return nil, func() *site.Weather { return nil }, nil
	}
	set, err := st.Settings(ctx)
	if err != nil {
		return nil, nil, err
	}
	provider, err := weather.NewOpenMeteo(weather.OpenMeteoConfig{BaseURL: baseURL})
	if err != nil {
		return nil, nil, fmt.Errorf("--weather-url: %w", err)
	}
	units, err := weather.ParseUnits(set.Units)
	if err != nil {
		log.Warn("unknown temperature units in settings; using celsius", "units", set.Units)
		units = weather.Celsius
	}
	fetcher := weather.NewFetcher(weather.FetcherConfig{
		Provider: provider,
		Location: weather.Location{Latitude: set.Latitude, Longitude: set.Longitude},
		Label:    set.WeatherLabel,
		Units:    units,
		Logger:   log.With("component", "weather"),
		Hint: fmt.Sprintf("this machine may be offline or %s unreachable: point --weather-url (DATELINE_WEATHER_URL) at an Open-Meteo it can reach, "+
			"or switch the weather off with --weather-url off", baseURL),
		Changes: feed,
		// One node of those on the database fetches; all show it.
		Shared: st, Node: node,
	})
	return fetcher, func() *site.Weather {
		d := fetcher.Current()
		if d == nil || d.Label == "" {
			return nil
		}
		return &site.Weather{Temperature: d.Temperature, Label: d.Label, Condition: d.Condition, Icon: d.Icon}
	}, nil
}

// startMail sends through the SMTP server named by DATELINE_SMTP_HOST
// (with _PORT, _USER, _PASSWORD, _FROM), which wins, or else through the
// one in the newsroom's mail settings, which an administrator can change
// while the server runs. Without either, mail is written to the log so
// nothing fails.
func startMail(ctx context.Context, siteSettings *settings.Service, getenv func(string) string, log *slog.Logger) (*mail.Switch, error) {
	sw := &mail.Switch{Logger: log.With("component", "mail")}
	if host := getenv("DATELINE_SMTP_HOST"); host != "" {
		port, _ := strconv.Atoi(getenv("DATELINE_SMTP_PORT"))
		set := mail.Settings{Host: host, Port: port, Username: getenv("DATELINE_SMTP_USER"),
			Password: getenv("DATELINE_SMTP_PASSWORD"), From: getenv("DATELINE_SMTP_FROM")}
		sw.Set(mail.NewSender(set.Config()))
		sw.Fixed = true
		return sw, nil
	}
	set, err := siteSettings.Mail(ctx)
	switch {
	case errors.Is(err, settings.ErrUnreadable):
		log.Warn("stored mail settings unreadable; writing mail to the log", "err", err)
	case err != nil:
		return nil, err
	}
	sw.Use(set)
	return sw, nil
}

// startComments builds the comment service with the site's stored secret
// and the comment policy from the settings (defaults until an editor
// changes them).
func startComments(ctx context.Context, st store.Store, baseURL string, policy func(context.Context) (comments.Policy, error), mailer comments.Mailer, feed *changes.Feed, log *slog.Logger) (*comments.Service, error) {
	secret, err := st.Secret(ctx, "comments")
	if err != nil {
		return nil, err
	}
	return comments.New(st, comments.Config{Secret: secret, BaseURL: baseURL, Policy: policy, Mailer: mailer,
		Logger: log.With("component", "comments"), Changes: feed,
		// Akismet is asked only once an editor enters a key in the settings.
		SpamCheck: comments.AkismetFromPolicy(&http.Client{Timeout: comments.AkismetTimeout})})
}

// queuedMail lets the newsroom send mail through the persistent queue.
type queuedMail struct{ q *mail.Queue }

func (m queuedMail) Send(ctx context.Context, to, subject, text string) error {
	return m.q.Enqueue(ctx, mail.Message{To: []string{to}, Subject: subject, Text: text})
}
