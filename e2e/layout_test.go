package e2e

import (
	"fmt"
	"path/filepath"
	"testing"

	"github.com/chromedp/chromedp"
)

// The layout a reader sees, measured in the browser (issue 16): what the
// first screen of the front page holds, the article's column and rail,
// where "Must read" goes on a phone, the section strip's scroll cue and
// the Thai font.

// frontScreen is what the front page's first screen at 1280×900 shows.
type frontScreen struct {
	Masthead       float64 `json:"masthead"`       // the masthead's height
	LeadPicture    bool    `json:"leadPicture"`    // the lead's picture whole on screen, loaded
	ThumbHeadlines int     `json:"thumbHeadlines"` // headlines with a loaded picture beside them, whole on screen
	MostRead       int     `json:"mostRead"`
	GridColumns    int     `json:"gridColumns"` // cards side by side on the first line of the latest news
	GridExcerpts   int     `json:"gridExcerpts"`
	GridPictures   int     `json:"gridPictures"`
	SectionRows    [][]int `json:"sectionRows"` // section blocks by line: their heights
	BareHeadlines  int     `json:"bareHeadlines"`
}

const readFrontScreen = `(() => {
	const box = el => el.getBoundingClientRect();
	const whole = r => r.top >= 0 && r.bottom <= innerHeight && r.left >= 0 && r.right <= innerWidth && r.width > 0;
	const loaded = img => img && img.complete && img.naturalWidth > 0;
	const lead = document.querySelector('.front .lead-image img');
	const thumbs = [...document.querySelectorAll('.front .story-item')].filter(li => {
		const img = li.querySelector('.thumb img'), link = li.querySelector('.headline-link');
		return loaded(img) && whole(box(img)) && whole(box(link));
	});
	const cards = [...document.querySelectorAll('.latest-news .module-grid > .card')];
	const firstTop = cards.length ? Math.round(box(cards[0]).top) : 0;
	const rows = new Map();
	for (const b of document.querySelectorAll('.section-blocks > .section-block')) {
		const r = box(b), top = Math.round(r.top);
		if (!rows.has(top)) rows.set(top, []);
		rows.get(top).push(Math.round(r.height));
	}
	return {
		masthead: box(document.querySelector('header.masthead')).height,
		leadPicture: loaded(lead) && whole(box(lead)),
		thumbHeadlines: thumbs.length,
		mostRead: document.querySelectorAll('section.most-read-strip li').length,
		gridColumns: cards.filter(c => Math.round(box(c).top) === firstTop).length,
		gridExcerpts: cards.filter(c => c.querySelector('.card-excerpt')).length,
		gridPictures: cards.filter(c => c.querySelector('.card-image img')).length,
		sectionRows: [...rows.values()],
		bareHeadlines: [...document.querySelectorAll('.section-list .story-item')].filter(li => !li.querySelector('img')).length,
	};
})()`

func TestFrontPageLayout(t *testing.T) {
	e := setup(t)
	tb := e.newTab(t)
	tb.open("/", 200)
	tb.settle()
	f := evaluate[frontScreen](tb, readFrontScreen)
	t.Logf("first screen at 1280×900: %+v", f)
	t.Run("the masthead is compact", func(t *testing.T) {
		if f.Masthead > 160 {
			t.Errorf("the masthead is %.0f px tall, want at most 160", f.Masthead)
		}
	})
	t.Run("the first screen shows the lead picture and five headlines with pictures", func(t *testing.T) {
		if !f.LeadPicture {
			t.Error("the lead's picture is not whole and loaded on the first screen")
		}
		if f.ThumbHeadlines < 5 {
			t.Errorf("%d top stories with their pictures on the first screen, want 5", f.ThumbHeadlines)
		}
	})
	t.Run("most read, a grid of stories and sections side by side", func(t *testing.T) {
		if f.MostRead < 3 {
			t.Errorf("%d stories in the most read strip, want 5", f.MostRead)
		}
		if f.GridColumns < 3 || f.GridExcerpts == 0 || f.GridPictures == 0 {
			t.Errorf("latest news: %d cards to a line, %d with standfirsts, %d with pictures; want 3 to a line, with both",
				f.GridColumns, f.GridExcerpts, f.GridPictures)
		}
		if len(f.SectionRows) == 0 || len(f.SectionRows[0]) < 3 {
			t.Fatalf("section blocks by line %v, want three side by side", f.SectionRows)
		}
		// Blocks on one line about as tall as each other: no block that is
		// a picture and bare headlines with space below them.
		for _, row := range f.SectionRows {
			lo, hi := row[0], row[0]
			for _, h := range row {
				lo, hi = min(lo, h), max(hi, h)
			}
			if float64(lo) < 0.8*float64(hi) {
				t.Errorf("section blocks on one line are %v px tall: the short one leaves a gap", row)
			}
		}
		if f.BareHeadlines > 0 {
			t.Errorf("%d section headlines without their picture", f.BareHeadlines)
		}
	})

	t.Run("a lead without a picture fills its place", func(t *testing.T) {
		tb := e.newTab(t)
		tb.open("/", 200)
		// The markup the home page has for a lead without a picture (its
		// template's lead-no-image), made from the demo's lead.
		evaluate[bool](tb, `(() => {
			const lead = document.querySelector('.front .lead');
			lead.querySelector('.lead-image').remove();
			lead.classList.add('lead-no-image');
			return true;
		})()`)
		tb.settle()
		type panel struct {
			Lead       []float64 `json:"lead"`
			Top        []float64 `json:"top"`
			Background string    `json:"background"`
			Title      float64   `json:"title"`
		}
		p := evaluate[panel](tb, `(() => {
			const r = el => { const b = el.getBoundingClientRect(); return [b.top, b.bottom]; };
			const lead = document.querySelector('.front .lead');
			return {lead: r(lead), top: r(document.querySelector('.front .top-stories')),
				background: getComputedStyle(lead).backgroundColor,
				title: parseFloat(getComputedStyle(lead.querySelector('.lead-title')).fontSize)};
		})()`)
		if p.Lead[1] < p.Top[1]-1 {
			t.Errorf("the lead ends at %.0f px and the top stories beside it at %.0f: a blank space below the lead", p.Lead[1], p.Top[1])
		}
		if p.Background == "rgba(0, 0, 0, 0)" || p.Background == "transparent" {
			t.Error("the picture-less lead has no panel of its own")
		}
		if p.Title < 40 {
			t.Errorf("the picture-less lead's headline is %.0f px, want it set large", p.Title)
		}
		shoot(t, tb, filepath.Join(e.artifacts, "home-lead-without-picture.png"))
	})
}

// articleLayout is where the parts of an article page are.
type articleLayout struct {
	Picture    []float64 `json:"picture"` // left, right
	Text       []float64 `json:"text"`
	Header     []float64 `json:"header"`
	RailBeside bool      `json:"railBeside"`
	RailLists  []string  `json:"railLists"`
	RailSticky string    `json:"railSticky"`
	// While the reader is half-way down the story and at its end, the
	// rail's top and bottom.
	RailMid []float64 `json:"railMid"`
	RailEnd []float64 `json:"railEnd"`
	Height  float64   `json:"height"`
}

const readArticleLayout = `(async () => {
	const lr = el => { const b = el.getBoundingClientRect(); return [b.left, b.right]; };
	const tb = el => { const b = el.getBoundingClientRect(); return [b.top, b.bottom]; };
	const frame = () => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)));
	const body = document.querySelector('.story-body'), rail = document.querySelector('.rail');
	const out = {
		picture: lr(document.querySelector('.story-image img')),
		text: lr(body),
		header: lr(document.querySelector('.story-header')),
		railBeside: rail.getBoundingClientRect().left >= body.getBoundingClientRect().right,
		railLists: [...rail.querySelectorAll('h2')].map(h => h.textContent.trim()),
		railSticky: getComputedStyle(rail).position,
		height: innerHeight,
	};
	const at = y => { window.scrollTo({top: y, behavior: 'instant'}); };
	const b = body.getBoundingClientRect(), top = scrollY + b.top;
	at(top + b.height / 2); await frame(); out.railMid = tb(rail);
	at(top + b.height - innerHeight / 2); await frame(); out.railEnd = tb(rail);
	return out;
})()`

func TestArticleLayout(t *testing.T) {
	e := setup(t)
	t.Run("on a desktop the picture and the text line up and the rail stays in view", func(t *testing.T) {
		tb := e.newTab(t)
		tb.open(e.pagePath(t, "article"), 200)
		tb.settle()
		a := evaluate[articleLayout](tb, readArticleLayout)
		t.Logf("%+v", a)
		for _, edge := range []int{0, 1} {
			if d := a.Picture[edge] - a.Text[edge]; d > 1 || d < -1 {
				t.Errorf("the picture's %s edge is at %.0f px, the text's at %.0f", []string{"left", "right"}[edge], a.Picture[edge], a.Text[edge])
			}
			if d := a.Header[edge] - a.Text[edge]; d > 1 || d < -1 {
				t.Errorf("the headline's %s edge is at %.0f px, the text's at %.0f", []string{"left", "right"}[edge], a.Header[edge], a.Text[edge])
			}
		}
		if !a.RailBeside || len(a.RailLists) != 2 || a.RailLists[0] != "Latest articles" || a.RailLists[1] != "Most read" {
			t.Errorf("rail beside the story %v with %q, want Latest articles and Most read", a.RailBeside, a.RailLists)
		}
		if a.RailSticky != "sticky" {
			t.Errorf("the rail is %s, want sticky", a.RailSticky)
		}
		for name, r := range map[string][]float64{"half-way down the story": a.RailMid, "at its end": a.RailEnd} {
			if r[0] < 0 || r[1] > a.Height {
				t.Errorf("%s the rail is at %.0f–%.0f px in a %.0f px window, want it whole in view", name, r[0], r[1], a.Height)
			}
		}
	})

	t.Run("on a phone Must read comes after the story, not between the picture and the text", func(t *testing.T) {
		tb := e.newTab(t)
		tb.viewport(390, 844, true)
		tb.open(e.pagePath(t, "article"), 200)
		type phone struct {
			AfterPicture string  `json:"afterPicture"`
			MustTop      float64 `json:"mustTop"`
			StoryBottom  float64 `json:"storyBottom"`
		}
		p := evaluate[phone](tb, `(() => {
			const next = document.querySelector('.story-image').nextElementSibling;
			return {afterPicture: next ? next.className : '',
				mustTop: document.querySelector('aside.must-read').getBoundingClientRect().top + scrollY,
				storyBottom: document.querySelector('.story-body').getBoundingClientRect().bottom + scrollY};
		})()`)
		if p.AfterPicture != "story-body" {
			t.Errorf("after the picture comes %q, want the story's text", p.AfterPicture)
		}
		if p.MustTop < p.StoryBottom {
			t.Errorf(`"Must read" starts at %.0f px, before the story's text ends at %.0f`, p.MustTop, p.StoryBottom)
		}
	})

	t.Run("on a phone the section strip shows that it scrolls", func(t *testing.T) {
		tb := e.newTab(t)
		tb.viewport(390, 844, true)
		tb.open(e.pagePath(t, "article"), 200)
		checkStrip(t, tb, false)
	})
	t.Run("on a phone the strip of the last section's page shows it, and that the strip goes on to the left", func(t *testing.T) {
		tb := e.newTab(t)
		tb.viewport(390, 844, true)
		tb.open("/", 200)
		last := evaluate[string](tb, `[...document.querySelectorAll('nav.sections a')].pop().getAttribute('href')`)
		tb.open(last, 200)
		checkStrip(t, tb, true)
	})
}

// checkStrip checks the section strip's scroll cue on a phone: a fade and
// an arrow where it is cut, gone once scrolled to that end, the current
// section in view; scrolled says the strip is expected to start scrolled
// (the current section is the last), so cut on the left.
func checkStrip(t *testing.T, tb *tab, scrolled bool) {
	t.Helper()
	{
		type strip struct {
			Scrolls bool     `json:"scrolls"`
			Cut     []string `json:"cut"` // links cut by the strip's right edge
			Cue     string   `json:"cue"` // the ::after fade's opacity
			Arrow   bool     `json:"arrow"`
			CueEnd  string   `json:"cueEnd"`
			Current bool     `json:"current"` // the current section is in view
		}
		s := evaluate[strip](tb, fmt.Sprintf(`(async scrolled => {
			const nav = document.querySelector('nav.sections'), ul = nav.querySelector('ul');
			const frame = () => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)));
			await frame();
			const box = ul.getBoundingClientRect();
			const cur = nav.querySelector('[aria-current]').getBoundingClientRect();
			const side = scrolled ? '::before' : '::after';
			const out = {
				scrolls: ul.scrollWidth > ul.clientWidth,
				cut: [...ul.querySelectorAll('a')].filter(a => { const r = a.getBoundingClientRect();
					return scrolled ? r.right > box.left && r.left < box.left - 0.5 : r.left < box.right && r.right > box.right + 0.5; }).map(a => a.textContent),
				cue: getComputedStyle(nav, side).opacity,
				arrow: scrolled || getComputedStyle(nav, side).backgroundImage.includes('svg'),
				current: cur.left >= box.left - 0.5 && cur.right <= box.right + 0.5,
			};
			ul.scrollLeft = scrolled ? 0 : ul.scrollWidth;
			// The scroll event comes at the next frame, the cue at the one after.
			for (let i = 0; i < 10 && getComputedStyle(nav, side).opacity !== '0'; i++) await frame();
			out.cueEnd = getComputedStyle(nav, side).opacity;
			return out;
		})(%v)`, scrolled))
		t.Logf("%+v", s)
		if !s.Scrolls {
			t.Fatal("the section strip fits a 390 px phone: the demo's seven sections should not, and this test needs one that scrolls")
		}
		if s.Cue != "1" || !s.Arrow {
			t.Errorf("the strip is cut at %q with the fade at opacity %s (arrow %v): no sign that it scrolls", s.Cut, s.Cue, s.Arrow)
		}
		if s.CueEnd != "0" {
			t.Errorf("scrolled to that end, the strip still fades out there (opacity %s)", s.CueEnd)
		}
		if !s.Current {
			t.Error("the current section is not in view")
		}
	}
}

// TestThaiRendersWithTheShippedFont checks that a page with Thai text
// fetches the theme's Thai font and draws the text with it, and that a page
// without Thai fetches no font.
func TestThaiRendersWithTheShippedFont(t *testing.T) {
	e := setup(t)
	type fonts struct {
		Fetched []string `json:"fetched"`
		Loaded  []string `json:"loaded"`
		Check   bool     `json:"check"`
		Width   float64  `json:"width"`
		Tofu    float64  `json:"tofu"`
	}
	const read = `(async () => {
		await document.fonts.ready;
		const c = document.createElement('canvas').getContext('2d');
		c.font = '700 20px "Noto Sans Thai", monospace';
		const width = c.measureText('ตลาดนัด').width;
		c.font = '700 20px monospace';
		return {
			fetched: performance.getEntriesByType('resource').map(r => r.name).filter(n => /\.woff2/.test(n)).map(n => new URL(n).pathname),
			loaded: [...document.fonts].filter(f => f.status === 'loaded').map(f => f.family + ' ' + f.weight),
			check: document.fonts.check('700 20px "Noto Sans Thai"', 'ตลาดนัด') && document.fonts.check('400 20px "Noto Sans Thai"', 'ตลาดนัด'),
			width, tofu: c.measureText('ตลาดนัด').width,
		};
	})()`
	t.Run("a page with Thai", func(t *testing.T) {
		tb := e.newTab(t)
		tb.open(e.pagePath(t, "search-thai"), 200)
		tb.settle()
		f := evaluate[fonts](tb, read)
		t.Logf("%+v", f)
		if len(f.Fetched) == 0 || len(f.Loaded) == 0 || !f.Check {
			t.Errorf("fonts fetched %v, loaded %v, Noto Sans Thai ready for Thai %v: want the shipped font", f.Fetched, f.Loaded, f.Check)
		}
		if f.Width == 0 || f.Width == f.Tofu {
			t.Errorf("Thai measures %.1f px in Noto Sans Thai and %.1f px in the fallback: not drawn with the shipped font", f.Width, f.Tofu)
		}
	})
	t.Run("a page without Thai", func(t *testing.T) {
		tb := e.newTab(t)
		tb.open("/about/", 200)
		tb.settle()
		f := evaluate[fonts](tb, read)
		if len(f.Fetched) != 0 {
			t.Errorf("a page without Thai fetched %v", f.Fetched)
		}
	})
}

// shoot saves a screenshot of the tab's window.
func shoot(t *testing.T, tb *tab, path string) {
	t.Helper()
	shot, err := chromedp.Run(tb.ctx, chromedp.CaptureScreenshot())
	if err != nil {
		t.Fatal(err)
	}
	save(t, path, shot)
}
