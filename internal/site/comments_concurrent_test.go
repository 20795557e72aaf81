package site_test

import (
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"sync"
	"testing"
	"time"
)

var commentAnchor = regexp.MustCompile(`#comment-(\d+)$`)

func TestTwoHundredConcurrentCommentsAreAllStoredOnce(t *testing.T) {
	const posts = 200
	n := newNewsroom(t, withComments(t))
	before := len(storedComments(t, n.st, n.kremlin.ID))
	stamp := n.stamp(t, now.Add(-time.Minute))
	var (
		wg    sync.WaitGroup
		start = make(chan struct{})
		ids   = make([]int64, posts)
		codes = make([]int, posts)
	)
	for i := range posts {
		wg.Go(func() {
			form := url.Values{"article_id": {fmt.Sprint(n.kremlin.ID)}, "comment": {fmt.Sprintf("Concurrent comment %d", i)},
				"author": {fmt.Sprintf("Reader %d", i)}, "email": {fmt.Sprintf("reader%d@example.com", i)}, "dl_ts": {stamp}}
			<-start
			rec := n.postFrom(t, fmt.Sprintf("10.1.%d.%d", i/250, i%250+1), "/comments/", form, nil)
			codes[i] = rec.Code
			if m := commentAnchor.FindStringSubmatch(rec.Header().Get("Location")); m != nil {
				ids[i], _ = strconv.ParseInt(m[1], 10, 64)
			}
		})
	}
	close(start)
	wg.Wait()

	stored := map[string]int{}
	byID := map[int64]string{}
	for _, c := range storedComments(t, n.st, n.kremlin.ID) {
		stored[c.Body]++
		byID[c.ID] = c.Body
	}
	if got := len(byID) - before; got != posts {
		t.Errorf("%d comments stored, want %d", got, posts)
	}
	for i := range posts {
		body := fmt.Sprintf("Concurrent comment %d", i)
		switch {
		case codes[i] != http.StatusSeeOther || ids[i] == 0:
			t.Errorf("post %d: status %d, id %d; want 303 to the new comment", i, codes[i], ids[i])
		case stored[body] != 1:
			t.Errorf("post %d stored %d times", i, stored[body])
		case byID[ids[i]] != body:
			t.Errorf("post %d was acknowledged as comment %d, which holds %q", i, ids[i], byID[ids[i]])
		}
	}
}
