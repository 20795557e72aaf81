package e2e

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/storage"
	"github.com/chromedp/chromedp"
)

// chromiumFlags are the flags every Chromium of this package starts with,
// the one chromedp drives and the ones Lighthouse launches: headless, no
// sandbox (CI runs as root) and nothing that reaches for outside hosts —
// these machines have no internet.
var chromiumFlags = []string{
	"--headless",
	"--no-sandbox",
	"--disable-gpu",
	"--no-first-run",
	"--disable-background-networking",
	"--disable-component-update",
	"--disable-sync",
}

// browser is the Chromium that the journeys and axe drive.
type browser struct {
	ctx  context.Context // a chromedp context whose browser is running
	stop func()
}

// startBrowser starts Chromium with a fresh profile.
func startBrowser(chromium, profile, logPath string) (*browser, error) {
	logFile, err := os.Create(logPath)
	if err != nil {
		return nil, err
	}
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(chromium),
		chromedp.UserDataDir(profile),
		chromedp.CombinedOutput(logFile),
	}
	for _, f := range chromiumFlags {
		opts = append(opts, chromedp.Flag(strings.TrimPrefix(f, "--"), true))
	}
	opts = append(opts,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("hide-scrollbars", true), // screenshots and widths without a scrollbar
		chromedp.Flag("mute-audio", true),
		chromedp.Flag("disable-extensions", true),
		chromedp.Flag("disable-default-apps", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("force-color-profile", "srgb"), // the same colours on every machine
		chromedp.Flag("lang", "en-US"),
		chromedp.WindowSize(1280, 900),
	)
	alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelCtx := chromedp.NewContext(alloc)
	stop := func() {
		closing, cancel := context.WithTimeout(ctx, 10*time.Second)
		chromedp.Cancel(closing) // closes the browser gracefully
		cancel()
		cancelCtx()
		cancelAlloc()
		logFile.Close()
	}
	if err := chromedp.Do(ctx); err != nil {
		stop()
		return nil, fmt.Errorf("start %s: %w (its output is in %s)", chromium, err, logPath)
	}
	return &browser{ctx: ctx, stop: stop}, nil
}

// tab is one browser tab of one test, in a browser context of its own (its
// own cookies and storage), with its console watched: an uncaught
// exception or a console error fails the test unless the test allowed it.
type tab struct {
	t       *testing.T
	e       *env
	ctx     context.Context
	opened  bool // a page of the site has been opened in this tab
	mu      sync.Mutex
	console []chromedp.ConsoleMessage
	allowed []*regexp.Regexp
}

// newTab opens a tab with a desktop-sized viewport, 1280 by 900.
func (e *env) newTab(t *testing.T) *tab {
	t.Helper()
	ctx, cancel := chromedp.NewContext(e.browser.ctx, chromedp.WithNewBrowserContext())
	if err := chromedp.Do(ctx); err != nil {
		cancel()
		t.Fatalf("open a browser tab: %v", err)
	}
	tb := &tab{t: t, e: e}
	messages := chromedp.Console(ctx)
	read := make(chan struct{})
	go func() {
		defer close(read)
		for m, err := range messages {
			if err != nil {
				return
			}
			tb.mu.Lock()
			tb.console = append(tb.console, m)
			tb.mu.Unlock()
		}
	}()
	// Actions get a time limit; the tab itself lives as long as the test.
	actions, cancelActions := context.WithTimeout(ctx, 4*time.Minute)
	tb.ctx = actions
	t.Cleanup(func() {
		cancelActions()
		cancel()
		<-read
		tb.checkConsole()
	})
	tb.viewport(1280, 900, false)
	tb.do(reducedMotion)
	tb.checkNoCookies()
	return tb
}

// Every journey starts from a clean browser: its tabs live in a browser
// context of their own, which chromedp creates for each and disposes of
// after it (chromedp.WithNewBrowserContext), so no cookie, stored comment
// name or session of an earlier journey reaches it. These checks say so
// loudly should that ever stop being true, instead of letting a journey
// fail later for a reason that depends on the order the tests ran in
// (issue 16 suspected a remembered name behind "a comment without a name
// is refused" failing in full runs; the contexts were already apart).

// checkNoCookies fails the test if the tab's browser context holds any
// cookie before the journey has done anything.
func (tb *tab) checkNoCookies() {
	tb.t.Helper()
	var cookies []*network.Cookie
	tb.do(chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		res, err := cdp.Call(ctx, t, storage.GetCookies, storage.GetCookiesParams{})
		cookies = res.Cookies
		return err
	}))
	for _, c := range cookies {
		tb.t.Errorf("a new tab's browser context already has cookie %s for %s: journeys are not apart", c.Name, c.Domain)
	}
}

// checkNoStorage fails the test if the site's local or session storage
// holds anything when the tab first opens one of its pages.
func (tb *tab) checkNoStorage() {
	tb.t.Helper()
	left := evaluate[[]string](tb, `[...Array(localStorage.length).keys()].map(i => 'localStorage ' + localStorage.key(i))
		.concat([...Array(sessionStorage.length).keys()].map(i => 'sessionStorage ' + sessionStorage.key(i)))`)
	for _, k := range left {
		tb.t.Errorf("a new tab finds %s on the site: an earlier journey's state reached it", k)
	}
}

// reducedMotion asks pages for no animation, as a reader may: the site's
// smooth scrolling otherwise moves a button while a click scrolls to it,
// and the click lands beside it (the journey "a comment without a name is
// refused" failed so, now and then, after typing had scrolled the form).
var reducedMotion = motion("reduce")

// motion emulates a reader's prefers-reduced-motion setting: "reduce" or
// "no-preference".
func motion(value string) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := cdp.Call(ctx, t, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
			Features: []*emulation.MediaFeature{{Name: "prefers-reduced-motion", Value: value}},
		})
		return err
	})
}

// as makes the tab report to t, a subtest of the test that opened it,
// until the subtest ends (subtests here run one at a time).
func (tb *tab) as(t *testing.T) *tab {
	parent := tb.t
	tb.t = t
	t.Cleanup(func() { tb.t = parent })
	return tb
}

// allowConsole lets console messages matching re pass, such as the log
// line Chromium writes for a 422 answer a test asked for.
func (tb *tab) allowConsole(re string) {
	tb.allowed = append(tb.allowed, regexp.MustCompile(re))
}

func (tb *tab) checkConsole() {
	tb.mu.Lock()
	defer tb.mu.Unlock()
	for _, m := range tb.console {
		if !m.IsException() && m.Type != "error" {
			continue
		}
		// The browser's own guess at an icon, not something the page asked
		// for; the audits check that pages declare their icon.
		if strings.HasSuffix(m.URL, "/favicon.ico") {
			continue
		}
		allowed := false
		for _, re := range tb.allowed {
			allowed = allowed || re.MatchString(m.Text)
		}
		if !allowed {
			tb.t.Errorf("browser console %s: %s (%s:%d)", m.Type, m.Text, m.URL, m.Line+1)
		}
	}
}

// viewport sizes the page; mobile turns on phone emulation (touch, mobile
// viewport rules). The scale stays 1 so screenshots are width pixels wide.
func (tb *tab) viewport(width, height int64, mobile bool) {
	tb.t.Helper()
	opts := []chromedp.EmulateViewportOption{chromedp.EmulateScale(1)}
	if mobile {
		opts = append(opts, chromedp.EmulateMobile, chromedp.EmulateTouch, chromedp.EmulatePortrait)
	}
	tb.do(chromedp.EmulateViewport(width, height, opts...))
}

// do runs actions, failing the test on the first error.
func (tb *tab) do(actions ...chromedp.Action[chromedp.Void]) {
	tb.t.Helper()
	if err := chromedp.Do(tb.ctx, actions...); err != nil {
		tb.t.Fatalf("browser: %v", err)
	}
}

// open navigates to a site path and checks the HTTP status of the page.
func (tb *tab) open(path string, wantStatus int) {
	tb.t.Helper()
	resp, err := chromedp.Run(tb.ctx, chromedp.NavigateResponse(tb.e.url(path)))
	if err != nil {
		tb.t.Fatalf("open %s: %v%s", path, err, tb.e.server.gone())
	}
	if int(resp.Status) != wantStatus {
		tb.t.Fatalf("open %s: status %d, want %d", path, resp.Status, wantStatus)
	}
	if !tb.opened {
		tb.opened = true
		tb.checkNoStorage()
	}
}

// steady scrolls the element sel to the middle of the window and waits
// until it has stopped moving (the same box two animation frames running),
// for a click that follows: a click lands where the element was when it
// was measured, so one still sliding (smooth scrolling, a picture above
// it loading) can miss it.
func (tb *tab) steady(sel string) {
	tb.t.Helper()
	ok := evaluate[bool](tb, fmt.Sprintf(`(async sel => {
		const el = document.querySelector(sel);
		if (!el) return false;
		el.scrollIntoView({block: 'center', behavior: 'instant'});
		let last = '';
		for (let i = 0; i < 120; i++) {
			await new Promise(done => requestAnimationFrame(() => done()));
			const r = el.getBoundingClientRect();
			const now = [r.x, r.y, r.width, r.height].join();
			if (now === last) return true;
			last = now;
		}
		return false;
	})(%q)`, sel))
	if !ok {
		tb.t.Fatalf("%s is missing or never stopped moving", sel)
	}
}

// clickSteady clicks sel once it is steady.
func (tb *tab) clickSteady(sel string) {
	tb.t.Helper()
	tb.steady(sel)
	tb.do(chromedp.Click(chromedp.CSS(sel), chromedp.NodeVisible))
}

// follow runs actions that load a new page (a click on a link, a form
// submitted with Enter) and waits for it; the new page must answer 200.
func (tb *tab) follow(what string, actions ...chromedp.Action[chromedp.Void]) {
	tb.t.Helper()
	resp, err := chromedp.RunResponse(tb.ctx, actions...)
	if err != nil {
		tb.t.Fatalf("%s: %v%s", what, err, tb.e.server.gone())
	}
	if resp.Status != http.StatusOK {
		tb.t.Fatalf("%s: landed on %s with status %d", what, resp.URL, resp.Status)
	}
}

// location is the address of the page in the tab.
func (tb *tab) location() string {
	tb.t.Helper()
	loc, err := chromedp.Run(tb.ctx, chromedp.Location())
	if err != nil {
		tb.t.Fatalf("read location: %v", err)
	}
	return loc
}

// waitFor polls a JavaScript expression until it is truthy, across page
// loads: a click that was meant to run a script may load a page instead.
func (tb *tab) waitFor(what, expr string, limit time.Duration) {
	tb.t.Helper()
	if err := tb.poll(expr, limit); err != nil {
		tb.t.Fatalf("waiting for %s: %v", what, err)
	}
}

func (tb *tab) poll(expr string, limit time.Duration) error {
	deadline := time.Now().Add(limit)
	for {
		// A poll ends with the page it started on, so each one is short.
		_, err := chromedp.Run(tb.ctx, chromedp.Poll[chromedp.Void](expr,
			chromedp.WithPollingInterval(50*time.Millisecond), chromedp.WithPollingTimeout(time.Second)))
		if err == nil || time.Now().After(deadline) || tb.ctx.Err() != nil {
			return err
		}
	}
}

// evaluate runs a JavaScript expression and decodes its value; a promise
// is awaited.
func evaluate[T any](tb *tab, expr string) T {
	tb.t.Helper()
	v, err := chromedp.Run(tb.ctx, chromedp.Evaluate[T](expr, chromedp.EvalAwaitPromise))
	if err != nil {
		tb.t.Fatalf("evaluate %q: %v", abbreviate(expr, 120), err)
	}
	return v
}

func abbreviate(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if len(s) > n {
		return s[:n] + "…"
	}
	return s
}

// settle waits until the fonts and the images in view have loaded and
// been decoded, and the page painted with them, and fails the test on an
// image in view that did not load. Loaded is not enough for a screenshot:
// a picture with decoding="async" may still be undecoded, and headless
// Chromium then paints a blank box where it goes (the lead pictures of
// earlier screenshots).
func (tb *tab) settle() {
	tb.t.Helper()
	broken := evaluate[[]string](tb, `(async () => {
		await document.fonts.ready;
		const inView = [...document.images].filter(i => {
			const r = i.getBoundingClientRect();
			return r.width > 0 && r.bottom > 0 && r.top < innerHeight;
		});
		await Promise.all(inView.map(i => i.complete ? null : new Promise(done => {
			i.addEventListener('load', done, {once: true});
			i.addEventListener('error', done, {once: true});
		})));
		await Promise.all(inView.filter(i => i.naturalWidth > 0).map(i => i.decode().catch(() => null)));
		await new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)));
		return inView.filter(i => i.naturalWidth === 0).map(i => i.currentSrc || i.src);
	})()`)
	if len(broken) > 0 {
		tb.t.Errorf("images in view that did not load: %v", broken)
	}
}
