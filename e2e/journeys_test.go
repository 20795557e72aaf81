package e2e

import (
	"encoding/json"
	"fmt"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"
	_ "time/tzdata" // the site's zone on machines without a zone database

	"github.com/chromedp/chromedp"
)

// siteZone is the demo newsroom's time zone, in which the header shows
// today's date.
const siteZone = "Asia/Bangkok"

// header is what the masthead shows.
type header struct {
	Today         string `json:"today"`
	TodayISO      string `json:"todayISO"`
	Weather       string `json:"weather"`
	WeatherIcon   string `json:"weatherIcon"`
	SiteName      string `json:"siteName"`
	NavLinks      int    `json:"navLinks"`
	SearchLabeled bool   `json:"searchLabeled"`
}

const readHeader = `(() => {
	const text = sel => (document.querySelector(sel)?.textContent ?? '').replace(/\s+/g, ' ').trim();
	const q = document.querySelector('#site-search-q');
	return {
		today: text('.masthead time.today'),
		todayISO: document.querySelector('.masthead time.today')?.getAttribute('datetime') ?? '',
		weather: text('.masthead .weather'),
		weatherIcon: document.querySelector('.masthead .weather [role=img]')?.getAttribute('aria-label') ?? '',
		siteName: text('.masthead .logo'),
		navLinks: document.querySelectorAll('nav.sections a').length,
		searchLabeled: !!(q && q.labels && q.labels.length),
	};
})()`

// articlePage is what a reader sees on an article, section by section of
// the reference page (../shared/DESIGN.md).
type articlePage struct {
	H1Count        int      `json:"h1Count"`
	H1             string   `json:"h1"`
	Section        string   `json:"section"`
	Byline         string   `json:"byline"`
	Published      string   `json:"published"`
	DatelineFirst  bool     `json:"datelineFirst"`
	Dateline       string   `json:"dateline"`
	MustRead       string   `json:"mustRead"`
	MustReadLinks  int      `json:"mustReadLinks"`
	MoreArticles   string   `json:"moreArticles"`
	MoreLinks      int      `json:"moreLinks"`
	ReplyTitle     string   `json:"replyTitle"`
	FormMethod     string   `json:"formMethod"`
	FormFields     []string `json:"formFields"`
	Latest         string   `json:"latest"`
	LatestLinks    int      `json:"latestLinks"`
	MustReadBeside bool     `json:"mustReadBeside"`
	InOrder        bool     `json:"inOrder"`
	MissingInOrder []string `json:"missingInOrder"`
}

const readArticle = `(() => {
	const text = sel => (document.querySelector(sel)?.textContent ?? '').replace(/\s+/g, ' ').trim();
	const count = sel => document.querySelectorAll(sel).length;
	const first = document.querySelector('.story-body p');
	const dateline = first?.firstElementChild;
	const form = document.querySelector('#comment-form');
	const replyTitle = document.querySelector('#reply-title')?.firstChild?.textContent?.trim() ?? '';
	// The reference page, top to bottom, with "Must read" after the story
	// (issue 16: outside the <article> reader modes take, and after the
	// story on a phone).
	// The rail's "Latest articles" and "Most read" come last: beside the
	// story on a desktop, after the comments on a phone.
	const order = ['h1', '.byline', '.story-body', '#must-read-heading', '#related-heading', '#reply-title', '#latest-heading', '#most-read-heading'];
	const box = sel => document.querySelector(sel)?.getBoundingClientRect();
	const must = box('aside.must-read'), body = box('.story-body');
	const nodes = order.map(sel => document.querySelector(sel));
	return {
		h1Count: count('h1'),
		h1: text('h1'),
		section: text('.story-header .kicker'),
		byline: text('.byline .author'),
		published: document.querySelector('.byline time')?.getAttribute('datetime') ?? '',
		datelineFirst: !!(dateline && first.firstChild === dateline && dateline.classList.contains('dateline')),
		dateline: dateline?.textContent ?? '',
		mustRead: text('#must-read-heading'),
		mustReadLinks: count('.must-read a.must-read-link'),
		moreArticles: text('#related-heading'),
		moreLinks: count('.related .card-title a'),
		replyTitle,
		formMethod: form?.getAttribute('method') ?? '',
		formFields: form ? [...form.elements].map(el => el.name).filter(Boolean) : [],
		latest: text('#latest-heading'),
		latestLinks: count('.latest a.headline-link'),
		mustReadBeside: !!(must && body && must.left >= body.right && must.top < body.bottom),
		inOrder: nodes.every(Boolean) && nodes.every((n, i) => i === 0 || (nodes[i - 1].compareDocumentPosition(n) & Node.DOCUMENT_POSITION_FOLLOWING)),
		missingInOrder: order.filter((sel, i) => !nodes[i]),
	};
})()`

// A dateline: the place in capitals, the date, and a dash ("MOSCOW, April 14 — ").
var datelinePattern = regexp.MustCompile(`^[A-Z][A-Z .'-]*, [A-Z][a-z]+ \d{1,2} — $`)

func TestReaderOpensAnArticleFromTheHomePage(t *testing.T) {
	e := setup(t)
	tb := e.newTab(t)
	zone, err := time.LoadLocation(siteZone)
	if err != nil {
		t.Fatal(err)
	}

	before := time.Now().In(zone)
	tb.open("/", 200)
	after := time.Now().In(zone)
	h := evaluate[header](tb, readHeader)
	t.Run("the header shows today's date in the site's zone", func(t *testing.T) {
		want := []string{before.Format("Monday, January 2, 2006"), after.Format("Monday, January 2, 2006")}
		if !slices.Contains(want, h.Today) {
			t.Errorf("header date %q, want %q (today in %s)", h.Today, want[1], siteZone)
		}
		if !slices.Contains([]string{before.Format(time.DateOnly), after.Format(time.DateOnly)}, h.TodayISO) {
			t.Errorf("header date's datetime %q, want %s", h.TodayISO, after.Format(time.DateOnly))
		}
	})
	t.Run("the header shows the weather with its label", func(t *testing.T) {
		// The local weather service answers 29.5 °C, partly cloudy.
		if !strings.Contains(h.Weather, "29.5") || !strings.Contains(h.Weather, "Thailand") {
			t.Errorf("weather widget %q, want 29.5 °C and the label Thailand", h.Weather)
		}
		if h.WeatherIcon == "" {
			t.Error("the weather icon has no accessible name")
		}
	})
	t.Run("the header has the site's name, sections and a labelled search box", func(t *testing.T) {
		if h.SiteName != "The Siam Dateline" {
			t.Errorf("site name %q", h.SiteName)
		}
		if h.NavLinks < 5 {
			t.Errorf("%d section links, want the demo's sections", h.NavLinks)
		}
		if !h.SearchLabeled {
			t.Error("the search box has no label")
		}
	})

	headline := evaluate[string](tb, `document.querySelector('.lead-title a').textContent.trim()`)
	tb.follow("click the lead story's headline", chromedp.Click(chromedp.CSS(".lead-title a"), chromedp.NodeVisible))
	loc := tb.location()
	if !regexp.MustCompile(`/\d{4}/\d{2}/\d{2}/[^/]+/$`).MatchString(loc) {
		t.Errorf("the headline led to %s, want an article permalink /YYYY/MM/DD/slug/", loc)
	}
	a := evaluate[articlePage](tb, readArticle)

	t.Run("the headline is the page's one h1", func(t *testing.T) {
		if a.H1Count != 1 || a.H1 != headline {
			t.Errorf("%d h1, first %q; want one h1 %q", a.H1Count, a.H1, headline)
		}
		if a.Section == "" {
			t.Error("no section above the headline")
		}
	})
	t.Run("the byline names the author and the publication time", func(t *testing.T) {
		if !strings.HasPrefix(a.Byline, "By ") || len(a.Byline) < 5 {
			t.Errorf("byline %q, want By <author>", a.Byline)
		}
		if _, err := time.Parse(time.RFC3339, a.Published); err != nil {
			t.Errorf("publication time %q: %v", a.Published, err)
		}
	})
	t.Run("the dateline opens the first paragraph", func(t *testing.T) {
		if !a.DatelineFirst {
			t.Fatalf("the first paragraph of the story does not start with its dateline (first child %q)", a.Dateline)
		}
		if !datelinePattern.MatchString(a.Dateline) {
			t.Errorf("dateline %q, want PLACE, Month D — ", a.Dateline)
		}
	})
	t.Run("the reference page's sections are there, in its order", func(t *testing.T) {
		checks := []struct{ name, got, want string }{
			{"editors' picks", a.MustRead, "Must read"},
			{"related articles", a.MoreArticles, "More articles"},
			{"comment form", a.ReplyTitle, "Leave a reply"},
			{"newest articles", a.Latest, "Latest articles"},
		}
		for _, c := range checks {
			if c.got != c.want {
				t.Errorf("%s heading %q, want %q", c.name, c.got, c.want)
			}
		}
		if a.MustReadLinks == 0 || a.MoreLinks == 0 || a.LatestLinks == 0 {
			t.Errorf("links: %d must-read, %d more articles, %d latest; want some of each", a.MustReadLinks, a.MoreLinks, a.LatestLinks)
		}
		if !a.InOrder {
			t.Errorf("sections out of the reference page's order (missing: %v)", a.MissingInOrder)
		}
		if !a.MustReadBeside {
			t.Error(`on a 1280 px screen "Must read" is not beside the story`)
		}
	})
	t.Run("the comment form has the WordPress field names", func(t *testing.T) {
		if !strings.EqualFold(a.FormMethod, "post") {
			t.Errorf("comment form method %q, want post", a.FormMethod)
		}
		for _, name := range []string{"comment", "author", "email", "url", "parent"} {
			if !slices.Contains(a.FormFields, name) {
				t.Errorf("comment form has no field %q (fields: %v)", name, a.FormFields)
			}
		}
	})

	t.Run("a related article opens in turn", func(t *testing.T) {
		tb := tb.as(t)
		next := evaluate[string](tb, `document.querySelector('.related .card-title a').textContent.trim()`)
		tb.follow("click a More articles headline", chromedp.Click(chromedp.CSS(".related .card-title a"), chromedp.NodeVisible))
		if got := evaluate[string](tb, `document.querySelector('h1').textContent.trim()`); got != next {
			t.Errorf("h1 %q, want %q", got, next)
		}
	})
}

// suggestion is one entry of the header search's suggestion list.
type suggestion struct {
	Title string `json:"title"`
	URL   string `json:"url"`
}

const readSuggestions = `[...document.querySelectorAll('#site-search-suggestions a')].map(a => ({title: a.textContent, url: a.getAttribute('href')}))`

const suggestionsShown = `(() => {
	const list = document.getElementById('site-search-suggestions');
	return !list.hidden && list.querySelectorAll('a').length > 0;
})()`

func TestReaderSearches(t *testing.T) {
	e := setup(t)

	t.Run("typing in the header search box shows suggestions from /search/suggest", func(t *testing.T) {
		tb := e.newTab(t)
		tb.open("/", 200)
		tb.do(chromedp.SendKeys(chromedp.CSS("#site-search-q"), "flood", chromedp.NodeVisible))
		tb.waitFor("search suggestions", suggestionsShown, 10*time.Second)
		shown := evaluate[[]suggestion](tb, readSuggestions)
		want := suggestionsFor(t, e, "flood")
		if !slices.Equal(shown, want) {
			t.Errorf("suggestions shown:\n%v\nwant what /search/suggest?q=flood answers:\n%v", shown, want)
		}
		tb.follow("click the first suggestion", chromedp.Click(chromedp.CSS("#site-search-suggestions a"), chromedp.NodeVisible))
		if got := evaluate[string](tb, `document.querySelector('h1').textContent.trim()`); got != want[0].Title {
			t.Errorf("the suggestion opened %q, want %q", got, want[0].Title)
		}
	})

	t.Run("submitting the search box finds the article", func(t *testing.T) {
		tb := e.newTab(t)
		tb.open("/", 200)
		tb.follow("type a word and press Enter", chromedp.SendKeys(chromedp.CSS("#site-search-q"), "flood\n", chromedp.NodeVisible))
		checkSearch(t, tb, "flood", "Flash floods close roads in eastern Bangkok after overnight downpour")
	})

	t.Run("a Thai word finds the article that has it", func(t *testing.T) {
		const word = "ตลาดนัด" // "weekend market"
		tb := e.newTab(t)
		tb.open("/", 200)
		tb.do(chromedp.SendKeys(chromedp.CSS("#site-search-q"), word, chromedp.NodeVisible))
		tb.waitFor("search suggestions for a Thai word", suggestionsShown, 10*time.Second)
		shown := evaluate[[]suggestion](tb, readSuggestions)
		if len(shown) == 0 || !strings.Contains(shown[0].Title, word) {
			t.Errorf("suggestions for %s: %v, want the weekend markets story first", word, shown)
		}
		tb.follow("press Enter", chromedp.SendKeys(chromedp.CSS("#site-search-q"), "\n"))
		title := checkSearch(t, tb, word, "Bangkok's weekend markets ("+word+") face new licensing rules")
		if marks := evaluate[[]string](tb, `[...document.querySelectorAll('.search-result mark')].map(m => m.textContent)`); !slices.Contains(marks, word) {
			t.Errorf("highlighted words %q, want %s", marks, word)
		}
		tb.follow("open the result", chromedp.Click(chromedp.CSS(".search-result .card-title a"), chromedp.NodeVisible))
		if got := evaluate[string](tb, `document.querySelector('h1').textContent.trim()`); got != title {
			t.Errorf("the result opened %q, want %q", got, title)
		}
	})
}

// suggestionsFor asks the suggestion endpoint directly.
func suggestionsFor(t *testing.T, e *env, q string) []suggestion {
	t.Helper()
	body, err := get(t.Context(), e.url("/search/suggest?q="+url.QueryEscape(q)))
	if err != nil {
		t.Fatal(err)
	}
	var s []suggestion
	if err := json.Unmarshal(body, &s); err != nil {
		t.Fatalf("/search/suggest answer %s: %v", body, err)
	}
	if len(s) == 0 {
		t.Fatalf("/search/suggest?q=%s suggests nothing", q)
	}
	return s
}

// checkSearch checks that the tab shows the search page for q with a
// result titled want, and returns that title.
func checkSearch(t *testing.T, tb *tab, q, want string) string {
	t.Helper()
	u, err := url.Parse(tb.location())
	if err != nil {
		t.Fatal(err)
	}
	if u.Path != "/search" || u.Query().Get("q") != q {
		t.Errorf("landed on %s, want /search?q=%s", u, q)
	}
	if got := evaluate[string](tb, `document.querySelector('#search-q').value`); got != q {
		t.Errorf("the search page's box holds %q, want %q", got, q)
	}
	titles := evaluate[[]string](tb, `[...document.querySelectorAll('.search-result .card-title a')].map(a => a.textContent.trim())`)
	if !slices.Contains(titles, want) {
		t.Errorf("results for %q: %q, want %q among them", q, titles, want)
	}
	return want
}

// overflow lists what sticks out to the right of the viewport, outside any
// scrolling box: the elements that make a page scroll sideways.
const overflow = `(() => {
	const width = document.documentElement.clientWidth;
	const clipped = el => {
		for (let p = el.parentElement; p && p !== document.documentElement; p = p.parentElement) {
			if (getComputedStyle(p).overflowX !== 'visible') return true;
		}
		return false;
	};
	const name = el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
		(typeof el.className === 'string' && el.className.trim() ? '.' + el.className.trim().split(/\s+/).join('.') : '');
	const out = [];
	for (const el of document.body.querySelectorAll('*')) {
		const r = el.getBoundingClientRect();
		if (r.right > width + 0.5 && !clipped(el)) out.push(name(el) + ' reaches ' + Math.round(r.right) + 'px');
	}
	return {
		scrollWidth: document.documentElement.scrollWidth,
		innerWidth: window.innerWidth,
		culprits: out.slice(0, 10),
	};
})()`

type overflowReport struct {
	ScrollWidth int      `json:"scrollWidth"`
	InnerWidth  int      `json:"innerWidth"`
	Culprits    []string `json:"culprits"`
}

// navLink is one link of the section navigation as a reader can reach it.
type navLink struct {
	Href      string  `json:"href"`
	Rect      []int   `json:"rect"` // left, top, right, bottom, viewport width and height
	InView    bool    `json:"inView"`
	OnTop     bool    `json:"onTop"`
	Width     float64 `json:"width"`
	Height    float64 `json:"height"`
	Scrolling bool    `json:"scrolling"`
}

// reachNavLink scrolls the navigation strip to the link with the given
// href, as a finger would, and says whether it is then on screen and not
// covered by anything.
const reachNavLink = `((href) => {
	const a = [...document.querySelectorAll('nav.sections a')].find(a => a.getAttribute('href') === href);
	a.scrollIntoView({block: 'nearest', inline: 'nearest', behavior: 'instant'});
	const r = a.getBoundingClientRect();
	const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
	const strip = a.closest('ul');
	return {
		href,
		rect: [r.left, r.top, r.right, r.bottom, document.documentElement.clientWidth, innerHeight].map(Math.round),
		// A pixel of slack: layout rounds to fractions of a pixel.
		inView: r.left >= -1 && r.right <= document.documentElement.clientWidth + 1 && r.top >= -1 && r.bottom <= innerHeight + 1,
		onTop: !!hit && (hit === a || a.contains(hit)),
		width: r.width,
		height: r.height,
		scrolling: strip.scrollWidth > strip.clientWidth,
	};
})`

func TestNarrowScreen(t *testing.T) {
	e := setup(t)
	phone := func(t *testing.T) *tab {
		tb := e.newTab(t)
		tb.viewport(360, 740, true)
		return tb
	}

	for _, name := range []string{"home", "article", "category", "search", "search-thai"} {
		t.Run(name+" does not scroll sideways at 360 pixels", func(t *testing.T) {
			tb := phone(t)
			tb.open(e.pagePath(t, name), 200)
			tb.settle()
			r := evaluate[overflowReport](tb, overflow)
			if r.ScrollWidth > r.InnerWidth {
				t.Errorf("document is %d px wide in a %d px window; too wide: %v", r.ScrollWidth, r.InnerWidth, r.Culprits)
			}
		})
	}

	t.Run("every section link can be reached and tapped", func(t *testing.T) {
		tb := phone(t)
		tb.open("/", 200)
		hrefs := evaluate[[]string](tb, `[...document.querySelectorAll('nav.sections a')].map(a => a.getAttribute('href'))`)
		if len(hrefs) < 5 {
			t.Fatalf("section links %v, want the demo's sections", hrefs)
		}
		scrolls := false
		for _, href := range hrefs {
			l := evaluate[navLink](tb, fmt.Sprintf("%s(%q)", reachNavLink, href))
			scrolls = scrolls || l.Scrolling
			if !l.InView || !l.OnTop {
				t.Errorf("section link %s cannot be brought on screen uncovered (in view %v, on top %v; left, top, right, bottom, viewport: %v)", href, l.InView, l.OnTop, l.Rect)
			}
			// WCAG 2.2 target size (minimum): 24 by 24 CSS pixels.
			if l.Width < 24 || l.Height < 24 {
				t.Errorf("section link %s is %.0f×%.0f px, want at least 24×24 to tap", href, l.Width, l.Height)
			}
		}
		if !scrolls {
			t.Log("the section strip fits 360 px without scrolling")
		}
		last := hrefs[len(hrefs)-1]
		tb.follow("tap the last section", chromedp.Click(chromedp.CSS(fmt.Sprintf("nav.sections a[href=%q]", last)), chromedp.NodeVisible))
		if u, _ := url.Parse(tb.location()); u == nil || u.Path != last {
			t.Errorf("tapping %s landed on %s", last, tb.location())
		}
		current := evaluate[string](tb, `document.querySelector('nav.sections a[aria-current=page]')?.getAttribute('href') ?? ''`)
		if current != last {
			t.Errorf("the section link marked current is %q, want %q", current, last)
		}
	})
}
