package admin_test

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"dateline/internal/admin"
	"dateline/internal/changes"
	"dateline/internal/content"
	"dateline/internal/media"
)

// TestMediaPagesAnnounceEachChange goes through the library's pages and
// checks what each form announced: a stored picture and its new words
// once each, a refused form nothing.
func TestMediaPagesAnnounceEachChange(t *testing.T) {
	rec := &changes.Recorder{}
	dir := t.TempDir()
	n := newNewsroom(t, func(c *admin.Config) {
		feed := &changes.Feed{}
		feed.Subscribe(rec.Record)
		c.Media = media.New(media.Config{Store: c.Store, Storage: media.Dir(dir), Widths: []int{320}, Changes: feed})
	})
	author := n.signIn(content.RoleAuthor)
	mediaEvent := func(action string, id int64) []changes.Event {
		return []changes.Event{{Kind: changes.KindMedia, Action: action, IDs: []int64{id}, Tags: []string{changes.Media(id)}}}
	}

	w := author.postMultipart("/admin/media/", url.Values{"alt": {"Boats on the river"}}, file{"file", "boats.png", photo(t, 100, 80)})
	path := strings.TrimPrefix(w.Header().Get("Location"), "/admin/media/?added=")
	id, err := strconv.ParseInt(path, 10, 64)
	if err != nil {
		t.Fatalf("upload answered %d to %q", w.Code, w.Header().Get("Location"))
	}
	steps := []struct {
		name string
		do   func() *httptest.ResponseRecorder
		code int
		want []changes.Event
	}{
		{"an upload without alt text announces nothing",
			func() *httptest.ResponseRecorder {
				return author.postMultipart("/admin/media/", url.Values{"alt": {" "}}, file{"file", "a.png", photo(t, 8, 8)})
			},
			http.StatusUnprocessableEntity, nil},
		{"new words for the picture are announced as an update",
			func() *httptest.ResponseRecorder {
				return author.post("/admin/media/"+path, url.Values{"alt": {"Boats at dawn"}, "credit": {"Staff"}})
			},
			http.StatusSeeOther, mediaEvent("update", id)},
		{"words without alt text announce nothing",
			func() *httptest.ResponseRecorder { return author.post("/admin/media/"+path, url.Values{"alt": {""}}) },
			http.StatusUnprocessableEntity, nil},
		{"a contributor's words are refused and announce nothing",
			func() *httptest.ResponseRecorder {
				return n.signIn(content.RoleContributor).post("/admin/media/"+path, url.Values{"alt": {"Mine"}})
			},
			http.StatusForbidden, nil},
	}
	if got := rec.Take(); !reflect.DeepEqual(got, mediaEvent("create", id)) {
		t.Fatalf("the upload announced %+v", got)
	}
	for _, s := range steps {
		w := s.do()
		if w.Code != s.code {
			t.Errorf("%s: answered %d, want %d", s.name, w.Code, s.code)
		}
		if got := rec.Take(); len(got) != len(s.want) || (len(s.want) > 0 && !reflect.DeepEqual(got, s.want)) {
			t.Errorf("%s: announced %+v, want %+v", s.name, got, s.want)
		}
	}
	im, err := n.st.ImageByID(t.Context(), id)
	must(t, err)
	if im.Alt != "Boats at dawn" || im.Credit != "Staff" {
		t.Errorf("stored words %q, %q: a refused form changed them", im.Alt, im.Credit)
	}
}
