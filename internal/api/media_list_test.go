package api_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"dateline/internal/content"
)

type mediaPage struct {
	Items []struct {
		ID  int64  `json:"id"`
		Alt string `json:"alt"`
	} `json:"items"`
	NextCursor string `json:"next_cursor"`
}

func TestTheMediaListPagesAndSearchesLikeThePicturePicker(t *testing.T) {
	d := newDesk(t)
	list := make([]content.Image, 120)
	for i := range list {
		alt := fmt.Sprintf("Boats at dawn %d", i)
		if i%4 == 0 {
			alt = fmt.Sprintf("Lanterns on the Ping river %d", i)
		}
		list[i] = content.Image{Name: fmt.Sprintf("2026/12/list-%03d", i), Ext: ".jpg", Width: 800, Height: 600, Alt: alt}
	}
	must(t, d.st.CreateImages(context.Background(), list))

	// Every page, cursor to cursor: the library newest first, once each.
	walk := func(query string) []int64 {
		t.Helper()
		var seen []int64
		cursor := ""
		for range 20 {
			rec := d.call(t, "GET", "/api/v1/media?limit=25"+query+"&cursor="+cursor, d.tokens["contributor"], nil)
			if rec.Code != http.StatusOK {
				t.Fatalf("status %d: %s", rec.Code, rec.Body)
			}
			p := decode[mediaPage](t, rec)
			if len(p.Items) > 25 {
				t.Fatalf("a page of %d", len(p.Items))
			}
			for _, m := range p.Items {
				seen = append(seen, m.ID)
			}
			if p.NextCursor == "" {
				return seen
			}
			cursor = p.NextCursor
		}
		t.Fatal("the cursors do not end")
		return nil
	}
	var want, lanterns []int64
	for i := len(list) - 1; i >= 0; i-- {
		want = append(want, list[i].ID)
		if i%4 == 0 {
			lanterns = append(lanterns, list[i].ID)
		}
	}
	if got := walk(""); !slices.Equal(got, want) {
		t.Errorf("the pages hold %v,\nwant %v", got, want)
	}
	if got := walk("&q=" + url.QueryEscape("PING lanterns")); !slices.Equal(got, lanterns) {
		t.Errorf("the search's pages hold %v,\nwant %v", got, lanterns)
	}

	for _, tc := range []struct{ name, query, code string }{
		{"a query too long", "q=" + strings.Repeat("a", 101), "invalid_q"},
		{"a query without a word of three letters", "q=ox+at", "invalid_q"},
		{"a forged cursor", "cursor=bm9wZQ", "invalid_cursor"},
		{"a limit past 100", "limit=101", "invalid_limit"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rec := d.call(t, "GET", "/api/v1/media?"+tc.query, d.tokens["author"], nil)
			if e := decode[apiError](t, rec); rec.Code != http.StatusBadRequest || e.Error.Code != tc.code {
				t.Errorf("%d %+v, want 400 %s", rec.Code, e, tc.code)
			}
		})
	}
}
