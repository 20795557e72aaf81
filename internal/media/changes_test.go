package media

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"reflect"
	"testing"

	"dateline/internal/changes"
	"dateline/internal/content"
	"dateline/internal/store"
	"dateline/internal/store/teststore"
)

// announced is a library on the store under test whose change feed is
// recorded.
type announced struct {
	svc    *Service
	st     store.Store
	dir    string
	events *changes.Recorder
}

func newAnnounced(t *testing.T) announced {
	t.Helper()
	st := teststore.Open(t)
	feed, rec := &changes.Feed{}, &changes.Recorder{}
	feed.Subscribe(rec.Record)
	dir := t.TempDir()
	svc := New(Config{Store: st, Storage: Dir(dir), Now: july, Widths: []int{320}, Changes: feed})
	return announced{svc: svc, st: st, dir: dir, events: rec}
}

func mediaEvent(action string, id int64) changes.Event {
	return changes.Event{Kind: changes.KindMedia, Action: action, IDs: []int64{id}, Tags: []string{changes.Media(id)}}
}

func wantEvents(t *testing.T, got []changes.Event, want ...changes.Event) {
	t.Helper()
	if len(got) == 0 && len(want) == 0 {
		return
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("events:\n got %+v\nwant %+v", got, want)
	}
}

func TestUploadsAnnounceThemselves(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name    string
		upload  Upload
		body    func(t *testing.T) []byte
		refused string // the file or alt message of a refusal
	}{
		{"a stored picture is announced as created", goodUpload,
			func(t *testing.T) []byte { return jpegOf(t, picture(700, 400)) }, ""},
		{"a picture without alt text is refused and announces nothing", Upload{Filename: "a.png", Alt: "  "},
			func(t *testing.T) []byte { return pngOf(t, picture(40, 30)) }, AltMissing},
		{"a file that is not an image is refused and announces nothing", goodUpload,
			func(*testing.T) []byte { return []byte("%PDF-1.7 not a picture") }, FileNotImage},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			a := newAnnounced(t)
			ctx := context.Background()
			im, err := a.svc.Save(ctx, tc.upload, bytes.NewReader(tc.body(t)))
			if tc.refused != "" {
				var fe content.FieldErrors
				if !errors.As(err, &fe) || (fe.For("alt") != tc.refused && fe.For("file") != tc.refused) {
					t.Fatalf("Save: %v, want a refusal saying %q", err, tc.refused)
				}
				wantEvents(t, a.events.Take())
				if n, err := a.st.CountImages(ctx); err != nil || n != 0 {
					t.Errorf("a refused upload left %d images (%v)", n, err)
				}
				if got := files(t, a.dir); len(got) != 0 {
					t.Errorf("a refused upload left files %q", got)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			wantEvents(t, a.events.Take(), mediaEvent("create", im.ID))
		})
	}
}

func TestAFailedUploadAnnouncesNothing(t *testing.T) {
	t.Parallel()
	feed, rec := &changes.Feed{}, &changes.Recorder{}
	feed.Subscribe(rec.Record)
	st := &fakeStore{fail: errors.New("disk full")}
	svc := New(Config{Store: st, Storage: Dir(t.TempDir()), Now: july, Changes: feed})
	if _, err := svc.Save(context.Background(), goodUpload, bytes.NewReader(pngOf(t, picture(40, 30)))); err == nil {
		t.Fatal("Save succeeded on a failing store")
	}
	wantEvents(t, rec.Take())
}

func TestSetText(t *testing.T) {
	t.Parallel()
	author := content.User{ID: 1, Name: "Ana Reyes", Role: content.RoleAuthor}
	cases := []struct {
		name  string
		who   content.User
		id    func(im content.Image) int64
		text  Text
		err   error  // errors.Is target of a refusal
		field string // or the field of a form mistake
		msg   string
		want  Text // the words stored afterwards
		// unowned saves the picture without an owner; else it is the author's
		unowned bool
	}{
		{name: "an author changes the words, trimmed, and the change is announced", who: author,
			text: Text{Alt: "  A market stall  ", Caption: "Chatuchak\n", Credit: " Staff"},
			want: Text{Alt: "A market stall", Caption: "Chatuchak", Credit: "Staff"}},
		{name: "an editor may change the words too",
			who:  content.User{ID: 2, Role: content.RoleEditor},
			text: Text{Alt: "Boats"}, want: Text{Alt: "Boats"}},
		{name: "empty alt text is refused with the upload's message and changes nothing", who: author,
			text: Text{Alt: " ", Caption: "Kept"}, field: "alt", msg: AltMissing, want: goodUpload.text()},
		{name: "a credit over 200 characters is refused and changes nothing", who: author,
			text: Text{Alt: "Boats", Credit: string(bytes.Repeat([]byte("x"), MaxCredit+1))}, field: "credit", msg: CreditTooLong,
			want: goodUpload.text()},
		{name: "a contributor is refused and changes nothing",
			who:  content.User{ID: 3, Role: content.RoleContributor},
			text: Text{Alt: "Boats"}, err: ErrForbidden, want: goodUpload.text()},
		{name: "nobody signed in is refused", text: Text{Alt: "Boats"}, err: ErrForbidden, want: goodUpload.text()},
		{name: "another author is refused and changes nothing",
			who:  content.User{ID: 4, Role: content.RoleAuthor},
			text: Text{Alt: "Boats"}, err: ErrForbidden, want: goodUpload.text()},
		{name: "an author may not change a picture without an owner", who: author, unowned: true,
			text: Text{Alt: "Boats"}, err: ErrForbidden, want: goodUpload.text()},
		{name: "an editor changes a picture without an owner", unowned: true,
			who:  content.User{ID: 2, Role: content.RoleEditor},
			text: Text{Alt: "Boats"}, want: Text{Alt: "Boats"}},
		{name: "a picture that does not exist is not found", who: author,
			id:   func(im content.Image) int64 { return im.ID + 100 },
			text: Text{Alt: "Boats"}, err: store.ErrNotFound, want: goodUpload.text()},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			a := newAnnounced(t)
			ctx := context.Background()
			// The members of the cases, with their ids, so a picture can be theirs.
			for i, role := range []content.Role{content.RoleAuthor, content.RoleEditor, content.RoleContributor, content.RoleAuthor} {
				u := content.User{Name: fmt.Sprintf("Member %d", i+1), Email: fmt.Sprintf("m%d@example.com", i+1), Role: role}
				if err := a.st.CreateUser(ctx, &u); err != nil || u.ID != int64(i+1) {
					t.Fatalf("member %d: id %d, %v", i+1, u.ID, err)
				}
			}
			up := goodUpload
			if !tc.unowned {
				up.Owner = author.ID
			}
			im, err := a.svc.Save(ctx, up, bytes.NewReader(pngOf(t, picture(40, 30))))
			if err != nil {
				t.Fatal(err)
			}
			if im.OwnerID != up.Owner {
				t.Fatalf("saved with owner %d, want %d", im.OwnerID, up.Owner)
			}
			a.events.Take()
			id := im.ID
			if tc.id != nil {
				id = tc.id(im)
			}
			err = a.svc.SetText(ctx, tc.who, id, tc.text)
			var fe content.FieldErrors
			switch {
			case tc.err != nil:
				if !errors.Is(err, tc.err) {
					t.Fatalf("SetText: %v, want %v", err, tc.err)
				}
			case tc.field != "":
				if !errors.As(err, &fe) || fe.For(tc.field) != tc.msg || len(fe) != 1 {
					t.Fatalf("SetText: %v, want only %s: %q", err, tc.field, tc.msg)
				}
			case err != nil:
				t.Fatalf("SetText: %v", err)
			}
			if err != nil {
				wantEvents(t, a.events.Take())
			} else {
				wantEvents(t, a.events.Take(), mediaEvent("update", im.ID))
			}
			got, err := a.st.ImageByID(ctx, im.ID)
			if err != nil {
				t.Fatal(err)
			}
			if stored := (Text{Alt: got.Alt, Caption: got.Caption, Credit: got.Credit}); stored != tc.want {
				t.Errorf("stored words %+v, want %+v", stored, tc.want)
			}
		})
	}
}
