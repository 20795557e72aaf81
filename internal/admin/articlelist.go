package admin

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"dateline/internal/articles"
	"dateline/internal/content"
	"dateline/internal/store"
)

// articlesPerPage is the length of the article list's pages.
const articlesPerPage = 20

type articleRow struct {
	Title      string
	EditPath   string
	Author     string
	Category   string
	Status     string
	Updated    time.Time
	PublicPath string
}

type articlesView struct {
	layout
	Rows       []articleRow
	Status     string
	Query      string
	Mine       bool
	Statuses   []option
	Prev, Next string
	CanWrite   bool
}

var statusOptions = []option{
	{"", "All but the trash"}, {"draft", "Drafts"}, {"pending", "Waiting for review"},
	{"scheduled", "Scheduled"}, {"published", "Published"}, {"trashed", "Trash"},
}

func (a *Admin) articleList(w http.ResponseWriter, r *http.Request, m *member) error {
	if ok, err := a.withArticles(w, r, m); !ok {
		return err
	}
	q := r.URL.Query()
	v := articlesView{
		layout: a.layout(r, m, "Articles"), Status: q.Get("status"), Query: strings.TrimSpace(q.Get("q")),
		Mine: q.Get("mine") == "1", Statuses: statusOptions, CanWrite: true,
	}
	if _, ok := statusNames[content.Status(v.Status)]; !ok {
		v.Status = ""
	}
	page, _ := strconv.Atoi(q.Get("page"))
	page = max(page, 1)
	aq := store.NewsroomFilter{Status: content.Status(v.Status), Text: v.Query, Limit: articlesPerPage + 1, Offset: (page - 1) * articlesPerPage}
	if v.Mine {
		aq.AuthorID = m.ID
	}
	list, err := a.articles.List(r.Context(), m.User, aq)
	if err != nil {
		return err
	}
	link := func(p int) string {
		vals := url.Values{}
		for k, val := range map[string]string{"status": v.Status, "q": v.Query} {
			if val != "" {
				vals.Set(k, val)
			}
		}
		if v.Mine {
			vals.Set("mine", "1")
		}
		if p > 1 {
			vals.Set("page", strconv.Itoa(p))
		}
		if len(vals) == 0 {
			return "/admin/articles"
		}
		return "/admin/articles?" + vals.Encode()
	}
	if page > 1 {
		v.Prev = link(page - 1)
	}
	if len(list) > articlesPerPage {
		list, v.Next = list[:articlesPerPage], link(page+1)
	}
	for _, art := range list {
		row := articleRow{
			Title: art.Title, Author: content.BylineNames(art.Byline()), Category: art.Category.Name,
			Status: statusNames[art.Status], Updated: art.UpdatedAt,
		}
		if s := articles.StepsFor(m.User, art); s.Save || s.Restore {
			row.EditPath = "/admin/articles/" + strconv.FormatInt(art.ID, 10)
		}
		if art.Status == content.StatusPublished {
			row.PublicPath = art.Path(m.Zone)
		}
		v.Rows = append(v.Rows, row)
	}
	return a.render(w, r, http.StatusOK, "articles", v)
}
