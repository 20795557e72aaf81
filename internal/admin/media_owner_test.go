package admin_test

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"dateline/internal/content"
	"dateline/internal/media"
)

// signInAs signs a browser in as u.
func (n *room) signInAs(u content.User) *browser {
	n.t.Helper()
	b := n.browser()
	wantRedirect(n.t, b.post("/admin/login", url.Values{"email": {u.Email}, "password": {password}}), "/admin/")
	return b
}

// uploadPicture uploads a picture from b and returns its number.
func uploadPicture(t *testing.T, b *browser, alt string) string {
	t.Helper()
	w := b.postMultipart("/admin/media/", url.Values{"alt": {alt}, "credit": {"Staff"}}, file{"file", "a.png", photo(t, 60, 40)})
	if w.Code != http.StatusSeeOther {
		t.Fatalf("upload: status %d\n%s", w.Code, w.Body)
	}
	return strings.TrimPrefix(w.Header().Get("Location"), "/admin/media/?added=")
}

func TestAPictureIsChangedByItsUploaderAndTheEditorsOnly(t *testing.T) {
	t.Parallel()
	opt, _ := withMedia(t, media.Limits{})
	n := newNewsroom(t, opt)
	ana := n.signIn(content.RoleAuthor)
	nok := n.signInAs(n.addMember("Nok Author", "nok@example.com", content.RoleAuthor))
	editor := n.signIn(content.RoleEditor)
	anas, noks := uploadPicture(t, ana, "Ana's boats"), uploadPicture(t, nok, "Nok's market")
	// A picture from before pictures had owners: editors only.
	old := content.Image{Name: "2024/01/old", Ext: ".png", Width: 60, Height: 40, Alt: "From before"}
	must(t, n.st.CreateImage(context.Background(), &old))
	olds := strconv.FormatInt(old.ID, 10)

	cases := []struct {
		name string
		who  *browser
		id   string
		ok   bool
	}{
		{"an author changes her own picture", ana, anas, true},
		{"an author may not change another author's picture", ana, noks, false},
		{"an author may not change a picture without an owner", ana, olds, false},
		{"an editor changes an author's picture", editor, noks, true},
		{"an editor changes a picture without an owner", editor, olds, true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			num, _ := strconv.ParseInt(tc.id, 10, 64)
			before, err := n.st.ImageByID(context.Background(), num)
			must(t, err)
			doc := page(t, tc.who.get("/admin/media/"+tc.id))
			if form := first(doc, "form[action=/admin/media/"+tc.id+"]"); (form != nil) != tc.ok {
				t.Errorf("the picture's page offers the form to save: %v, want %v", form != nil, tc.ok)
			}
			w := tc.who.post("/admin/media/"+tc.id, url.Values{"alt": {"Rewritten " + tc.name}, "caption": {"New"}, "credit": {"Someone"}})
			after, err := n.st.ImageByID(context.Background(), num)
			must(t, err)
			if tc.ok {
				wantRedirect(t, w, "/admin/media/"+tc.id+"?done=image-saved")
				if after.Alt != "Rewritten "+tc.name {
					t.Errorf("alt = %q", after.Alt)
				}
				return
			}
			wantStatus(t, w, http.StatusForbidden)
			if after.Alt != before.Alt || after.Caption != before.Caption || after.Credit != before.Credit {
				t.Errorf("a refused change changed the words: %+v", after)
			}
		})
	}
}
