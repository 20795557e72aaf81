package server

import (
	"net/http"
	"net/http/httptest"
	"runtime"
	"strconv"
	"sync"
	"testing"
)

// One address may have four searches, comment posts, sign-ins or previews
// in flight; a fifth is answered 429 at once, while other addresses and
// ordinary pages go on, and the address may search again once one ends.
func TestAClientHasAFewExpensiveRequestsInFlightAtMost(t *testing.T) {
	// Each search waits until the test closes the channel its ?q= names.
	entered := make(chan struct{})
	var mu sync.Mutex
	gates := map[string]chan struct{}{}
	gate := func(q string) chan struct{} {
		mu.Lock()
		defer mu.Unlock()
		if gates[q] == nil {
			gates[q] = make(chan struct{})
		}
		return gates[q]
	}
	site := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/search" {
			entered <- struct{}{}
			<-gate(r.URL.Query().Get("q"))
		}
	})
	s, err := New(Config{Site: site})
	if err != nil {
		t.Fatal(err)
	}
	h := s.Handler()
	do := func(method, path, addr string) *httptest.ResponseRecorder {
		req := httptest.NewRequest(method, path, nil)
		req.RemoteAddr = addr
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		return rec
	}
	var wg sync.WaitGroup
	search := func(q, addr string) {
		wg.Go(func() { do(http.MethodGet, "/search?q="+q, addr) })
		<-entered
	}
	for i := range maxExpensivePerClient {
		search(strconv.Itoa(i), "203.0.113.7:1000")
	}
	if rec := do(http.MethodGet, "/search?q=more", "203.0.113.7:1001"); rec.Code != http.StatusTooManyRequests || rec.Header().Get("Retry-After") != "1" {
		t.Errorf("the fifth search = %d (Retry-After %q), want 429", rec.Code, rec.Header().Get("Retry-After"))
	}
	if rec := do(http.MethodPost, "/admin/login", "203.0.113.7:1002"); rec.Code != http.StatusTooManyRequests {
		t.Errorf("a sign-in beside four searches = %d, want 429", rec.Code)
	}
	if rec := do(http.MethodGet, "/2026/12/02/floods/", "203.0.113.7:1003"); rec.Code != http.StatusOK {
		t.Errorf("a page beside four searches = %d, want 200", rec.Code)
	}
	search("other", "198.51.100.2:1000") // another address is not held back
	close(gate("0"))
	// Once the first search has ended, the address may search again.
	for {
		s.expensive.mu.Lock()
		n := s.expensive.n["203.0.113.7"]
		s.expensive.mu.Unlock()
		if n < maxExpensivePerClient {
			break
		}
		runtime.Gosched()
	}
	search("again", "203.0.113.7:1004")
	for _, q := range []string{"1", "2", "3", "other", "again"} {
		close(gate(q))
	}
	wg.Wait()
	if n := len(s.expensive.n); n != 0 {
		t.Errorf("%d addresses are still counted after every request ended", n)
	}
}
