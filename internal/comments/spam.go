package comments

import (
	"context"
	"net/http"
	"time"

	"dateline/internal/content"
)

// SpamChecker is an outside opinion on whether a comment is spam, such as
// Akismet. It is asked after the rules of the site (honeypot, blocklist)
// and before the comment is stored; an error holds the comment for a
// moderator rather than losing it.
type SpamChecker interface {
	Check(ctx context.Context, c Candidate) (spam bool, err error)
}

// Candidate is a comment as a spam checker sees it. Addr is the client's
// real address: a checker needs it, and it goes to the checker only; the
// store keeps a keyed hash.
type Candidate struct {
	Blog      string // the site's absolute address
	Addr      string
	UserAgent string
	Referrer  string
	Permalink string // the article's absolute address
	Author    string
	Email     string
	URL       string
	Body      string
	Lang      string // the site's language, such as "en"
	PostedAt  time.Time
}

// SpamCheckers chooses the checker to ask under the current policy; nil
// asks none. It is called for every comment, so that a key typed into the
// settings takes effect at once.
type SpamCheckers func(p Policy) SpamChecker

// AkismetFromPolicy asks Akismet whenever the policy has a key, over
// client (nil: one that gives up after AkismetTimeout).
func AkismetFromPolicy(client *http.Client) SpamCheckers {
	return func(p Policy) SpamChecker {
		if p.AkismetKey == "" {
			return nil
		}
		return Akismet{Key: p.AkismetKey, BaseURL: p.AkismetURL, HTTP: client}
	}
}

// candidate is what a spam checker is told about c.
func candidate(si siteInfo, a content.Article, c content.Comment, client ClientInfo, now time.Time) Candidate {
	return Candidate{
		Blog: si.base + "/", Addr: client.Addr, UserAgent: client.UserAgent, Referrer: client.Referrer,
		Permalink: si.articleURL(a), Author: c.AuthorName, Email: c.AuthorEmail, URL: c.AuthorURL, Body: c.Body,
		Lang: si.lang, PostedAt: now,
	}
}
