package feed

import (
	"time"

	"dateline/internal/content"
)

// The site of the tests: Bangkok time, so that URL dates differ from UTC
// dates and a wrong zone shows.
const base = "https://news.example"

var bangkok = time.FixedZone("ICT", 7*60*60)

var channel = Channel{
	Title:       "Dateline",
	Description: "News as it happens",
	Language:    "en",
	Link:        base + "/",
	FeedURL:     base + "/feed/",
	Updated:     time.Date(2025, 7, 14, 1, 30, 0, 0, time.UTC),
	Generator:   "dateline",
	Icon:        base + "/static/logo.png",
}

// flood is a complete article: excerpt, body with a relative image, author,
// section, tags and featured image.
func flood() content.Article {
	return content.Article{
		ID:          42,
		Kind:        content.KindPost,
		Title:       "Floods close Chiang Mai airport",
		Slug:        "floods-close-airport",
		Excerpt:     "The airport will stay shut until Monday.",
		Body:        `<p>Runways are under water.</p><p><img src="/media/2025/07/runway.jpg" alt="Runway"></p><p>Only the body says this.</p>`,
		Status:      content.StatusPublished,
		PublishedAt: time.Date(2025, 7, 13, 23, 30, 0, 0, time.UTC),
		UpdatedAt:   time.Date(2025, 7, 14, 1, 30, 0, 0, time.UTC),
		Author:      content.User{ID: 3, Name: "Somchai Jaidee", Slug: "somchai"},
		Category:    content.Category{ID: 1, Name: "Thailand", Slug: "thailand"},
		Tags:        []content.Tag{{ID: 7, Name: "Weather", Slug: "weather"}, {ID: 8, Name: "Chiang Mai", Slug: "chiang-mai"}},
		Image: &content.Image{ID: 9, Name: "2025/07/flood", Ext: ".jpg", Width: 1200, Height: 800, Variants: []int{640, 1024},
			Alt: "A flooded runway", Caption: "The main runway on Sunday.", Credit: "Photo: Dateline", Bytes: 183_204},
		CommentCount: 3,
	}
}

func post(id int64, title string, published time.Time) content.Article {
	return content.Article{
		ID:          id,
		Kind:        content.KindPost,
		Title:       title,
		Slug:        "story",
		Body:        "<p>A story.</p>",
		Status:      content.StatusPublished,
		PublishedAt: published,
		UpdatedAt:   published,
		Author:      content.User{ID: 4, Name: "Malee Sukjai", Slug: "malee"},
		Category:    content.Category{ID: 2, Name: "World", Slug: "world"},
	}
}

const (
	hostileTitle = `<script>alert(1)</script> & "quotes"`
	thaiTitle    = "น้ำท่วมเชียงใหม่ ปิดสนามบิน"
)

// articles are in the order a feed lists them, newest first.
func articles() []content.Article {
	return []content.Article{
		flood(),
		post(43, thaiTitle, time.Date(2025, 7, 13, 20, 0, 0, 0, time.UTC)),
		post(44, hostileTitle, time.Date(2025, 7, 13, 18, 0, 0, 0, time.UTC)),
		post(45, "Bell\x07 and form\x0c feed\x00", time.Date(2025, 7, 13, 16, 0, 0, 0, time.UTC)),
	}
}

func items(full bool) []Item {
	var out []Item
	for _, a := range articles() {
		out = append(out, ArticleItem(a, base, bangkok, full))
	}
	return out
}
