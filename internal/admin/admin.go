package admin

import (
	"context"
	"dateline/internal/alerts"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"time"

	"dateline/internal/articles"
	"dateline/internal/auth"
	"dateline/internal/content"
	"dateline/internal/members"
	"dateline/internal/settings"
	"dateline/internal/store"
	"dateline/internal/taxonomy"
	"dateline/internal/web"
)

// Store is what the newsroom pages need from storage.
type Store interface {
	store.People
	store.Accounts
	store.AccountAdmin
	store.Taxonomy
	store.TaxonomyAdmin
	store.Media
	store.Site
	store.Limits
}

// Mailer sends one plain-text email. The integrator adapts the mail queue
// to it; Send should only enqueue, so a slow mail server never holds up a
// page.
type Mailer interface {
	Send(ctx context.Context, to, subject, text string) error
}

// Config is what the newsroom needs from main. Store is required; every
// other field has a working default or turns its feature off.
type Config struct {
	Store  Store
	Logger *slog.Logger
	Now    func() time.Time // the clock; time.Now when nil
	// Sessions signs members in and out; auth.NewSessions(Store) when nil.
	Sessions *auth.Sessions
	// Throttle slows down password guessing; auth.NewThrottle(Store) when
	// nil.
	Throttle *auth.Throttle
	// Hasher hashes new passwords; the zero Hasher uses the production
	// parameters.
	Hasher auth.Hasher
	// Mailer sends password reset and invitation links; without it the
	// forgotten-password page says that mail is not set up.
	Mailer Mailer
	// BaseURL is the site's absolute address, for links in mail when the
	// settings hold none. Links are never built from the request's Host,
	// which anyone can set.
	BaseURL string
	// Articles is the article workflow; without it the article pages say
	// that the editor is not connected yet.
	Articles *articles.Service
	// Preview renders an unsaved article as its public page (site.Preview).
	Preview func(w http.ResponseWriter, r *http.Request, a content.Article) error
	// Settings saves the site settings, the comment policy and the mail
	// server; the parts of the program that apply them subscribe to it.
	// Without it the forms save through a service of their own, and
	// nothing else hears of the change.
	Settings *settings.Service
	// CheckWeather fetches the weather once and describes the reading, or
	// returns the provider's error word for word, for the settings page.
	CheckWeather func(ctx context.Context) (string, error)
	// Comments moderates readers' comments for the queue at
	// /admin/comments/; without it the queue says that it is not connected
	// yet.
	Comments Moderator
	// MailServer is the mail server in use, which the mail settings page
	// tests; without it the page only stores the settings.
	MailServer MailServer
	// Media is the media library behind the upload forms; without it the
	// library can be browsed but not added to.
	Media MediaLibrary
	// Taxonomy changes sections and tags; without it the pages change
	// them through a service of their own, and nothing else hears of it.
	Taxonomy *taxonomy.Service
	// Members adds, changes and deletes members; without it the pages use
	// a service of their own (hashing with Hasher), and nothing else hears
	// of the changes.
	Members *members.Service
	// Alerts puts breaking-news alerts up and takes them down; without it
	// the alerts page says that it is not connected.
	Alerts *alerts.Service
}

// Admin serves the newsroom.
type Admin struct {
	store        Store
	log          *slog.Logger
	now          func() time.Time
	sessions     *auth.Sessions
	throttle     *auth.Throttle
	resets       *auth.Throttle // limits reset mails per address and client
	resetQueue   chan string    // addresses /admin/forgot asked a link for, for SendResets
	devicesMu    sync.Mutex
	devices      *auth.Devices // made at the first sign-in, with its key from the store
	hasher       auth.Hasher
	mailer       Mailer
	baseURL      string
	articles     *articles.Service
	preview      func(w http.ResponseWriter, r *http.Request, a content.Article) error
	settingsSvc  *settings.Service
	checkWeather func(ctx context.Context) (string, error)
	comments     Moderator
	media        MediaLibrary
	mailServer   MailServer
	taxonomy     *taxonomy.Service
	members      *members.Service
	alerts       *alerts.Service

	pages  *web.Pages
	errors *web.Errors
}

// New prepares the newsroom: it parses every template once, so a broken
// template fails at start rather than on a member's request.
func New(cfg Config) (*Admin, error) {
	if cfg.Store == nil {
		return nil, fmt.Errorf("admin: no store")
	}
	a := &Admin{
		store:        cfg.Store,
		log:          cfg.Logger,
		now:          cfg.Now,
		sessions:     cfg.Sessions,
		throttle:     cfg.Throttle,
		hasher:       cfg.Hasher,
		mailer:       cfg.Mailer,
		baseURL:      strings.TrimSuffix(cfg.BaseURL, "/"),
		articles:     cfg.Articles,
		preview:      cfg.Preview,
		settingsSvc:  cfg.Settings,
		checkWeather: cfg.CheckWeather,
		comments:     cfg.Comments,
		media:        cfg.Media,
		mailServer:   cfg.MailServer,
		alerts:       cfg.Alerts,
	}
	if a.log == nil {
		a.log = slog.New(slog.DiscardHandler)
	}
	if a.now == nil {
		a.now = time.Now
	}
	if a.settingsSvc == nil {
		a.settingsSvc = settings.New(settings.Config{Store: cfg.Store, Logger: a.log})
	}
	if a.sessions == nil {
		a.sessions = auth.NewSessions(cfg.Store)
		a.sessions.Now = a.now
	}
	if a.throttle == nil {
		a.throttle = auth.NewThrottle(cfg.Store)
		a.throttle.Now = a.now
	}
	a.resets = auth.NewThrottle(cfg.Store)
	a.resets.Now, a.resets.Name = a.now, "reset"
	a.resetQueue = make(chan string, resetQueueSize)
	if a.taxonomy = cfg.Taxonomy; a.taxonomy == nil {
		a.taxonomy = taxonomy.New(taxonomy.Config{Store: cfg.Store})
	}
	if a.members = cfg.Members; a.members == nil {
		a.members = members.New(members.Config{Store: cfg.Store, Hasher: cfg.Hasher})
	}
	a.errors = a.errorPages()
	var err error
	a.pages, err = web.Load(web.Theme{Files: embedded, StaticPrefix: "/admin/static/", Pages: pageNames, Funcs: a.funcs()})
	if err != nil {
		return nil, fmt.Errorf("admin: %w", err)
	}
	return a, nil
}

// Handler returns the newsroom, to be mounted at "/admin/". The route
// table is the newsroom's table of contents; each page names the action a
// member's role must allow.
func (a *Admin) Handler() http.Handler {
	mux := http.NewServeMux()
	// Signing in and out: open to everyone.
	mux.Handle("GET /admin/login", a.handle(a.loginForm))
	mux.Handle("POST /admin/login", a.handle(a.login))
	mux.Handle("POST /admin/logout", a.handle(a.logout))
	mux.Handle("GET /admin/forgot", a.handle(a.forgotForm))
	mux.Handle("POST /admin/forgot", a.handle(a.forgot))
	mux.Handle("GET /admin/reset", a.handle(a.resetForm))
	mux.Handle("POST /admin/reset", a.handle(a.reset))
	mux.Handle("GET /admin/static/{file...}", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !a.pages.Assets.Serve(w, r, r.PathValue("file")) {
			http.NotFound(w, r)
		}
	}))

	mux.Handle("GET /admin/{$}", a.page(auth.ActViewDashboard, a.dashboard))

	mux.Handle("GET /admin/profile", a.page("", a.profile))
	mux.Handle("POST /admin/profile", a.page("", a.saveProfile))
	mux.Handle("POST /admin/profile/password", a.page("", a.changePassword))
	mux.Handle("POST /admin/profile/sessions/{id}/end", a.page("", a.endSession))
	mux.Handle("POST /admin/profile/sessions/end-all", a.page("", a.endAllSessions))
	mux.Handle("POST /admin/profile/tokens", a.page(auth.ActManageOwnTokens, a.createToken))
	mux.Handle("POST /admin/profile/tokens/{id}/revoke", a.page(auth.ActManageOwnTokens, a.revokeToken))

	mux.Handle("GET /admin/users", a.page(auth.ActManageUsers, a.users))
	mux.Handle("GET /admin/users/new", a.page(auth.ActManageUsers, a.newUser))
	mux.Handle("POST /admin/users", a.page(auth.ActManageUsers, a.createUser))
	mux.Handle("GET /admin/users/{id}", a.page(auth.ActManageUsers, a.editUser))
	mux.Handle("POST /admin/users/{id}", a.page(auth.ActManageUsers, a.saveUser))
	mux.Handle("POST /admin/users/{id}/delete", a.page(auth.ActManageUsers, a.deleteUser))

	mux.Handle("GET /admin/settings", a.page(auth.ActManageSettings, a.settings))
	mux.Handle("POST /admin/settings", a.page(auth.ActManageSettings, a.saveSettings))
	mux.Handle("POST /admin/settings/weather", a.page(auth.ActManageSettings, a.weatherCheck))
	mux.Handle("GET /admin/settings/mail", a.page(auth.ActManageSettings, a.mailSettings))
	mux.Handle("POST /admin/settings/mail", a.page(auth.ActManageSettings, a.saveMailSettings))
	mux.Handle("POST /admin/settings/mail/test", a.page(auth.ActManageSettings, a.testMail))

	mux.Handle("GET /admin/sections", a.page(auth.ActManageTaxonomy, a.sections))
	mux.Handle("POST /admin/sections", a.page(auth.ActManageTaxonomy, a.createSection))
	mux.Handle("GET /admin/sections/{id}", a.page(auth.ActManageTaxonomy, a.editSection))
	mux.Handle("POST /admin/sections/{id}", a.page(auth.ActManageTaxonomy, a.saveSection))
	mux.Handle("POST /admin/sections/{id}/move", a.page(auth.ActManageTaxonomy, a.moveSection))
	mux.Handle("POST /admin/sections/{id}/delete", a.page(auth.ActManageTaxonomy, a.deleteSection))
	mux.Handle("GET /admin/tags", a.page(auth.ActManageTaxonomy, a.tags))
	mux.Handle("POST /admin/tags", a.page(auth.ActManageTaxonomy, a.createTag))
	mux.Handle("GET /admin/tags/{id}", a.page(auth.ActManageTaxonomy, a.editTag))
	mux.Handle("POST /admin/tags/{id}", a.page(auth.ActManageTaxonomy, a.saveTag))
	mux.Handle("POST /admin/tags/{id}/merge", a.page(auth.ActManageTaxonomy, a.mergeTag))
	mux.Handle("POST /admin/tags/{id}/delete", a.page(auth.ActManageTaxonomy, a.deleteTag))
	mux.Handle("GET /admin/tags.json", a.page(auth.ActWriteDraft, a.tagSuggestions))

	mux.Handle("GET /admin/articles", a.page(auth.ActWriteDraft, a.articleList))
	mux.Handle("GET /admin/articles/new", a.page(auth.ActWriteDraft, a.newArticle))
	mux.Handle("POST /admin/articles/new", a.page(auth.ActWriteDraft, a.saveArticle))
	mux.Handle("GET /admin/articles/{id}", a.page(auth.ActWriteDraft, a.editArticle))
	mux.Handle("POST /admin/articles/{id}", a.page(auth.ActWriteDraft, a.saveArticle))
	mux.Handle("POST /admin/articles/autosave", a.page(auth.ActWriteDraft, a.autosave))
	mux.Handle("GET /admin/articles/{id}/revisions", a.page(auth.ActWriteDraft, a.revisions))
	mux.Handle("GET /admin/articles/{id}/revisions/{rev}", a.page(auth.ActWriteDraft, a.revisionDiff))
	mux.Handle("POST /admin/articles/{id}/revisions/{rev}/restore", a.page(auth.ActWriteDraft, a.restoreRevision))
	mux.Handle("POST /admin/articles/{id}/corrections", a.page(auth.ActWriteDraft, a.addCorrection))
	mux.Handle("POST /admin/articles/{id}/withdraw", a.page(auth.ActPublishOthers, a.killArticle))
	mux.Handle("POST /admin/articles/{id}/corrections/{correction}", a.page(auth.ActWriteDraft, a.editCorrection))
	mux.Handle("POST /admin/articles/{id}/delete", a.page(auth.ActWriteDraft, a.deleteArticle))
	mux.Handle("GET /admin/articles/{id}/live", a.page(auth.ActWriteDraft, a.liveBlogDesk))
	mux.Handle("POST /admin/articles/{id}/live", a.page(auth.ActWriteDraft, a.postEntry))
	mux.Handle("POST /admin/articles/{id}/live/state", a.page(auth.ActWriteDraft, a.liveState))
	mux.Handle("GET /admin/articles/{id}/live/{entry}", a.page(auth.ActWriteDraft, a.editEntry))
	mux.Handle("POST /admin/articles/{id}/live/{entry}", a.page(auth.ActWriteDraft, a.saveEntry))
	mux.Handle("POST /admin/articles/{id}/live/{entry}/{action}", a.page(auth.ActWriteDraft, a.entryAction))
	mux.Handle("GET /admin/alerts", a.page(auth.ActPostAlerts, a.alertDesk))
	mux.Handle("POST /admin/alerts", a.page(auth.ActPostAlerts, a.postAlert))
	mux.Handle("POST /admin/alerts/{id}/delete", a.page(auth.ActPostAlerts, a.removeAlert))
	mux.Handle("POST /admin/preview", a.page(auth.ActWriteDraft, a.previewPage))
	mux.Handle("POST /admin/preview-fragment", a.page(auth.ActWriteDraft, a.previewFragment))

	mux.Handle("GET /admin/comments/{$}", a.page(auth.ActModerateComments, a.withModerator(a.commentQueue)))
	mux.Handle("POST /admin/comments/bulk", a.page(auth.ActModerateComments, a.withModerator(a.bulkModerate)))
	mux.Handle("POST /admin/comments/{id}/{action}", a.page(auth.ActModerateComments, a.withModerator(a.moderate)))
	mux.Handle("GET /admin/comments/{id}/edit", a.page(auth.ActModerateComments, a.withModerator(a.editComment)))
	mux.Handle("POST /admin/comments/{id}/edit", a.page(auth.ActModerateComments, a.withModerator(a.saveComment)))
	mux.Handle("GET /admin/comments/{id}/reply", a.page(auth.ActModerateComments, a.withModerator(a.replyForm)))
	mux.Handle("POST /admin/comments/{id}/reply", a.page(auth.ActModerateComments, a.withModerator(a.reply)))
	mux.Handle("GET /admin/comments/settings", a.page(auth.ActManageSettings, a.commentSettings))
	mux.Handle("POST /admin/comments/settings", a.page(auth.ActManageSettings, a.saveCommentSettings))
	mux.Handle("GET /admin/media/{$}", a.page(auth.ActUploadMedia, a.library))
	mux.Handle("POST /admin/media/{$}", a.page(auth.ActUploadMedia, a.upload))
	mux.Handle("GET /admin/media/pick", a.page(auth.ActWriteDraft, a.picker))
	mux.Handle("GET /admin/media/{id}", a.page(auth.ActUploadMedia, a.image))
	mux.Handle("POST /admin/media/{id}", a.page(auth.ActUploadMedia, a.saveImage))

	mux.Handle("/admin/", a.handle(func(w http.ResponseWriter, r *http.Request) error { return errNotFound() }))
	return auth.CSRF(adminHeaders(mux))
}

// adminHeaders keeps newsroom pages out of caches and search engines.
func adminHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("X-Robots-Tag", "noindex, nofollow")
		if !strings.HasPrefix(r.URL.Path, "/admin/static/") {
			h.Set("Cache-Control", "no-store")
		}
		next.ServeHTTP(w, r)
	})
}

type notYetView struct {
	layout
	Name string
}
