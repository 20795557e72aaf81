package api_test

import (
	"context"
	"fmt"
	"net/http"
	"testing"

	"dateline/internal/content"
)

func TestAPicturesWordsAreChangedByItsUploaderAndTheEditorsOnly(t *testing.T) {
	d := newDesk(t)
	uploadAs := func(who string) int64 {
		t.Helper()
		rec := d.call(t, "POST", "/api/v1/media", d.tokens[who], upload(t, "a.png", photo(t, "png", 40, 30), map[string]string{"alt": who + "'s picture"}))
		if rec.Code != http.StatusCreated {
			t.Fatalf("upload as %s: %d %s", who, rec.Code, rec.Body)
		}
		m := decode[struct {
			ID      int64
			OwnerID int64 `json:"owner_id"`
		}](t, rec)
		if m.OwnerID != d.members[who].ID {
			t.Errorf("owner_id = %d, want %s's %d", m.OwnerID, who, d.members[who].ID)
		}
		return m.ID
	}
	authors, others := uploadAs("author"), uploadAs("other")
	old := content.Image{Name: "2024/01/old", Ext: ".png", Width: 40, Height: 30, Alt: "From before owners"}
	must(t, d.st.CreateImage(context.Background(), &old))

	cases := []struct {
		name   string
		who    string
		id     int64
		body   any
		status int
		code   string
	}{
		{"the uploader changes her picture", "author", authors, map[string]string{"alt": "Changed by the author"}, 200, ""},
		{"another author may not", "other", authors, map[string]string{"alt": "Changed by another"}, 403, "forbidden"},
		{"a contributor may not", "contributor", authors, map[string]string{"caption": "Changed by a contributor"}, 403, "forbidden"},
		{"an author may not change a picture without an owner", "author", old.ID, map[string]string{"alt": "Changed"}, 403, "forbidden"},
		{"an editor changes another's picture", "editor", others, map[string]string{"credit": "Photo: the desk"}, 200, ""},
		{"an editor changes a picture without an owner", "editor", old.ID, map[string]string{"alt": "Changed by an editor"}, 200, ""},
		{"alt text may not be emptied", "author", authors, map[string]string{"alt": " "}, 422, "invalid_alt"},
		{"an unknown field is named", "author", authors, map[string]string{"title": "x"}, 400, "unknown_field"},
		{"nothing to change", "author", authors, map[string]string{}, 400, "nothing_to_change"},
		{"a picture that does not exist", "editor", 999999, map[string]string{"alt": "x"}, 404, "not_found"},
		{"no token", "", authors, map[string]string{"alt": "x"}, 401, "unauthorized"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			before, _ := d.st.ImageByID(context.Background(), tc.id)
			rec := d.call(t, "PATCH", fmt.Sprintf("/api/v1/media/%d", tc.id), d.tokens[tc.who], tc.body)
			after, _ := d.st.ImageByID(context.Background(), tc.id)
			if rec.Code != tc.status {
				t.Fatalf("status %d, want %d: %s", rec.Code, tc.status, rec.Body)
			}
			if tc.status != 200 {
				if e := decode[apiError](t, rec); e.Error.Code != tc.code {
					t.Errorf("code %q, want %q", e.Error.Code, tc.code)
				}
				if after.Alt != before.Alt || after.Caption != before.Caption || after.Credit != before.Credit {
					t.Errorf("a refused change changed the words: %+v", after)
				}
				return
			}
			m := decode[struct {
				ID                   int64
				Alt, Caption, Credit string
			}](t, rec)
			if m.ID != tc.id || m.Alt != after.Alt || m.Caption != after.Caption || m.Credit != after.Credit {
				t.Errorf("answer %+v, stored %+v", m, after)
			}
			for field, v := range tc.body.(map[string]string) {
				got := map[string]string{"alt": after.Alt, "caption": after.Caption, "credit": after.Credit}[field]
				if got != v {
					t.Errorf("%s = %q, want %q", field, got, v)
				}
			}
			sent := tc.body.(map[string]string)
			if _, ok := sent["alt"]; !ok && after.Alt != before.Alt {
				t.Errorf("alt changed though not sent: %q", after.Alt)
			}
		})
	}
}
