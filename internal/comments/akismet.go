package comments

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// AkismetTimeout is how long a comment waits for Akismet when the client
// has no timeout of its own. The reader is waiting; past it the comment is
// held for a moderator instead.
const AkismetTimeout = 5 * time.Second

// Akismet asks an Akismet-compatible service whether a comment is spam,
// with the comment-check request of Akismet's API 1.1: a form-encoded POST
// to {BaseURL}/1.1/comment-check answered "true" (spam) or "false".
type Akismet struct {
	Key     string
	BaseURL string // DefaultAkismetURL when empty
	// Blog is the site's front page as registered with the key; empty
	// uses the Candidate's.
	Blog string
	HTTP *http.Client // nil: http.DefaultClient, bounded by AkismetTimeout
}

// akismetAnswerLimit bounds what is read of an answer: "true" or "false",
// or a short complaint.
const akismetAnswerLimit = 4 << 10

// Check implements SpamChecker.
func (a Akismet) Check(ctx context.Context, c Candidate) (bool, error) {
	client := a.HTTP
	if client == nil {
		client = http.DefaultClient
	}
	if client.Timeout == 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, AkismetTimeout)
		defer cancel()
	}
	base := strings.TrimRight(a.BaseURL, "/")
	if base == "" {
		base = DefaultAkismetURL
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, base+"/1.1/comment-check", strings.NewReader(a.form(c).Encode()))
	if err != nil {
		return false, fmt.Errorf("akismet: %w", err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
	req.Header.Set("User-Agent", "dateline | Akismet-compatible client")
	resp, err := client.Do(req)
	if err != nil {
		return false, fmt.Errorf("akismet: %w", err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, akismetAnswerLimit))
	if err != nil {
		return false, fmt.Errorf("akismet: read the answer: %w", err)
	}
	answer := strings.TrimSpace(string(body))
	if resp.StatusCode == http.StatusOK {
		switch answer {
		case "true":
			return true, nil
		case "false":
			return false, nil
		}
	}
	// "invalid" for a bad key, or an error page; Akismet says why in a
	// header.
	msg := fmt.Sprintf("akismet: status %d, answer %q", resp.StatusCode, cut(answer, 200))
	if help := resp.Header.Get("X-akismet-debug-help"); help != "" {
		msg += ": " + help
	}
	return false, errors.New(msg)
}

// form is the comment-check request as Akismet documents it.
func (a Akismet) form(c Candidate) url.Values {
	blog := a.Blog
	if blog == "" {
		blog = c.Blog
	}
	v := url.Values{
		"api_key":              {a.Key},
		"blog":                 {blog},
		"user_ip":              {c.Addr},
		"user_agent":           {c.UserAgent},
		"referrer":             {c.Referrer},
		"permalink":            {c.Permalink},
		"comment_type":         {"comment"},
		"comment_author":       {c.Author},
		"comment_author_email": {c.Email},
		"comment_author_url":   {c.URL},
		"comment_content":      {c.Body},
		"blog_lang":            {c.Lang},
		"blog_charset":         {"UTF-8"},
	}
	if !c.PostedAt.IsZero() {
		v.Set("comment_date_gmt", c.PostedAt.UTC().Format(time.RFC3339))
	}
	return v
}

func cut(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n]
}
