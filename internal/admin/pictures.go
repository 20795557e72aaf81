package admin

import (
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"dateline/internal/articles"
	"dateline/internal/content"
	"dateline/internal/search"
	"dateline/internal/store"
)

// Messages of a search of the media library.
var (
	PictureSearchTooLong = "Search for at most " + strconv.Itoa(search.MaxImageQuery) + " characters."
	PictureSearchShort   = "Type at least " + strconv.Itoa(search.MinImageTerm) + " letters of a word in the alt text, caption or file name."
)

// picturesPerPage is the size of every page of the media library, searched
// or not: the library page and the picture picker alike.
const picturesPerPage = 24

// pictureList is one page of the media library, newest first, as the
// library page and the picture picker show it.
type pictureList struct {
	// Query is what was searched for, as typed; "" lists the library.
	Query  string
	Images []content.Image
	// Prev and Next are the links to the pages newer and older than this
	// one, keeping the search; "" when there is none.
	Prev, Next string
	// SearchProblem says why the search was not run.
	SearchProblem string
	// Path is the page's address, the search form's action; Keep are the
	// other parameters its form and links carry; AllPath lists the whole
	// library again.
	Path    string
	Keep    []hiddenField
	AllPath string
}

// hiddenField is a parameter a form carries unseen.
type hiddenField struct{ Name, Value string }

// listPictures reads one page of the library as the query string of r
// asks (q, before, after) and makes its links from path and keep, the
// other parameters the links carry. A page is found from a picture's
// number through an index (store.ImageQuery), so every page costs the
// same, whatever the size of the library and however far one pages.
func (a *Admin) listPictures(r *http.Request, path string, keep url.Values) (pictureList, error) {
	v := r.URL.Query()
	l := pictureList{Query: strings.TrimSpace(v.Get("q")), Path: path, AllPath: path}
	if len(keep) > 0 {
		l.AllPath += "?" + keep.Encode()
	}
	for _, k := range slices.Sorted(maps.Keys(keep)) {
		l.Keep = append(l.Keep, hiddenField{k, keep.Get(k)})
	}
	q := store.ImageQuery{Text: l.Query, Limit: picturesPerPage + 1}
	var err error
	if q.Before, err = pageEdge(v, "before"); err != nil {
		return l, err
	}
	if q.After, err = pageEdge(v, "after"); err != nil {
		return l, err
	}
	switch {
	case !utf8.ValidString(l.Query) || utf8.RuneCountInString(l.Query) > search.MaxImageQuery:
		l.Query, l.SearchProblem = "", PictureSearchTooLong
		return l, nil
	case l.Query != "" && len(search.ImageTerms(l.Query)) == 0:
		l.SearchProblem = PictureSearchShort
		return l, nil
	}
	list, err := a.store.Images(r.Context(), q)
	if err != nil {
		return l, err
	}
	// One picture more than a page says whether there is another page
	// beyond it: older for a next page, newer for a page before.
	more := len(list) > picturesPerPage
	if more && q.After > 0 && q.Before == 0 {
		list = list[1:]
	} else if more {
		list = list[:picturesPerPage]
	}
	l.Images = list
	if len(list) == 0 {
		return l, nil
	}
	link := func(name string, id int64) string {
		p := url.Values{}
		for k, vs := range keep {
			p[k] = vs
		}
		if l.Query != "" {
			p.Set("q", l.Query)
		}
		p.Set(name, strconv.FormatInt(id, 10))
		return path + "?" + p.Encode()
	}
	if q.After > 0 || more {
		l.Next = link("before", list[len(list)-1].ID)
	}
	if q.Before > 0 || (q.After > 0 && more) {
		l.Prev = link("after", list[0].ID)
	}
	return l, nil
}

// pageEdge reads the number of the picture a page starts after; only the
// links of listPictures write one, so anything else is refused.
func pageEdge(v url.Values, name string) (int64, error) {
	raw := v.Get(name)
	if raw == "" {
		return 0, nil
	}
	n, err := strconv.ParseInt(raw, 10, 64)
	if err != nil || n < 1 {
		return 0, errBadRequest("That page of the media library does not exist: follow the links of the list.")
	}
	return n, nil
}

// pickerView is the picture picker: the library searched and paged for a
// member writing an article.
type pickerView struct {
	layout
	pictureList
	// Article is the number of the article the picture is for, 0 for a
	// new one; EditorPath is its editor, where a chosen picture goes.
	Article    int64
	EditorPath string
	// Live is set when the picture is for an entry of the live blog
	// Article: each choice is a button of one GET form that takes the
	// entry as typed (Entry) back to the desk with the picture's
	// Markdown added, so nothing typed is lost, without script.
	Live  bool
	Entry []hiddenField
	// Photo is set when the picture is a member's photo: EditorPath is
	// then the profile form or the member's form.
	Photo bool
}

// picker lets anyone who writes find a picture for an article among the
// whole library, with a plain GET form and links, and each picture a link
// back to the article's editor with it chosen (not yet saved). Any member
// who writes may pick any picture of the library, as the editor's choices
// and the article workflow allow; the words of a picture stay its
// uploader's and the editors' to change. The editor's script runs the same
// page inside the editor, so that nothing typed there is lost.
func (a *Admin) picker(w http.ResponseWriter, r *http.Request, m *member) error {
	v := pickerView{layout: a.layout(r, m, "Choose a picture"), EditorPath: "/admin/articles/new"}
	keep := url.Values{}
	if raw := r.URL.Query().Get("live"); raw != "" {
		if err := a.pickForEntry(r, m, raw, &v, keep); err != nil {
			return err
		}
	} else if raw := r.URL.Query().Get("for"); raw != "" {
		path, ok := photoForm(raw)
		if !ok {
			return errBadRequest("There is no such form: open the picker from your profile or the member's page.")
		}
		v.Photo, v.EditorPath = true, path
		keep.Set("for", raw)
	} else if raw := r.URL.Query().Get("article"); raw != "" {
		id, err := strconv.ParseInt(raw, 10, 64)
		if err != nil || id < 1 {
			return errBadRequest("There is no such article: open the picker from the article's editor.")
		}
		v.Article, v.EditorPath = id, "/admin/articles/"+raw
		keep.Set("article", raw)
	}
	var err error
	if v.pictureList, err = a.listPictures(r, "/admin/media/pick", keep); err != nil {
		return err
	}
	return a.render(w, r, http.StatusOK, "picker", v)
}

// photoForm is the form a picture chosen as a photo goes back to: the
// member's own profile ("profile") or an administrator's form for member
// N ("member-N"), which checks the role itself.
func photoForm(raw string) (string, bool) {
	if raw == "profile" {
		return "/admin/profile", true
	}
	n, ok := strings.CutPrefix(raw, "member-")
	if id, err := strconv.ParseInt(n, 10, 64); !ok || err != nil || id < 1 {
		return "", false
	}
	return "/admin/users/" + n, true
}

// chosenPicture takes the picture of ?image= (a choice of the picture
// picker or the library's "Use in a new article") into the editor's form
// and says that it is not saved yet.
func chosenPicture(r *http.Request, f *articleForm) string {
	id, err := strconv.ParseInt(r.URL.Query().Get("image"), 10, 64)
	if err != nil || id <= 0 {
		return ""
	}
	f.ImageID = strconv.FormatInt(id, 10)
	return "Picture No. " + f.ImageID + " is chosen: save the article to keep it."
}

// pickForEntry sets the picker up for an entry of the live blog raw names,
// which the member must be allowed to post to; the entry as typed so far
// travels with every link and form of the picker, bounded as an entry is.
func (a *Admin) pickForEntry(r *http.Request, m *member, raw string, v *pickerView, keep url.Values) error {
	id, err := strconv.ParseInt(raw, 10, 64)
	if err != nil || id < 1 {
		return errBadRequest("There is no such live blog: open the picker from the live blog's desk.")
	}
	if a.articles == nil {
		return errNotFound()
	}
	x, err := a.articles.Open(r.Context(), m.User, id)
	if err != nil {
		return entryError(err)
	}
	if x.Live == nil {
		return errBadRequest("This article is not a live blog.")
	}
	if !articles.MayEditLiveBlog(m.User, x.Article) {
		return errForbidden("You may not post to this live blog.")
	}
	f := entryFormOf(r.URL.Query())
	if len(f.Body) > content.MaxEntrySource || utf8.RuneCountInString(f.Headline) > content.MaxEntryHeadline {
		return errBadRequest("The entry is too long to take to the picker: post it first, then add the picture in a new entry.")
	}
	v.Live, v.Article, v.EditorPath = true, id, livePath(id)
	keep.Set("live", raw)
	for _, h := range f.fields() {
		keep.Set(h.Name, h.Value)
		v.Entry = append(v.Entry, h)
	}
	return nil
}
