package readership_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"dateline/internal/content"
	"dateline/internal/readership"
	"dateline/internal/store"
)

const browser = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1"

func TestRobotsAreNotCounted(t *testing.T) {
	for ua, bot := range map[string]bool{
		browser: false,
		"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36": false,
		"Mozilla/5.0 (Linux; Android 14) Firefox/127.0":                                                               false,
		"Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)":                                    true,
		"Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)":                                     true,
		"Mozilla/5.0 (compatible; Yahoo! Slurp; http://help.yahoo.com/help/us/ysearch/slurp)":                         true,
		"facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)":                                   true,
		"Mozilla/5.0 (compatible; AhrefsBot/7.0; +http://ahrefs.com/robot/)":                                          true,
		"Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; GPTBot/1.0)":                                  true,
		"Baiduspider+(+http://www.baidu.com/search/spider.htm)":                                                       true,
		"Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/126.0 Safari/537.36":   true,
		"Mozilla/5.0 (Windows NT 6.1; WOW64) AppleWebKit/534+ (KHTML, like Gecko) BingPreview/1.0b":                   true,
		"curl/8.5.0":               true,
		"Wget/1.21.4":              true,
		"python-requests/2.32.3":   true,
		"Go-http-client/1.1":       true,
		"Some Crawler Inc. v2":     true,
		"":                         true,
		"   ":                      true,
		"Mozilla/5.0 SPIDER thing": true,
	} {
		if got := readership.IsBot(ua); got != bot {
			t.Errorf("IsBot(%q) = %v, want %v", ua, got, bot)
		}
	}
}

func TestViewsAreCountedInBatches(t *testing.T) {
	ctx := context.Background()
	d := newDesk(t)
	a := d.article(t, d.author, content.StatusPublished)
	b := d.article(t, d.author, content.StatusPublished)
	bangkok, _ := time.LoadLocation("Asia/Bangkok")
	// 16:55 UTC is 23:55 in Bangkok: ten minutes later it is the next day.
	d.clock.Advance(9*time.Hour + 50*time.Minute)
	vc := readership.NewViewCounter(readership.ViewCounterConfig{Store: d.st, Zone: bangkok, Now: d.clock.Now})

	counted := 0
	for i := range 6 {
		if vc.Count(a.ID, browser) {
			counted++
		}
		if i%2 == 0 && vc.Count(b.ID, browser) {
			counted++
		}
	}
	if vc.Count(a.ID, "Googlebot/2.1") || vc.Count(0, browser) {
		t.Error("a robot or a missing article was counted")
	}
	if days, _ := d.st.ViewsPerDay(ctx, 0, "2025-07-14", "2025-07-15"); len(days) != 0 || counted != 9 {
		t.Fatalf("before a flush: %v in the store, %d counted", days, counted)
	}
	must(t, vc.Flush(ctx))
	d.clock.Advance(10 * time.Minute)
	vc.Count(a.ID, browser)
	must(t, vc.Flush(ctx))
	must(t, vc.Flush(ctx)) // nothing new: nothing added

	days, err := d.st.ViewsPerDay(ctx, 0, "2025-07-14", "2025-07-15")
	must(t, err)
	if fmt.Sprint(days) != "[{2025-07-14 9} {2025-07-15 1}]" {
		t.Errorf("per day = %v", days)
	}
	top, err := d.st.MostRead(ctx, "2025-07-14", 10)
	must(t, err)
	if len(top) != 2 || top[0].Article.ID != a.ID || top[0].Views != 7 || top[1].Views != 3 {
		t.Errorf("most read = %+v", top)
	}
}

// failing is the real store with AddViews failing while fail is set, as
// when the disk is full.
type failing struct {
	readership.ViewStore
	mu   sync.Mutex
	fail bool
}

func (f *failing) AddViews(ctx context.Context, counts map[int64]int, day string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.fail {
		return errors.New("disk full")
	}
	return f.ViewStore.AddViews(ctx, counts, day)
}

func TestViewsThatCouldNotBeWrittenAreKept(t *testing.T) {
	ctx := context.Background()
	d := newDesk(t)
	a := d.article(t, d.author, content.StatusPublished)
	st := &failing{ViewStore: d.st, fail: true}
	vc := readership.NewViewCounter(readership.ViewCounterConfig{Store: st, Now: d.clock.Now})
	vc.Count(a.ID, browser)
	if err := vc.Flush(ctx); err == nil {
		t.Fatal("a failed write was not reported")
	}
	vc.Count(a.ID, browser)
	st.fail = false
	must(t, vc.Flush(ctx))
	if days, _ := d.st.ViewsPerDay(ctx, a.ID, "2025-07-14", "2025-07-14"); fmt.Sprint(days) != "[{2025-07-14 2}]" {
		t.Errorf("per day = %v", days)
	}
}

// Run writes what was counted when its context ends, so a shutdown after
// the server stops serving loses no views.
func TestViewCounterFlushesOnShutdown(t *testing.T) {
	d := newDesk(t)
	a := d.article(t, d.author, content.StatusPublished)
	vc := readership.NewViewCounter(readership.ViewCounterConfig{Store: d.st, Every: time.Hour, Now: d.clock.Now})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		vc.Run(ctx)
	}()
	var wg sync.WaitGroup
	for range 50 {
		wg.Go(func() { vc.Count(a.ID, browser) })
	}
	wg.Wait()
	cancel()
	<-done
	days, err := d.st.ViewsPerDay(context.Background(), a.ID, "2025-07-14", "2025-07-14")
	must(t, err)
	if fmt.Sprint(days) != "[{2025-07-14 50}]" {
		t.Errorf("after shutdown: %v", days)
	}
}

// refusingDisk is a store whose disk refuses the views, telling each try.
type refusingDisk struct {
	readership.ViewStore
	tried chan struct{}
}

func (r *refusingDisk) AddViews(context.Context, map[int64]int, string) error {
	select {
	case r.tried <- struct{}{}:
	default:
	}
	return fmt.Errorf("write views: %w", store.ErrFull)
}

// A disk that refuses writes is the store's to log, once: the flushes
// that it refuses say nothing.
func TestFlushesRefusedByTheDiskAreNotLogged(t *testing.T) {
	d := newDesk(t)
	a := d.article(t, d.author, content.StatusPublished)
	var logged bytes.Buffer
	st := &refusingDisk{ViewStore: d.st, tried: make(chan struct{})}
	vc := readership.NewViewCounter(readership.ViewCounterConfig{Store: st, Every: time.Millisecond, Now: d.clock.Now,
		Logger: slog.New(slog.NewTextHandler(&logged, nil))})
	vc.Count(a.ID, browser)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		vc.Run(ctx)
	}()
	for range 3 {
		<-st.tried
	}
	cancel()
	<-done
	if strings.Contains(logged.String(), "writing views") {
		t.Errorf("flushes refused by the disk were logged:\n%s", logged.String())
	}
}
