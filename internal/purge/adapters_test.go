package purge

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"sync"
	"testing"
)

// seen is one request an API test server received.
type seen struct {
	method, path string
	header       http.Header
	body         string
}

// apiServer answers every request with answer and keeps what it received.
type apiServer struct {
	*httptest.Server
	mu   sync.Mutex
	got  []seen
	next func(w http.ResponseWriter, r seen)
}

func newAPIServer(t *testing.T, answer func(w http.ResponseWriter, r seen)) *apiServer {
	t.Helper()
	s := &apiServer{next: answer}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		req := seen{method: r.Method, path: r.URL.RequestURI(), header: r.Header.Clone(), body: string(body)}
		s.mu.Lock()
		s.got = append(s.got, req)
		s.mu.Unlock()
		s.next(w, req)
	}))
	t.Cleanup(s.Close)
	return s
}

func (s *apiServer) requests() []seen {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]seen(nil), s.got...)
}

// only is the one request the server received.
func (s *apiServer) only(t *testing.T) seen {
	t.Helper()
	got := s.requests()
	if len(got) != 1 {
		t.Fatalf("the server received %d requests, want 1", len(got))
	}
	return got[0]
}

// jsonIs asserts that body is the JSON document want.
func jsonIs(t *testing.T, body, want string) {
	t.Helper()
	var got, exp any
	if err := json.Unmarshal([]byte(body), &got); err != nil {
		t.Fatalf("the body %q is not JSON: %v", body, err)
	}
	if err := json.Unmarshal([]byte(want), &exp); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, exp) {
		t.Errorf("the body is %s, want %s", body, want)
	}
}

// headerIs asserts one request header's value.
func headerIs(t *testing.T, r seen, name, want string) {
	t.Helper()
	if got := r.header.Get(name); got != want {
		t.Errorf("%s: %q, want %q", name, got, want)
	}
}

func keysNamed(n int) []string {
	keys := make([]string, n)
	for i := range keys {
		keys[i] = fmt.Sprintf("article:%d", i)
	}
	return keys
}

func TestWebhookPostsTheTagsAsJSON(t *testing.T) {
	srv := newAPIServer(t, func(w http.ResponseWriter, r seen) { w.WriteHeader(http.StatusNoContent) })
	hook := &Webhook{URL: srv.URL + "/hooks/purge", Secret: "s3cret"}
	if err := hook.Purge(context.Background(), []string{"article:42", "home"}); err != nil {
		t.Fatal(err)
	}
	r := srv.only(t)
	if r.method != "POST" || r.path != "/hooks/purge" {
		t.Errorf("sent %s %s, want POST /hooks/purge", r.method, r.path)
	}
	headerIs(t, r, "Content-Type", "application/json")
	headerIs(t, r, "Authorization", "Bearer s3cret")
	jsonIs(t, r.body, `{"tags": ["article:42", "home"]}`)

	t.Run("without a secret no Authorization is sent", func(t *testing.T) {
		srv := newAPIServer(t, func(w http.ResponseWriter, r seen) {})
		if err := (&Webhook{URL: srv.URL}).Purge(context.Background(), []string{All}); err != nil {
			t.Fatal(err)
		}
		r := srv.only(t)
		headerIs(t, r, "Authorization", "")
		jsonIs(t, r.body, `{"tags": ["*"]}`)
	})
	t.Run("an error status is an error, tried again when 5xx", func(t *testing.T) {
		srv := newAPIServer(t, func(w http.ResponseWriter, r seen) { http.Error(w, "down for maintenance", 503) })
		err := (&Webhook{URL: srv.URL}).Purge(context.Background(), []string{"home"})
		if err == nil || !strings.Contains(err.Error(), "503") || !strings.Contains(err.Error(), "down for maintenance") {
			t.Fatalf("got %v, want the 503 and its message", err)
		}
		if !Retryable(err) {
			t.Error("a 503 is not retryable")
		}
	})
}

func TestCloudflarePurgesByTagThroughPurgeCache(t *testing.T) {
	const zone = "023e105f4ecef8ad9ca31a8372d0c353"
	ok := func(w http.ResponseWriter, r seen) {
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, `{"success": true, "errors": [], "messages": [], "result": {"id": "023e105f4ecef8ad9ca31a8372d0c353"}}`)
	}
	cf := func(srv *apiServer) *Cloudflare {
		return &Cloudflare{Zone: zone, Token: "cf-token", API: srv.URL + "/client/v4"}
	}

	t.Run("tags", func(t *testing.T) {
		srv := newAPIServer(t, ok)
		if err := cf(srv).Purge(context.Background(), []string{"article:42", "home"}); err != nil {
			t.Fatal(err)
		}
		r := srv.only(t)
		if r.method != "POST" || r.path != "/client/v4/zones/"+zone+"/purge_cache" {
			t.Errorf("sent %s %s, want POST /client/v4/zones/%s/purge_cache", r.method, r.path, zone)
		}
		headerIs(t, r, "Authorization", "Bearer cf-token")
		headerIs(t, r, "Content-Type", "application/json")
		jsonIs(t, r.body, `{"tags": ["article:42", "home"]}`)
	})
	t.Run("everything", func(t *testing.T) {
		srv := newAPIServer(t, ok)
		if err := cf(srv).Purge(context.Background(), []string{All}); err != nil {
			t.Fatal(err)
		}
		jsonIs(t, srv.only(t).body, `{"purge_everything": true}`)
	})
	t.Run("250 tags go in requests of 100", func(t *testing.T) {
		srv := newAPIServer(t, ok)
		keys := keysNamed(250)
		if err := cf(srv).Purge(context.Background(), keys); err != nil {
			t.Fatal(err)
		}
		got := srv.requests()
		if len(got) != 3 {
			t.Fatalf("%d requests, want 3", len(got))
		}
		for i, want := range [][]string{keys[:100], keys[100:200], keys[200:]} {
			raw, _ := json.Marshal(map[string]any{"tags": want})
			jsonIs(t, got[i].body, string(raw))
		}
	})
	t.Run("a refusal is an error with Cloudflare's reasons, not tried again", func(t *testing.T) {
		srv := newAPIServer(t, func(w http.ResponseWriter, r seen) {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusBadRequest)
			io.WriteString(w, `{"success": false, "errors": [{"code": 1012, "message": "Request must contain one of \"purge_everything\", \"files\", \"tags\", \"hosts\" or \"prefixes\""}], "messages": [], "result": null}`)
		})
		err := cf(srv).Purge(context.Background(), []string{"home"})
		if err == nil || !strings.Contains(err.Error(), "400") || !strings.Contains(err.Error(), "1012") {
			t.Fatalf("got %v, want the 400 and the error code", err)
		}
		if Retryable(err) {
			t.Error("a 400 is retryable")
		}
	})
	t.Run("success false in a 200 is an error, not tried again", func(t *testing.T) {
		srv := newAPIServer(t, func(w http.ResponseWriter, r seen) {
			io.WriteString(w, `{"success": false, "errors": [{"code": 10000, "message": "Authentication error"}], "messages": [], "result": null}`)
		})
		err := cf(srv).Purge(context.Background(), []string{"home"})
		if err == nil || !strings.Contains(err.Error(), "10000 Authentication error") {
			t.Fatalf("got %v, want Cloudflare's reason", err)
		}
		if Retryable(err) {
			t.Error("a refusal is retryable")
		}
	})
	t.Run("a rate limit is tried again", func(t *testing.T) {
		srv := newAPIServer(t, func(w http.ResponseWriter, r seen) {
			w.WriteHeader(http.StatusTooManyRequests)
			io.WriteString(w, `{"success": false, "errors": [{"code": 971, "message": "Please wait and consider throttling your request speed"}], "messages": [], "result": null}`)
		})
		if err := cf(srv).Purge(context.Background(), []string{"home"}); !Retryable(err) {
			t.Errorf("got %v, want a retryable error", err)
		}
	})
}

func TestFastlyPurgesBySurrogateKey(t *testing.T) {
	const service = "SU1Z0isxPaozGVKXdv0eY"
	purged := func(w http.ResponseWriter, r seen) {
		var req struct {
			Keys []string `json:"surrogate_keys"`
		}
		json.Unmarshal([]byte(r.body), &req)
		ids := map[string]string{}
		for i, k := range req.Keys {
			ids[k] = fmt.Sprintf("108-1391560174-%d", i)
		}
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(ids)
	}
	fastly := func(srv *apiServer) *Fastly { return &Fastly{Service: service, Token: "fastly-token", API: srv.URL} }

	t.Run("keys", func(t *testing.T) {
		srv := newAPIServer(t, purged)
		if err := fastly(srv).Purge(context.Background(), []string{"article:42", "home"}); err != nil {
			t.Fatal(err)
		}
		r := srv.only(t)
		if r.method != "POST" || r.path != "/service/"+service+"/purge" {
			t.Errorf("sent %s %s, want POST /service/%s/purge", r.method, r.path, service)
		}
		headerIs(t, r, "Fastly-Key", "fastly-token")
		headerIs(t, r, "Content-Type", "application/json")
		headerIs(t, r, "Accept", "application/json")
		headerIs(t, r, "Fastly-Soft-Purge", "")
		jsonIs(t, r.body, `{"surrogate_keys": ["article:42", "home"]}`)
	})
	t.Run("everything", func(t *testing.T) {
		srv := newAPIServer(t, func(w http.ResponseWriter, r seen) { io.WriteString(w, `{"status": "ok"}`) })
		if err := fastly(srv).Purge(context.Background(), []string{All}); err != nil {
			t.Fatal(err)
		}
		r := srv.only(t)
		if r.method != "POST" || r.path != "/service/"+service+"/purge_all" || r.body != "" {
			t.Errorf("sent %s %s with %q, want POST /service/%s/purge_all without a body", r.method, r.path, r.body, service)
		}
		headerIs(t, r, "Fastly-Key", "fastly-token")
	})
	t.Run("600 keys go in requests of 256", func(t *testing.T) {
		srv := newAPIServer(t, purged)
		keys := keysNamed(600)
		if err := fastly(srv).Purge(context.Background(), keys); err != nil {
			t.Fatal(err)
		}
		got := srv.requests()
		if len(got) != 3 {
			t.Fatalf("%d requests, want 3", len(got))
		}
		for i, want := range [][]string{keys[:256], keys[256:512], keys[512:]} {
			raw, _ := json.Marshal(map[string]any{"surrogate_keys": want})
			jsonIs(t, got[i].body, string(raw))
		}
	})
	t.Run("a wrong token is an error with Fastly's message, not tried again", func(t *testing.T) {
		srv := newAPIServer(t, func(w http.ResponseWriter, r seen) {
			w.WriteHeader(http.StatusUnauthorized)
			io.WriteString(w, `{"msg": "Provided credentials are missing or invalid"}`)
		})
		err := fastly(srv).Purge(context.Background(), []string{"home"})
		if err == nil || !strings.Contains(err.Error(), "401") || !strings.Contains(err.Error(), "credentials are missing") {
			t.Fatalf("got %v, want the 401 and Fastly's message", err)
		}
		if Retryable(err) {
			t.Error("a 401 is retryable")
		}
	})
}

func TestVarnishSendsXkeyPurges(t *testing.T) {
	answer := func(w http.ResponseWriter, r seen) { io.WriteString(w, "Invalidated 2 objects") }
	t.Run("keys in one xkey-purge header", func(t *testing.T) {
		srv := newAPIServer(t, answer)
		if err := (&Varnish{URL: srv.URL}).Purge(context.Background(), []string{"article:42", "home"}); err != nil {
			t.Fatal(err)
		}
		r := srv.only(t)
		if r.method != "PURGE" || r.path != "/" {
			t.Errorf("sent %s %s, want PURGE /", r.method, r.path)
		}
		headerIs(t, r, "Xkey-Purge", "article:42 home")
	})
	t.Run("everything is a BAN", func(t *testing.T) {
		srv := newAPIServer(t, answer)
		if err := (&Varnish{URL: srv.URL}).Purge(context.Background(), []string{All}); err != nil {
			t.Fatal(err)
		}
		r := srv.only(t)
		if r.method != "BAN" || r.path != "/" || r.header.Get("Xkey-Purge") != "" {
			t.Errorf("sent %s %s with xkey-purge %q, want BAN / without keys", r.method, r.path, r.header.Get("Xkey-Purge"))
		}
	})
	t.Run("many keys go in headers within Varnish's 8 KB", func(t *testing.T) {
		srv := newAPIServer(t, answer)
		keys := keysNamed(2000)
		if err := (&Varnish{URL: srv.URL}).Purge(context.Background(), keys); err != nil {
			t.Fatal(err)
		}
		var all []string
		for _, r := range srv.requests() {
			h := r.header.Get("Xkey-Purge")
			if len(h) > varnishHeaderBytes {
				t.Errorf("an xkey-purge header of %d bytes", len(h))
			}
			all = append(all, strings.Fields(h)...)
		}
		if !reflect.DeepEqual(all, keys) || len(srv.requests()) < 3 {
			t.Errorf("%d requests purged %d keys, want all 2000 in several", len(srv.requests()), len(all))
		}
	})
	t.Run("a refusal by the ACL is an error, not tried again", func(t *testing.T) {
		srv := newAPIServer(t, func(w http.ResponseWriter, r seen) { http.Error(w, "Forbidden", http.StatusForbidden) })
		err := (&Varnish{URL: srv.URL}).Purge(context.Background(), []string{"home"})
		if err == nil || !strings.Contains(err.Error(), "403") || Retryable(err) {
			t.Errorf("got %v, want a 403 that is not tried again", err)
		}
	})
}
