package admin_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"dateline/internal/admin"
	"dateline/internal/content"
	"dateline/internal/web/webtest"
)

// libraryOf seeds n pictures straight into the store, in one
// transaction (no files: paging and searching need only their rows).
// Every tenth is of a lantern festival; the last one alone shows a white
// elephant. It returns their numbers, oldest first.
func libraryOf(t *testing.T, r *room, n int) []int64 {
	t.Helper()
	list := make([]content.Image, n)
	for i := range list {
		alt, caption := fmt.Sprintf("Boats on the river, morning %d", i), "Chao Phraya"
		switch {
		case i == n-1:
			alt, caption = "A white elephant at the temple", "Ayutthaya"
		case i%10 == 0:
			alt, caption = fmt.Sprintf("Lanterns over the river, night %d", i), "Loi Krathong"
		}
		list[i] = content.Image{Name: fmt.Sprintf("2026/12/seeded-%05d", i), Ext: ".jpg", Width: 1600, Height: 900,
			Variants: []int{320}, Alt: alt, Caption: caption, Credit: "Staff"}
	}
	must(t, r.st.CreateImages(context.Background(), list))
	ids := make([]int64, n)
	for i, im := range list {
		ids[i] = im.ID
	}
	return ids
}

// pickerPage is what a page of the picker or the library shows.
type pickerPage struct {
	doc        *html.Node
	ids        []int64
	prev, next string
	size       int
}

func readPicker(t *testing.T, b *browser, path string) pickerPage {
	t.Helper()
	w := b.get(path)
	wantStatus(t, w, http.StatusOK)
	p := pickerPage{size: w.Body.Len()}
	p.doc = page(t, w)
	for _, li := range all(p.doc, "#picker-results li") {
		id, err := strconv.ParseInt(attr(li, "data-picture"), 10, 64)
		must(t, err)
		p.ids = append(p.ids, id)
	}
	p.prev, p.next = attr(first(p.doc, ".pager a[rel=prev]"), "href"), attr(first(p.doc, ".pager a[rel=next]"), "href")
	return p
}

// newest lists the last n of ids that match, newest first.
func newest(ids []int64, n int, match func(i int) bool) []int64 {
	var out []int64
	for i := len(ids) - 1; i >= 0 && len(out) < n; i-- {
		if match(i) {
			out = append(out, ids[i])
		}
	}
	return out
}

func TestThePicturePickerPagesAndSearchesFiftyThousandPictures(t *testing.T) {
	n := newNewsroom(t)
	ids := libraryOf(t, n, bigLibrary)
	// A contributor writes and may pick any picture of the library, as the
	// editor's choices and the workflow allow, though they upload none.
	b := n.signIn(content.RoleContributor)
	every := func(int) bool { return true }
	lantern := func(i int) bool { return i%10 == 0 && i != len(ids)-1 }

	first := readPicker(t, b, "/admin/media/pick")
	if want := newest(ids, 24, every); fmt.Sprint(first.ids) != fmt.Sprint(want) {
		t.Fatalf("first page = %v, want the 24 newest %v", first.ids, want)
	}
	if first.prev != "" || first.next == "" {
		t.Errorf("first page: previous %q, next %q", first.prev, first.next)
	}
	// The page of a library of 50,000 is as small as a page of 24.
	if first.size > 40<<10 {
		t.Errorf("the picker's page is %d KB", first.size>>10)
	}
	if use := attr(webtest.First(first.doc, "#picker-results li a"), "href"); use != "/admin/articles/new?image="+itoa(ids[len(ids)-1]) {
		t.Errorf("the first picture's link = %q", use)
	}

	second := readPicker(t, b, first.next)
	if want := newest(ids[:len(ids)-24], 24, every); fmt.Sprint(second.ids) != fmt.Sprint(want) {
		t.Errorf("second page = %v, want %v", second.ids, want)
	}
	if back := readPicker(t, b, second.prev); fmt.Sprint(back.ids) != fmt.Sprint(first.ids) || back.prev != "" {
		t.Errorf("the page before the second = %v (previous %q), want the first %v", back.ids, back.prev, first.ids)
	}

	found := readPicker(t, b, "/admin/media/pick?q="+url.QueryEscape("LANTERNS river"))
	if want := newest(ids, 24, lantern); fmt.Sprint(found.ids) != fmt.Sprint(want) {
		t.Errorf("search = %v, want the 24 newest lanterns %v", found.ids, want)
	}
	if value(found.doc, "q") != "LANTERNS river" || !strings.Contains(found.next, "q=LANTERNS+river") {
		t.Errorf("the search is not kept: field %q, next %q", value(found.doc, "q"), found.next)
	}
	if found.size > 40<<10 {
		t.Errorf("a search's page is %d KB", found.size>>10)
	}
	more := readPicker(t, b, found.next)
	if want := newest(ids, 48, lantern)[24:]; fmt.Sprint(more.ids) != fmt.Sprint(want) {
		t.Errorf("the search's next page = %v, want %v", more.ids, want)
	}
	if one := readPicker(t, b, "/admin/media/pick?q=elephant"); fmt.Sprint(one.ids) != fmt.Sprint(ids[len(ids)-1:]) || one.next != "" {
		t.Errorf("a search for one picture = %v, next %q", one.ids, one.next)
	}
	if none := readPicker(t, b, "/admin/media/pick?q=tiger"); len(none.ids) != 0 || webtest.First(none.doc, "#picker-empty") == nil {
		t.Errorf("a search for nothing = %v, and says so: %v", none.ids, webtest.First(none.doc, "#picker-empty") != nil)
	}
}

func TestThePicturePickerRefusesWhatItCannotSearch(t *testing.T) {
	n := newNewsroom(t)
	libraryOf(t, n, 30)
	b := n.signIn(content.RoleAuthor)
	for _, tc := range []struct{ name, q, message string }{
		{"a search longer than 100 characters", strings.Repeat("lantern ", 13), admin.PictureSearchTooLong},
		{"a search without a word of three letters", "ox", admin.PictureSearchShort},
		{"a search of nothing but signs", `%_"*`, admin.PictureSearchShort},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for _, path := range []string{"/admin/media/pick", "/admin/media/"} {
				p := readPicker(t, b, path+"?q="+url.QueryEscape(tc.q))
				if got := text(webtest.First(p.doc, "#err-q")); got != tc.message {
					t.Errorf("%s: message %q, want %q", path, got, tc.message)
				}
				if len(p.ids) != 0 {
					t.Errorf("%s: %d pictures listed", path, len(p.ids))
				}
			}
		})
	}
	for _, path := range []string{"/admin/media/pick?before=x", "/admin/media/pick?after=-3", "/admin/media/?before=0x10", "/admin/media/pick?article=first"} {
		wantStatus(t, b.get(path), http.StatusBadRequest)
	}
	signedOut := n.browser().get("/admin/media/pick")
	if signedOut.Code != http.StatusSeeOther || !strings.HasPrefix(signedOut.Header().Get("Location"), "/admin/login") {
		t.Errorf("signed out: %d to %q", signedOut.Code, signedOut.Header().Get("Location"))
	}
}

func TestAPictureFromThePickerGoesIntoTheArticle(t *testing.T) {
	n := newNewsroom(t)
	ids := libraryOf(t, n, 60)
	b := n.signIn(content.RoleContributor)
	w := b.post("/admin/articles/new", n.storyForm("Rain over the markets"))
	if w.Code != http.StatusSeeOther {
		t.Fatalf("save: %d\n%s", w.Code, w.Body)
	}
	article := strings.Split(strings.TrimPrefix(w.Header().Get("Location"), "/admin/articles/"), "?")[0]

	// The editor offers the picker for this article, and the picker's
	// links lead back to it with the picture chosen, an old one included.
	editor := page(t, b.get("/admin/articles/"+article))
	picker := attr(webtest.First(editor, ".picker-link a"), "href")
	if picker != "/admin/media/pick?article="+article || attr(webtest.First(editor, "#image_id"), "data-picker") != picker {
		t.Fatalf("the editor's picker = %q", picker)
	}
	old := ids[10] // a lantern of the oldest; 60 pictures hold 6, one page
	p := readPicker(t, b, picker+"&q=lanterns")
	use := ""
	for _, a := range all(p.doc, "#picker-results li a") {
		if strings.HasSuffix(attr(a, "href"), "image="+itoa(old)) {
			use = attr(a, "href")
		}
	}
	if use != "/admin/articles/"+article+"?image="+itoa(old) {
		t.Fatalf("picture %d's link = %q among %v", old, use, p.ids)
	}
	w = b.get(use)
	doc := page(t, w)
	if !hasAttr(webtest.First(doc, "#image-"+itoa(old)), "checked") {
		t.Error("the editor opened from the picker has not chosen the picture")
	}
	if got := text(webtest.First(doc, ".notice")); got != "Picture No. "+itoa(old)+" is chosen: save the article to keep it." {
		t.Errorf("notice = %q", got)
	}
	form := n.storyForm("Rain over the markets")
	form.Set("image_id", itoa(old))
	form.Set("version", value(doc, "version"))
	wantStatus(t, b.post("/admin/articles/"+article, form), http.StatusSeeOther)
	id, _ := strconv.ParseInt(article, 10, 64)
	saved, err := n.st.ArticleByID(context.Background(), id)
	must(t, err)
	if saved.Image == nil || saved.Image.ID != old {
		t.Errorf("saved picture = %+v, want %d", saved.Image, old)
	}
}

func TestTheMediaLibraryPagesAndSearches(t *testing.T) {
	n := newNewsroom(t)
	ids := libraryOf(t, n, 100)
	b := n.signIn(content.RoleAuthor)
	first := readLibrary(t, b, "/admin/media/")
	if want := newest(ids, 24, func(int) bool { return true }); fmt.Sprint(first.ids) != fmt.Sprint(want) {
		t.Errorf("library = %v, want %v", first.ids, want)
	}
	if f := webtest.First(first.doc, "#picture-search"); attr(f, "method") != "get" || attr(f, "action") != "/admin/media/" ||
		webtest.First(f, "input[name=q]") == nil {
		t.Error("the library has no search form")
	}
	found := readLibrary(t, b, "/admin/media/?q=lantern")
	if want := newest(ids, 24, func(i int) bool { return i%10 == 0 && i != 99 }); fmt.Sprint(found.ids) != fmt.Sprint(want) {
		t.Errorf("library search = %v, want %v", found.ids, want)
	}
	if found.next != "" {
		t.Errorf("ten lanterns fill less than a page, yet next = %q", found.next)
	}
	second := readLibrary(t, b, first.next)
	if len(second.ids) != 24 || second.ids[0] >= first.ids[23] || !strings.HasPrefix(second.prev, "/admin/media/?after=") {
		t.Errorf("library page 2 = %v, previous %q", second.ids, second.prev)
	}
}

// readLibrary is readPicker for the library page, whose pictures are
// listed with their edit links.
func readLibrary(t *testing.T, b *browser, path string) pickerPage {
	t.Helper()
	w := b.get(path)
	wantStatus(t, w, http.StatusOK)
	p := pickerPage{size: w.Body.Len(), doc: page(t, w)}
	for _, li := range all(p.doc, ".media-grid li") {
		id, err := strconv.ParseInt(strings.TrimPrefix(attr(webtest.First(li, ".media-actions a"), "href"), "/admin/media/"), 10, 64)
		must(t, err)
		p.ids = append(p.ids, id)
	}
	p.prev, p.next = attr(first(p.doc, ".pager a[rel=prev]"), "href"), attr(first(p.doc, ".pager a[rel=next]"), "href")
	return p
}
