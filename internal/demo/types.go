package demo

import "dateline/internal/content"

// story is one demo article as the writers filed it. The seeder turns it into
// a content.Article; publication times are assigned relative to "now".
type story struct {
	Title   string
	Section string // category slug, one of sections
	Author  string // author slug, one of authors
	// With are the byline's other members after Author (slugs), and
	// Agency a news agency credited after them: a byline of several names.
	With     []string
	Agency   string
	Dateline string   // place the story was filed from, in capitals ("CHIANG MAI")
	Tags     []string // tag names
	Excerpt  string   // the standfirst: one or two sentences
	// Body is Markdown, without the dateline: the page opens the first
	// paragraph with "PLACE, Month Day — " itself.
	Body     string
	MustRead bool
	// Scene picks the generated picture (see art.go): one of the scene names.
	Scene   string
	Caption string
	Credit  string
	Alt     string
	// HoursAgo is how long before seeding the story was published.
	HoursAgo int
	Comments []reply
}

// reply is a reader's comment on a demo story; ReplyTo is the index of the
// comment it answers within the same story, or -1.
type reply struct {
	Name    string
	Email   string
	Text    string
	ReplyTo int
}

// section is a demo category.
type section struct {
	Name, Slug, Description string
}

// person is a demo newsroom member.
type person struct {
	Name, Slug, Email, Role, Bio string
	// JobTitle and Links are their author page's; every address is on a
	// domain reserved for examples.
	JobTitle string
	Links    []content.Link
}

// page is a demo static page (About, Contact).
type page struct {
	Title, Slug, Body string
}
