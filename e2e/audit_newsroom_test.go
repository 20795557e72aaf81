package e2e

import (
	"path/filepath"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestNewsroomPagesAudit runs the HTML and accessibility audits on every
// newsroom page an administrator reaches, and saves a screenshot of each;
// issue 17's among them: a live blog's desk, an entry's form, the picture
// picker for an entry, the alerts desk, and the editor of a corrected and
// of a withdrawn story (newsroomStories).
func TestNewsroomPagesAudit(t *testing.T) {
	e := setup(t)
	admin := e.addMember(t, "admin")
	s := e.newsroomStories(t)
	axe := axeSource(t, e)
	docs := map[string][]byte{}

	// Without an icon link a browser asks for /favicon.ico, which the site
	// does not serve.
	hasIcon := `!!document.querySelector('link[rel~=icon]')`

	t.Run("sign-in", func(t *testing.T) {
		tb := e.newTab(t)
		tb.open("/admin/login", 200)
		if !evaluate[bool](tb, hasIcon) {
			t.Error("the sign-in page declares no icon (link rel=icon)")
		}
		docs["admin-login.html"] = []byte(evaluate[string](tb, `fetch(location.href).then(r => r.text())`))
		checkAxe(t, tb, axe)
	})
	pages := []struct{ name, path string }{
		{"editor", "/admin/articles/new"},
		{"dashboard", "/admin/"},
		{"articles", "/admin/articles"},
		{"media", "/admin/media/"},
		{"media-search", "/admin/media/?q=market"},
		{"picker", "/admin/media/pick?q=illustration"},
		{"comments", "/admin/comments/"},
		{"comment-settings", "/admin/comments/settings"},
		{"settings", "/admin/settings"},
		{"mail-settings", "/admin/settings/mail"},
		{"live-desk", "/admin/articles/" + s.liveID + "/live"},
		{"live-entry", "/admin/articles/" + s.liveID + "/live/" + s.entryID},
		{"live-picker", "/admin/media/pick?live=" + s.liveID + "&body=Water+at+the+pier."},
		{"alerts", "/admin/alerts"},
		{"editor-corrected", "/admin/articles/" + s.opinionID},
		{"editor-withdrawn", "/admin/articles/" + s.withdrawnID},
	}
	tb := e.newTab(t)
	tb.signIn(admin)
	for _, p := range pages {
		t.Run(p.name, func(t *testing.T) {
			tb := tb.as(t)
			tb.open(p.path, 200)
			if !evaluate[bool](tb, hasIcon) {
				t.Errorf("%s declares no icon (link rel=icon)", p.path)
			}
			// Fetched from inside the page, so the session cookie goes along.
			docs["admin-"+p.name+".html"] = []byte(evaluate[string](tb, `fetch(location.href).then(r => r.text())`))
			checkAxe(t, tb, axe)
			shot, err := chromedp.Run(tb.ctx, chromedp.FullScreenshot(100)) // 100: PNG
			if err != nil {
				t.Fatal(err)
			}
			save(t, filepath.Join(e.artifacts, "admin-"+p.name+".png"), shot)
		})
	}
	t.Run("valid HTML", func(t *testing.T) {
		if len(docs) != len(pages)+1 {
			t.Fatal("a page above could not be fetched")
		}
		checkHTML(t, e, docs)
	})
}
