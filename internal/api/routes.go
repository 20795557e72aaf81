package api

// route is one entry of the API's table of contents.
type route struct {
	pattern string // as net/http.ServeMux takes it: "METHOD /api/v1/path"
	serve   handlerFunc
}

// routes is every operation the API serves. Handler builds the mux from
// it, and a test checks it against docs/openapi.yaml in both directions.
func (a *API) routes() []route {
	return []route{
		{"GET /api/v1/articles", a.listArticles},
		{"POST /api/v1/articles", a.signedIn(a.createArticle)},
		{"GET /api/v1/articles/{id}", a.getArticle},
		{"PATCH /api/v1/articles/{id}", a.signedIn(a.patchArticle)},
		{"DELETE /api/v1/articles/{id}", a.signedIn(a.deleteArticle)},
		{"POST /api/v1/articles/{id}/withdraw", a.signedIn(a.withdrawArticle)},
		{"GET /api/v1/articles/{id}/entries", a.listEntries},
		{"POST /api/v1/articles/{id}/entries", a.signedIn(a.postEntry)},
		{"PATCH /api/v1/articles/{id}/entries/{entry}", a.signedIn(a.patchEntry)},
		{"DELETE /api/v1/articles/{id}/entries/{entry}", a.signedIn(a.deleteEntry)},
		{"GET /api/v1/articles/{id}/corrections", a.listCorrections},
		{"POST /api/v1/articles/{id}/corrections", a.signedIn(a.addCorrection)},
		{"PATCH /api/v1/articles/{id}/corrections/{correction}", a.signedIn(a.editCorrection)},
		{"GET /api/v1/categories", a.anyone(a.listCategories)},
		{"GET /api/v1/tags", a.anyone(a.listTags)},
		{"GET /api/v1/authors", a.anyone(a.listAuthors)},
		{"GET /api/v1/search", a.anyone(a.search)},
		{"GET /api/v1/media", a.signedIn(a.listMedia)},
		{"POST /api/v1/media", a.signedIn(a.uploadMedia)},
		{"PATCH /api/v1/media/{id}", a.signedIn(a.patchMedia)},
		{"GET /api/v1/comments", a.signedIn(a.listComments)},
		{"PATCH /api/v1/comments/{id}", a.signedIn(a.patchComment)},
		{"GET /api/v1/alerts", a.anyone(a.listAlerts)},
		{"POST /api/v1/alerts", a.signedIn(a.postAlert)},
		{"DELETE /api/v1/alerts/{id}", a.signedIn(a.deleteAlert)},
	}
}
