package comments

import (
	"fmt"
	netmail "net/mail"
	"net/url"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"dateline/internal/content"
)

// Names of the fields of the public comment form. They are the names
// WordPress uses, so themes and habits carry over; Honeypot is hidden from
// people by the theme and only robots fill it in.
const (
	FieldComment   = "comment"
	FieldAuthor    = "author"
	FieldEmail     = "email"
	FieldURL       = "url"
	FieldArticle   = "article_id"
	FieldParent    = "parent"
	FieldSubscribe = "subscribe"
	FieldHoneypot  = "website_url"
	// FieldStamp says when the page with the form was served; see
	// Service.FormStamp.
	FieldStamp = "dl_ts"
)

// Limits on what a reader may send.
const (
	// MaxComment is the most any comment may hold, whatever the settings
	// (Policy.MaxLength, 5,000 by default, is the site's own limit) and
	// also for staff.
	MaxComment = 20000 // characters
	MaxName    = 100   // characters
	MaxEmail   = 254   // bytes, the longest address mail systems accept
	MaxURL     = 200   // bytes
)

// The messages a reader sees, word for word as on the reference site.
const (
	msgComment  = "Please enter your comment!"
	msgName     = "Please enter your name here"
	msgEmail    = "You have entered an incorrect email address!"
	msgURL      = "Please enter a website address starting with http:// or https://"
	msgArticle  = "This comment form is out of date. Please reload the page and try again."
	msgBadText  = "Your %s contains characters that cannot be read. Please type it again."
	msgTooLong  = "Your %s is too long (at most %d characters)."
	msgURLLong  = "The website address is too long (at most %d characters)."
	msgNameBody = "comment"
)

// Form is the comment form as the reader sent it, every field a raw
// string. It is kept as typed, so that a refused comment can be shown
// again for correction.
type Form struct {
	Comment   string
	Author    string
	Email     string
	URL       string
	ArticleID string
	Parent    string
	// Subscribe is "yes" when the reader asked for mail about replies.
	Subscribe string
	// Honeypot is the hidden field; anything in it marks a robot.
	Honeypot string
	// Stamp is the hidden FieldStamp, as the page was served with it.
	Stamp string
}

// FormFromValues reads a posted form. It also accepts WordPress's own
// names for the article and the parent (comment_post_ID, comment_parent),
// which old themes and tools send.
func FormFromValues(v url.Values) Form {
	pick := func(names ...string) string {
		for _, n := range names {
			if s := v.Get(n); s != "" {
				return s
			}
		}
		return ""
	}
	return Form{
		Comment:   v.Get(FieldComment),
		Author:    v.Get(FieldAuthor),
		Email:     v.Get(FieldEmail),
		URL:       v.Get(FieldURL),
		ArticleID: pick(FieldArticle, "comment_post_ID"),
		Parent:    pick(FieldParent, "comment_parent"),
		Subscribe: v.Get(FieldSubscribe),
		Honeypot:  v.Get(FieldHoneypot),
		Stamp:     v.Get(FieldStamp),
	}
}

// Subscribed reports whether the reader asked for mail about replies.
func (f Form) Subscribed() bool { return strings.TrimSpace(f.Subscribe) == "yes" }

// Validate turns the form into a comment (article, parent, author name,
// lower-cased email, website and text, all trimmed) or says what is wrong
// with every field at once, in words for the reader. Status, time and
// address are for the caller to set.
func (f Form) Validate() (content.Comment, content.FieldErrors) {
	var (
		c    content.Comment
		errs content.FieldErrors
	)
	if body, msg := cleanBody(f.Comment); msg != "" {
		errs.Add(FieldComment, msg)
	} else {
		c.Body = body
	}

	name := f.Author
	switch {
	case !utf8.ValidString(name):
		errs.Add(FieldAuthor, fmt.Sprintf(msgBadText, "name"))
	case oneLine(name) == "":
		errs.Add(FieldAuthor, msgName)
	case utf8.RuneCountInString(oneLine(name)) > MaxName:
		errs.Add(FieldAuthor, fmt.Sprintf(msgTooLong, "name", MaxName))
	default:
		c.AuthorName = oneLine(name)
	}

	if email, ok := cleanEmail(f.Email); ok {
		c.AuthorEmail = email
	} else {
		errs.Add(FieldEmail, msgEmail)
	}

	site := strings.TrimSpace(f.URL)
	switch {
	case site == "":
	case !utf8.ValidString(site):
		errs.Add(FieldURL, fmt.Sprintf(msgBadText, "website address"))
	case len(site) > MaxURL:
		errs.Add(FieldURL, fmt.Sprintf(msgURLLong, MaxURL))
	default:
		if u, ok := cleanWebsite(site); ok {
			c.AuthorURL = u
		} else {
			errs.Add(FieldURL, msgURL)
		}
	}

	id, err := strconv.ParseInt(strings.TrimSpace(f.ArticleID), 10, 64)
	if err != nil || id <= 0 {
		errs.Add(FieldArticle, msgArticle)
	}
	c.ArticleID = id
	if p := strings.TrimSpace(f.Parent); p != "" {
		pid, err := strconv.ParseInt(p, 10, 64)
		if err != nil || pid < 0 {
			errs.Add(FieldParent, msgArticle)
		}
		c.ParentID = pid
	}
	return c, errs
}

// cleanBody trims the text, keeps its line breaks as \n and drops other
// control characters; msg says what is wrong, if anything.
func cleanBody(s string) (body, msg string) {
	if !utf8.ValidString(s) {
		return "", fmt.Sprintf(msgBadText, msgNameBody)
	}
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.ReplaceAll(s, "\r", "\n")
	s = strings.Map(func(r rune) rune {
		if r == '\n' || r == '\t' || !unicode.IsControl(r) {
			return r
		}
		return -1
	}, s)
	s = strings.TrimSpace(s)
	switch {
	case s == "":
		return "", msgComment
	case utf8.RuneCountInString(s) > MaxComment:
		return "", fmt.Sprintf(msgTooLong, msgNameBody, MaxComment)
	}
	return s, ""
}

// oneLine folds every run of spaces, line breaks and control characters
// into one space and trims the ends.
func oneLine(s string) string {
	return strings.Join(strings.FieldsFunc(s, func(r rune) bool {
		return unicode.IsSpace(r) || unicode.IsControl(r)
	}), " ")
}

// cleanEmail accepts one bare address with a dotted domain and returns it
// lower-cased.
func cleanEmail(s string) (string, bool) {
	s = strings.TrimSpace(s)
	if s == "" || len(s) > MaxEmail || !utf8.ValidString(s) {
		return "", false
	}
	a, err := netmail.ParseAddress(s)
	if err != nil || a.Name != "" || a.Address != s {
		return "", false
	}
	at := strings.LastIndexByte(s, '@')
	local, domain := s[:at], s[at+1:]
	if local == "" || !strings.Contains(domain, ".") || strings.Contains(domain, "..") ||
		strings.HasPrefix(domain, ".") || strings.HasSuffix(domain, ".") || strings.ContainsAny(domain, "[]") {
		return "", false
	}
	return strings.ToLower(s), true
}

// cleanWebsite accepts an absolute http or https address with a host and
// no user name, and writes its scheme in lower case.
func cleanWebsite(s string) (string, bool) {
	for _, r := range s {
		if unicode.IsSpace(r) || unicode.IsControl(r) {
			return "", false
		}
	}
	u, err := url.Parse(s)
	if err != nil || u.Host == "" || u.User != nil || u.Hostname() == "" {
		return "", false
	}
	scheme := strings.ToLower(u.Scheme)
	if scheme != "http" && scheme != "https" {
		return "", false
	}
	return scheme + s[len(u.Scheme):], true
}
