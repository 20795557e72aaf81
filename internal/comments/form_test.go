package comments

import (
	"net/url"
	"strings"
	"testing"

	"dateline/internal/content"
)

func TestFormValidation(t *testing.T) {
	good := Form{Comment: "Stay safe, everyone.", Author: "Nok", Email: "nok@example.com", ArticleID: "7"}
	tests := []struct {
		name   string
		change func(*Form)
		field  string
		want   string // the message for field; "" when the form is good
	}{
		{"a complete comment is accepted", func(*Form) {}, "", ""},
		{"comment without text is refused with 'Please enter your comment!'",
			func(f *Form) { f.Comment = "" }, "comment", "Please enter your comment!"},
		{"comment of only spaces and line breaks is refused with 'Please enter your comment!'",
			func(f *Form) { f.Comment = " \r\n\t " }, "comment", "Please enter your comment!"},
		{"comment without a name is refused with 'Please enter your name here'",
			func(f *Form) { f.Author = "" }, "author", "Please enter your name here"},
		{"comment with a name of spaces is refused with 'Please enter your name here'",
			func(f *Form) { f.Author = "   " }, "author", "Please enter your name here"},
		{"comment without an email is refused with 'You have entered an incorrect email address!'",
			func(f *Form) { f.Email = "" }, "email", "You have entered an incorrect email address!"},
		{"an email without @ is refused with 'You have entered an incorrect email address!'",
			func(f *Form) { f.Email = "nok.example.com" }, "email", "You have entered an incorrect email address!"},
		{"an email without a dotted domain is refused",
			func(f *Form) { f.Email = "nok@localhost" }, "email", "You have entered an incorrect email address!"},
		{"an email with a display name is refused",
			func(f *Form) { f.Email = "Nok <nok@example.com>" }, "email", "You have entered an incorrect email address!"},
		{"an email with a space is refused",
			func(f *Form) { f.Email = "nok @example.com" }, "email", "You have entered an incorrect email address!"},
		{"an email longer than 254 characters is refused",
			func(f *Form) { f.Email = strings.Repeat("n", 250) + "@example.com" }, "email", "You have entered an incorrect email address!"},
		{"a website that is not http or https is refused",
			func(f *Form) { f.URL = "javascript:alert(1)" }, "url", "Please enter a website address starting with http:// or https://"},
		{"a website without a scheme is refused",
			func(f *Form) { f.URL = "nok.example.com" }, "url", "Please enter a website address starting with http:// or https://"},
		{"an ftp website is refused",
			func(f *Form) { f.URL = "ftp://nok.example.com" }, "url", "Please enter a website address starting with http:// or https://"},
		{"a website with a user name is refused",
			func(f *Form) { f.URL = "https://bank.example@evil.example" }, "url", "Please enter a website address starting with http:// or https://"},
		{"a website longer than 200 characters is refused",
			func(f *Form) { f.URL = "https://example.com/" + strings.Repeat("a", 200) }, "url", "The website address is too long (at most 200 characters)."},
		{"a comment of 20000 characters passes the form (the site's own limit is the policy's)",
			func(f *Form) { f.Comment = strings.Repeat("ก", 20000) }, "", ""},
		{"a comment of 20001 characters is refused",
			func(f *Form) { f.Comment = strings.Repeat("ก", 20001) }, "comment", "Your comment is too long (at most 20000 characters)."},
		{"a name of 100 characters is accepted",
			func(f *Form) { f.Author = strings.Repeat("น", 100) }, "", ""},
		{"a name of 101 characters is refused",
			func(f *Form) { f.Author = strings.Repeat("น", 101) }, "author", "Your name is too long (at most 100 characters)."},
		{"a comment that is not UTF-8 is refused",
			func(f *Form) { f.Comment = "caf\xe9" }, "comment", "Your comment contains characters that cannot be read. Please type it again."},
		{"a name that is not UTF-8 is refused",
			func(f *Form) { f.Author = "\xff\xfe" }, "author", "Your name contains characters that cannot be read. Please type it again."},
		{"an email that is not UTF-8 is refused",
			func(f *Form) { f.Email = "n\xffk@example.com" }, "email", "You have entered an incorrect email address!"},
		{"a form without an article is refused",
			func(f *Form) { f.ArticleID = "" }, "article_id", "This comment form is out of date. Please reload the page and try again."},
		{"a form with a parent that is not a number is refused",
			func(f *Form) { f.Parent = "abc" }, "parent", "This comment form is out of date. Please reload the page and try again."},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := good
			tc.change(&f)
			_, errs := f.Validate()
			if tc.want == "" {
				if len(errs) > 0 {
					t.Fatalf("refused: %v", errs)
				}
				return
			}
			if got := errs.For(tc.field); got != tc.want {
				t.Errorf("%s: %q, want %q (all: %v)", tc.field, got, tc.want, errs)
			}
			if len(errs) != 1 {
				t.Errorf("other fields were refused too: %v", errs)
			}
		})
	}
}

func TestAnEmptyFormGetsEveryMessageAtOnce(t *testing.T) {
	_, errs := Form{ArticleID: "1"}.Validate()
	want := content.FieldErrors{
		{Field: "comment", Message: "Please enter your comment!"},
		{Field: "author", Message: "Please enter your name here"},
		{Field: "email", Message: "You have entered an incorrect email address!"},
	}
	if len(errs) != len(want) {
		t.Fatalf("errors = %v, want %v", errs, want)
	}
	for i := range want {
		if errs[i] != want[i] {
			t.Errorf("error %d = %v, want %v", i, errs[i], want[i])
		}
	}
}

func TestValidateTrimsAndNormalises(t *testing.T) {
	f := Form{
		Comment:   "  \r\nFirst line\r\nSecond\x00 line\r\n\r\n  ",
		Author:    "  Nok \n Somchai\t ",
		Email:     "  Nok@Example.COM ",
		URL:       " HTTPS://Nok.example/blog ",
		ArticleID: " 12 ",
		Parent:    "5",
	}
	c, errs := f.Validate()
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	want := content.Comment{ArticleID: 12, ParentID: 5, AuthorName: "Nok Somchai", AuthorEmail: "nok@example.com",
		AuthorURL: "https://Nok.example/blog", Body: "First line\nSecond line"}
	if c != want {
		t.Errorf("comment = %+v\nwant      %+v", c, want)
	}
	if f.Comment != "  \r\nFirst line\r\nSecond\x00 line\r\n\r\n  " {
		t.Error("the form lost what the reader typed")
	}
}

func TestFormFromValuesReadsTheFormFields(t *testing.T) {
	tests := []struct {
		name string
		v    url.Values
		want Form
	}{
		{"the theme's field names", url.Values{"comment": {"Hi"}, "author": {"Nok"}, "email": {"n@example.com"},
			"url": {"https://n.example"}, "article_id": {"3"}, "parent": {"2"}, "subscribe": {"yes"}, "website_url": {"x"}},
			Form{Comment: "Hi", Author: "Nok", Email: "n@example.com", URL: "https://n.example", ArticleID: "3", Parent: "2",
				Subscribe: "yes", Honeypot: "x"}},
		{"WordPress's names for the article and the parent", url.Values{"comment_post_ID": {"3"}, "comment_parent": {"2"}},
			Form{ArticleID: "3", Parent: "2"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := FormFromValues(tc.v); got != tc.want {
				t.Errorf("form = %+v, want %+v", got, tc.want)
			}
		})
	}
	if !(Form{Subscribe: "yes"}).Subscribed() || (Form{Subscribe: "on"}).Subscribed() {
		t.Error(`only "yes" subscribes`)
	}
}

// FuzzFormValidate checks that no input panics and that whatever is
// accepted keeps the rules.
func FuzzFormValidate(f *testing.F) {
	f.Add("Hello", "Nok", "nok@example.com", "https://n.example", "1", "0")
	f.Add("\xff", "\x00", "@", "http://", "-1", "x")
	f.Add(strings.Repeat("a ", 5000), "n", "a@b.c", "HTTP://x.y", "9223372036854775807", "")
	f.Fuzz(func(t *testing.T, body, name, email, site, article, parent string) {
		c, errs := Form{Comment: body, Author: name, Email: email, URL: site, ArticleID: article, Parent: parent}.Validate()
		if len(errs) > 0 {
			return
		}
		if c.Body == "" || c.AuthorName == "" || c.ArticleID <= 0 || c.ParentID < 0 {
			t.Fatalf("accepted an incomplete comment: %+v", c)
		}
		if len([]rune(c.Body)) > MaxComment || len([]rune(c.AuthorName)) > MaxName || len(c.AuthorEmail) > MaxEmail || len(c.AuthorURL) > MaxURL {
			t.Fatalf("accepted a field over its limit: %+v", c)
		}
		if c.AuthorEmail != strings.ToLower(c.AuthorEmail) || strings.ContainsAny(c.AuthorName, "\n\r\t") {
			t.Fatalf("not normalised: %+v", c)
		}
		if c.AuthorURL != "" && !strings.HasPrefix(c.AuthorURL, "http://") && !strings.HasPrefix(c.AuthorURL, "https://") {
			t.Fatalf("accepted website %q", c.AuthorURL)
		}
	})
}
