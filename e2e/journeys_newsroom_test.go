package e2e

// Journeys that cross the newsroom and the comment form: a reader
// comments and replies, an editor writes an article with a photo, previews
// and publishes it and a reader finds it, a contributor is offered review
// instead of publishing, the signed-out are kept out, and the newsroom's
// pages pass the same audits as the public ones.

import (
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"io"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chromedp/cdproto/target"
	"github.com/chromedp/chromedp"
)

// commentPause is how long a reader spends on the form before posting: the
// comment rules refuse posts made too soon after the page loaded (issue 4),
// and a person takes a few seconds to type anyway.
const commentPause = 5 * time.Second

// The comment form's validation messages, word for word (DESIGN.md).
const (
	msgNoComment = "Please enter your comment!"
	msgNoName    = "Please enter your name here"
)

// waitText waits until the comments section shows text. Without script the
// form posts and the server answers 422 with the form again; with script
// the same check runs in the page.
func (tb *tab) waitText(text string, limit time.Duration) {
	tb.t.Helper()
	expr := fmt.Sprintf(`(document.querySelector('#comments')?.innerText ?? '').includes(%q)`, text)
	if err := tb.poll(expr, limit); err != nil {
		shown := evaluate[string](tb, `document.querySelector('#comments')?.innerText ?? '(no comments section)'`)
		tb.t.Fatalf("the comments section never showed %q (%v); it shows:\n%s", text, err, abbreviate(shown, 600))
	}
}

// fillComment types into the comment form; empty values are left alone.
func (tb *tab) fillComment(comment, author, email, website string) {
	tb.t.Helper()
	for _, f := range []struct{ sel, v string }{
		{"#comment-form [name=comment]", comment},
		{"#comment-form [name=author]", author},
		{"#comment-form [name=email]", email},
		{"#comment-form [name=url]", website},
	} {
		if f.v != "" {
			tb.do(chromedp.SendKeys(chromedp.CSS(f.sel), f.v, chromedp.NodeVisible))
		}
	}
}

var commentAnchor = regexp.MustCompile(`^comment-(\d+)$`)

// postComment submits the form and checks that the reader lands back on the
// article at the new comment's anchor; it returns the comment's element id.
func (tb *tab) postComment(articlePath, text string) string {
	tb.t.Helper()
	tb.follow("post the comment", chromedp.Click(chromedp.CSS("#comment-form [type=submit]"), chromedp.NodeVisible))
	u, err := url.Parse(tb.location())
	if err != nil {
		tb.t.Fatal(err)
	}
	if u.Path != articlePath || !commentAnchor.MatchString(u.Fragment) {
		tb.t.Fatalf("after posting, the reader is at %s, want %s#comment-ID", u, articlePath)
	}
	// A held comment is announced to its writer instead of shown.
	shown := evaluate[bool](tb, fmt.Sprintf(`(document.getElementById(%q)?.innerText ?? '').includes(%q)`, u.Fragment, text))
	held := evaluate[bool](tb, `/awaiting moderation/i.test(document.querySelector('#comments')?.innerText ?? '')`)
	if !shown && !held {
		tb.t.Errorf("the page at #%s neither shows the comment nor says it awaits moderation", u.Fragment)
	}
	return u.Fragment
}

func TestReaderComments(t *testing.T) {
	e := setup(t)
	article := e.pagePath(t, "article")
	// Readers comment on their phones: every step runs on a 360-pixel
	// touch screen.
	newTab := func(t *testing.T) *tab {
		tb := e.newTab(t)
		tb.viewport(360, 740, true)
		return tb
	}

	t.Run("an empty comment is refused with 'Please enter your comment!'", func(t *testing.T) {
		tb := newTab(t)
		tb.allowConsole("status of 422")
		tb.open(article, 200)
		tb.do(chromedp.Click(chromedp.CSS("#comment-form [type=submit]"), chromedp.NodeVisible))
		tb.waitText(msgNoComment, 10*time.Second)
	})

	t.Run("a comment without a name is refused with 'Please enter your name here', keeping the text", func(t *testing.T) {
		tb := newTab(t)
		tb.allowConsole("status of 422")
		tb.open(article, 200)
		const text = "The canal works were promised for last year."
		tb.fillComment(text, "", "reader@example.com", "https://example.com/")
		tb.do(chromedp.Click(chromedp.CSS("#comment-form [type=submit]"), chromedp.NodeVisible))
		tb.waitText(msgNoName, 10*time.Second)
		if evaluate[bool](tb, fmt.Sprintf(`document.querySelector('#comments').innerText.includes(%q)`, msgNoComment)) {
			t.Errorf("the form also says %q although the comment was written", msgNoComment)
		}
		if got := evaluate[string](tb, `document.querySelector('#comment-form [name=comment]').value`); got != text {
			t.Errorf("the comment box holds %q after the refusal, want the reader's text kept", got)
		}
	})

	t.Run("a valid comment takes the reader back to it", func(t *testing.T) {
		tb := newTab(t)
		tb.open(article, 200)
		text := fmt.Sprintf("Our street flooded too; the pumps came after noon. (e2e %d)", time.Now().UnixNano())
		tb.fillComment(text, "Nok Reader", "nok@example.com", "")
		time.Sleep(commentPause) // a reader's pause, see commentPause
		tb.postComment(article, text)
	})

	t.Run("replying moves the form under the comment", func(t *testing.T) {
		tb := newTab(t)
		tb.open(article, 200)
		parent := evaluate[string](tb, `document.querySelector('.comment-reply')?.dataset.replyTo ?? ''`)
		if parent == "" {
			t.Fatal("the article has no comment with a Reply link")
		}
		tb.do(chromedp.Click(chromedp.CSS(fmt.Sprintf(`.comment-reply[data-reply-to=%q]`, parent)), chromedp.NodeVisible))
		formUnder := fmt.Sprintf(`document.querySelector('#respond')?.closest('li.comment')?.id === %q`, "comment-"+parent)
		tb.waitFor("the form under comment "+parent, formUnder, 10*time.Second)
		if got := evaluate[string](tb, `document.querySelector('#comment-form [name=parent]').value`); got != parent {
			t.Errorf("the form's parent is %q, want %s", got, parent)
		}
		if !evaluate[bool](tb, `!document.querySelector('#cancel-reply').hidden`) {
			t.Error("no Cancel reply link while replying")
		}

		tb.do(chromedp.Click(chromedp.CSS("#cancel-reply"), chromedp.NodeVisible))
		tb.waitFor("the form back in its place", `!document.querySelector('#respond').closest('li.comment')`, 10*time.Second)
		if got := evaluate[string](tb, `document.querySelector('#comment-form [name=parent]').value`); got != "0" {
			t.Errorf("after Cancel reply the form's parent is %q, want 0", got)
		}

		tb.do(chromedp.Click(chromedp.CSS(fmt.Sprintf(`.comment-reply[data-reply-to=%q]`, parent)), chromedp.NodeVisible))
		tb.waitFor("the form under comment "+parent, formUnder, 10*time.Second)
		text := fmt.Sprintf("Agreed, and the drains on our soi were blocked again. (e2e %d)", time.Now().UnixNano())
		tb.fillComment(text, "Lek Reader", "lek@example.com", "")
		time.Sleep(commentPause)
		id := tb.postComment(e.pagePath(t, "article"), text)
		// Where the reply is shown: "" when it is not (held for moderation
		// and shown elsewhere to its writer), else the comment it is under.
		under := evaluate[string](tb, fmt.Sprintf(`(() => {
			const c = document.getElementById(%q);
			if (!c) return '';
			return c.parentElement.closest('li.comment')?.id ?? 'the top level';
		})()`, id))
		if under != "" && under != "comment-"+parent {
			t.Errorf("reply %s is shown under %s, want under comment-%s", id, under, parent)
		}
		if r := evaluate[overflowReport](tb, overflow); r.ScrollWidth > r.InnerWidth {
			t.Errorf("with the reply, the page is %d px wide in a %d px window: %v", r.ScrollWidth, r.InnerWidth, r.Culprits)
		}
	})
}

// member is a newsroom account made for one test.
type member struct {
	email, name, role, password string
}

// members and fields number what the tests make, so names never clash.
var members, fields atomic.Int64

// addMember creates an account with `dateline user add`, which works while
// the server runs on the same data.
func (e *env) addMember(t *testing.T, role string) member {
	t.Helper()
	n := members.Add(1)
	m := member{
		email:    fmt.Sprintf("%s%d@e2e.example", role, n),
		name:     fmt.Sprintf("E2E %s %d", strings.ToUpper(role[:1])+role[1:], n),
		role:     role,
		password: fmt.Sprintf("correct horse battery staple %d", n),
	}
	cmd := exec.CommandContext(t.Context(), e.bin, "user", "add", "--data", e.data,
		"--email", m.email, "--name", m.name, "--role", role)
	cmd.Env = serverEnv()
	cmd.Stdin = strings.NewReader(m.password + "\n")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("dateline user add: %v\n%s", err, out)
	}
	return m
}

// token makes an API token for a member with `dateline token create`.
func (e *env) token(t *testing.T, m member) string {
	t.Helper()
	cmd := exec.CommandContext(t.Context(), e.bin, "token", "create", "--data", e.data, "--user", m.email)
	cmd.Env = serverEnv()
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("dateline token create: %v", err)
	}
	return strings.TrimSpace(string(out))
}

// signIn signs a member in at /admin/login (fields email and password).
func (tb *tab) signIn(m member) {
	tb.t.Helper()
	tb.open("/admin/login", 200)
	tb.do(
		chromedp.SendKeys(chromedp.CSS("input[name=email]"), m.email, chromedp.NodeVisible),
		chromedp.SendKeys(chromedp.CSS("input[name=password]"), m.password, chromedp.NodeVisible),
	)
	tb.follow("sign in", chromedp.Submit(chromedp.CSS("input[name=password]")))
	if u, _ := url.Parse(tb.location()); u == nil || u.Path == "/admin/login" {
		shown := evaluate[string](tb, `document.querySelector('main')?.innerText ?? ''`)
		tb.t.Fatalf("%s could not sign in: %s", m.email, abbreviate(shown, 300))
	}
}

// field finds the form control whose label matches pattern and marks it,
// so actions can select it: the tests follow the labels a writer reads,
// not the markup's names.
func (tb *tab) field(pattern string) chromedp.CSS {
	tb.t.Helper()
	key := fmt.Sprintf("f%d", fields.Add(1))
	found := evaluate[bool](tb, fmt.Sprintf(`((pattern, key) => {
		const re = new RegExp(pattern, 'i');
		const label = [...document.querySelectorAll('label')].find(l => re.test(l.textContent.trim()));
		const control = label && (label.control ?? document.getElementById(label.htmlFor));
		if (!control) return false;
		control.setAttribute('data-e2e', key);
		return true;
	})(%q, %q)`, pattern, key))
	if !found {
		labels := evaluate[[]string](tb, `[...document.querySelectorAll('label')].map(l => l.textContent.trim())`)
		tb.t.Fatalf("no field labelled /%s/ on %s; labels: %q", pattern, tb.location(), labels)
	}
	return chromedp.CSS(fmt.Sprintf(`[data-e2e=%q]`, key))
}

// writePhoto makes a JPEG photograph-sized test picture.
func writePhoto(t *testing.T) string {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 1600, 900))
	for y := range 900 {
		for x := range 1600 {
			img.Set(x, y, color.RGBA{uint8(x / 7), uint8(y / 4), uint8((x + y) / 10), 255})
		}
	}
	path := filepath.Join(t.TempDir(), "khon-kaen-market.jpg")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := jpeg.Encode(f, img, &jpeg.Options{Quality: 85}); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestEditorPublishesAnArticle(t *testing.T) {
	e := setup(t)
	editor := e.addMember(t, "editor")
	word := fmt.Sprintf("quokkabridge%d", time.Now().UnixNano()%1e6) // found by search, and only here
	title := "Night market in Khon Kaen reopens over the new " + word
	const alt = "Stalls of a night market under coloured lights"

	tb := e.newTab(t)
	tb.viewport(1280, 1400, false)
	tb.signIn(editor)
	tb.open("/admin/articles/new", 200)
	tb.do(
		chromedp.SendKeys(tb.field(`^Headline`), title),
		chromedp.SendKeys(tb.field(`^Standfirst`), "Traders return to the riverside after a year of works."),
		chromedp.SendKeys(tb.field(`^Dateline`), "KHON KAEN"),
		chromedp.SendKeys(tb.field(`^Story`), "The night market by the river opened again on Friday, a year after the "+word+" works began.\n\nVendors said the first evening was busy."),
		chromedp.SetValue(tb.field(`^Section`), evaluate[string](tb, `[...document.querySelectorAll('select#category option')].find(o => o.textContent.trim() === 'Thailand')?.value ?? ''`)),
		chromedp.SetUploadFiles(tb.field(`^Picture file`), []string{writePhoto(t)}),
		chromedp.SendKeys(tb.field(`^Alt text`), alt),
	)
	evaluate[bool](tb, `(document.activeElement?.blur(), scrollTo(0, 0), true)`) // the top of the editor
	tb.settle()
	shot, err := chromedp.Run(tb.ctx, chromedp.CaptureScreenshot())
	if err != nil {
		t.Fatal(err)
	}
	save(t, filepath.Join(e.artifacts, "editor.png"), shot)
	if os.Getenv("DATELINE_E2E_UPDATE_SCREENSHOTS") == "1" {
		save(t, filepath.Join(screenshotsDir, "editor.png"), shot)
	}

	t.Run("saving puts the photo in the library and on the article", func(t *testing.T) {
		tb := tb.as(t)
		tb.follow("save the draft", chromedp.Click(chromedp.CSS(`button[name=step][value=save]`), chromedp.NodeVisible))
		if problems := evaluate[string](tb, `document.querySelector('.error-summary, .problem')?.innerText ?? ''`); problems != "" {
			t.Fatalf("saving the draft with its photo: %s", problems)
		}
		chosen := evaluate[string](tb, `(() => {
			const c = document.querySelector('input[name=image_id]:checked');
			return c && c.value ? document.querySelector('label[for="' + c.id + '"]').textContent : '';
		})()`)
		if !strings.Contains(chosen, alt) {
			t.Fatalf("after saving, the chosen picture is %q, want the uploaded photo described %q", chosen, alt)
		}
	})

	t.Run("the preview shows the article as readers will see it", func(t *testing.T) {
		tb := tb.as(t)
		opened := chromedp.WaitNewTarget(tb.ctx, func(info *target.Info) bool { return info.Type == "page" })
		tb.do(chromedp.Click(chromedp.CSS("[data-preview-button]"), chromedp.NodeVisible))
		var id target.ID
		select {
		case id = <-opened:
		case <-time.After(15 * time.Second):
			t.Fatal("Preview opened no new tab")
		}
		preview, cancel := chromedp.NewContext(tb.ctx, chromedp.WithTargetID(id))
		defer cancel()
		pv := &tab{t: t, e: e, ctx: preview}
		pv.do(chromedp.WaitVisible(chromedp.CSS("h1"), chromedp.NodeVisible))
		a := evaluate[articlePage](pv, readArticle)
		if a.H1 != title {
			t.Errorf("preview h1 %q, want %q", a.H1, title)
		}
		if !a.DatelineFirst || !strings.HasPrefix(a.Dateline, "KHON KAEN, ") {
			t.Errorf("preview dateline %q (first %v), want KHON KAEN, <date> — opening the story", a.Dateline, a.DatelineFirst)
		}
		if got := evaluate[string](pv, `document.querySelector('.story-image img')?.alt ?? ''`); got != alt {
			t.Errorf("preview photo alt %q, want %q", got, alt)
		}
		if robots := evaluate[string](pv, `document.querySelector('meta[name=robots]')?.content ?? ''`); !strings.Contains(robots, "noindex") {
			t.Errorf("preview robots %q, want noindex", robots)
		}
	})

	t.Run("publishing puts it on the site", func(t *testing.T) {
		tb := tb.as(t)
		evaluate[bool](tb, `(window.confirm = () => true, true)`) // "Publish this article now?" — yes
		tb.follow("publish", chromedp.Click(chromedp.CSS(`button[name=step][value=publish]`), chromedp.NodeVisible))
		if status := evaluate[string](tb, `document.querySelector('#status')?.textContent.trim() ?? ''`); !strings.EqualFold(status, "Published") {
			t.Errorf("the editor says the status is %q, want Published", status)
		}
	})
	// Afterwards the article goes to the trash, so the demo's front page
	// is the same for the tests and screenshots that follow.
	edit, err := url.Parse(tb.location())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		tb.open(edit.Path, 200)
		evaluate[bool](tb, `(window.confirm = () => true, true)`) // "Move this article to the trash?" — yes
		tb.follow("move the article to the trash", chromedp.Click(chromedp.CSS(`button[name=step][value=trash]`), chromedp.NodeVisible))
	})

	t.Run("a reader finds it on the home page and through search", func(t *testing.T) {
		reader := e.newTab(t) // a browser context of its own: signed out
		reader.open("/", 200)
		onHome := evaluate[bool](reader, fmt.Sprintf(`[...document.querySelectorAll('main a')].some(a => a.textContent.trim() === %q)`, title))
		if !onHome {
			t.Errorf("the home page has no link %q", title)
		}
		reader.open("/search?q="+url.QueryEscape(word), 200)
		checkSearch(t, reader, word, title)
		reader.follow("open the result", chromedp.Click(chromedp.CSS(".search-result .card-title a"), chromedp.NodeVisible))
		a := evaluate[articlePage](reader, readArticle)
		if a.H1 != title || !a.DatelineFirst {
			t.Errorf("article h1 %q (dateline first %v), want %q opened by its dateline", a.H1, a.DatelineFirst, title)
		}
		if got := evaluate[string](reader, `document.querySelector('.story-image img')?.alt ?? ''`); got != alt {
			t.Errorf("article photo alt %q, want %q", got, alt)
		}
	})
}

func TestContributorCannotPublish(t *testing.T) {
	e := setup(t)
	contributor := e.addMember(t, "contributor")

	t.Run("the editor offers review, not publishing", func(t *testing.T) {
		tb := e.newTab(t)
		tb.signIn(contributor)
		tb.open("/admin/articles/new", 200)
		buttons := evaluate[[]string](tb, `[...document.querySelectorAll('#article-form button')].map(b => b.textContent.trim())`)
		for _, b := range buttons {
			if strings.HasPrefix(b, "Publish") {
				t.Errorf("a contributor is offered %q (buttons: %q)", b, buttons)
			}
		}
		if !slices.Contains(buttons, "Submit for review") {
			t.Errorf("buttons %q, want Submit for review", buttons)
		}
	})

	t.Run("the API refuses to publish for a contributor", func(t *testing.T) {
		token := e.token(t, contributor)
		post := func(body string) (int, string) {
			req, err := http.NewRequestWithContext(t.Context(), "POST", e.url("/api/v1/articles"), strings.NewReader(body))
			if err != nil {
				t.Fatal(err)
			}
			req.Header.Set("Authorization", "Bearer "+token)
			req.Header.Set("Content-Type", "application/json")
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			b, _ := io.ReadAll(resp.Body)
			return resp.StatusCode, string(b)
		}
		title := fmt.Sprintf("Contributor's scoop %d", time.Now().UnixNano())
		status, body := post(fmt.Sprintf(`{"title": %q, "body": "Straight to the front page.", "status": "published"}`, title))
		if status != http.StatusForbidden || !strings.Contains(body, `"code"`) {
			t.Errorf("a contributor publishing through the API: %d %s, want 403 with an error code", status, body)
		}
		status, body = post(fmt.Sprintf(`{"title": %q, "body": "For the editors to read.", "status": "pending"}`, title))
		if status != http.StatusCreated {
			t.Errorf("a contributor submitting for review through the API: %d %s, want 201", status, body)
		}
		home, err := get(t.Context(), e.url("/"))
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(string(home), title) {
			t.Error("the contributor's article reached the home page")
		}
	})
}

func TestSignedOutVisitorCannotReachAdmin(t *testing.T) {
	e := setup(t)

	t.Run("the browser is sent to the sign-in page", func(t *testing.T) {
		tb := e.newTab(t)
		tb.open("/admin/", 200)
		if u, _ := url.Parse(tb.location()); u == nil || u.Path != "/admin/login" {
			t.Errorf("a signed-out visitor opening /admin/ is at %s, want /admin/login", tb.location())
		}
		if !evaluate[bool](tb, `!!document.querySelector('input[name=email]') && !!document.querySelector('input[name=password]')`) {
			t.Error("the sign-in page has no email and password fields")
		}
	})

	t.Run("no newsroom page answers without a session", func(t *testing.T) {
		client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
		for _, path := range []string{"/admin/", "/admin/articles", "/admin/articles/new", "/admin/users", "/admin/settings", "/admin/sections"} {
			resp, err := client.Get(e.url(path))
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			loc := resp.Header.Get("Location")
			switch resp.StatusCode {
			case http.StatusFound, http.StatusSeeOther, http.StatusTemporaryRedirect:
				if !strings.HasPrefix(loc, "/admin/login") && !strings.HasPrefix(loc, e.url("/admin/login")) {
					t.Errorf("GET %s signed out: redirected to %q, want the sign-in page", path, loc)
				}
			case http.StatusUnauthorized, http.StatusForbidden:
			default:
				t.Errorf("GET %s signed out: %s, want a redirect to /admin/login or 401/403", path, resp.Status)
			}
		}
	})
}

// TestNewsroomPagesAudit runs the HTML and accessibility audits on the
// sign-in page and the article editor.
func TestNewsroomPagesAudit(t *testing.T) {
	e := setup(t)
	admin := e.addMember(t, "admin")
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
		{"comments", "/admin/comments/"},
		{"comment-settings", "/admin/comments/settings"},
		{"settings", "/admin/settings"},
		{"mail-settings", "/admin/settings/mail"},
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
