package site_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"testing"

	"dateline/internal/content"
	"dateline/internal/store"
)

// storedComments lists every comment on an article that is pending or
// approved, oldest first.
func storedComments(t *testing.T, st store.Store, articleID int64) []content.Comment {
	t.Helper()
	var out []content.Comment
	for offset := 0; ; offset += store.MaxLimit {
		page, err := st.ModerationQueue(context.Background(), store.CommentFilter{ArticleID: articleID, Limit: store.MaxLimit, Offset: offset})
		must(t, err)
		for _, c := range page {
			out = append(out, c.Comment)
		}
		if len(page) < store.MaxLimit {
			slices.Reverse(out)
			return out
		}
	}
}

func TestASpamRunFromOneAddressIsThrottledWhileOthersCommentNormally(t *testing.T) {
	const tooQuick = "You are posting comments too quickly. Please wait 10 minutes and try again."
	n := newNewsroom(t, withComments(t))
	before := len(storedComments(t, n.st, n.kremlin.ID))
	reply := func(i int, email string) url.Values {
		return url.Values{"article_id": {fmt.Sprint(n.kremlin.ID)}, "comment": {fmt.Sprintf("Comment number %d", i)},
			"author": {"Reader"}, "email": {email}}
	}
	accepted, throttled, others := 0, 0, 0
	for i := range 300 {
		rec := n.postFrom(t, "203.0.113.66", "/comments/", reply(i, fmt.Sprintf("bot%d@example.com", i)), nil)
		switch rec.Code {
		case http.StatusSeeOther:
			accepted++
		case http.StatusTooManyRequests:
			throttled++
			if i == 299 {
				if got := text(first(parse(t, rec.Body.String()), ".form-errors")); got != tooQuick {
					t.Errorf("message %q, want %q", got, tooQuick)
				}
				if got := rec.Header().Get("Retry-After"); got != "600" {
					t.Errorf("Retry-After %q, want 600", got)
				}
			}
		default:
			t.Fatalf("post %d: status %d", i, rec.Code)
		}
		if i%30 == 0 { // meanwhile, ten readers elsewhere comment
			addr := fmt.Sprintf("198.51.100.%d", 1+i/30)
			if rec := n.postFrom(t, addr, "/comments/", reply(i, fmt.Sprintf("reader%d@example.com", i)), nil); rec.Code != http.StatusSeeOther {
				t.Errorf("a reader at %s got %d, want 303", addr, rec.Code)
			}
			others++
		}
	}
	if accepted != 5 || throttled != 295 {
		t.Errorf("from the spamming address: %d accepted, %d throttled; want 5 and 295", accepted, throttled)
	}
	if got := len(storedComments(t, n.st, n.kremlin.ID)) - before; got != 5+others {
		t.Errorf("%d comments stored, want %d", got, 5+others)
	}
}

func TestOneEmailFromManyAddressesIsThrottled(t *testing.T) {
	n := newNewsroom(t, withComments(t))
	codes := map[int]int{}
	for i := range 50 {
		form := url.Values{"article_id": {fmt.Sprint(n.kremlin.ID)}, "comment": {fmt.Sprintf("Buy number %d", i)},
			"author": {"Bot"}, "email": {"Bot@Example.com"}}
		codes[n.postFrom(t, fmt.Sprintf("203.0.113.%d", i+1), "/comments/", form, nil).Code]++
	}
	if codes[http.StatusSeeOther] != 5 || codes[http.StatusTooManyRequests] != 45 {
		t.Errorf("answers %v, want 5 accepted and 45 throttled", codes)
	}
}
