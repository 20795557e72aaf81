package site

import (
	"encoding/json"
	"html/template"
	"strings"
)

// The article page's structured data in typed values: encoding/json
// writes a struct from an encoder it keeps, where a map costs a sort of
// its keys and a reflective walk each time, and the page's JSON-LD went
// through html/template's escaper by reflection besides: together a tenth
// of an uncached article page. The fields are in the order schema.org's
// examples list them.

type newsArticleLD struct {
	Context           string          `json:"@context"`
	Type              string          `json:"@type"`
	Headline          string          `json:"headline"`
	Description       string          `json:"description"`
	DatePublished     string          `json:"datePublished"`
	DateModified      string          `json:"dateModified"`
	MainEntityOfPage  webPageLD       `json:"mainEntityOfPage"`
	URL               string          `json:"url"`
	Author            []agentLD       `json:"author"`
	Publisher         organizationLD  `json:"publisher"`
	InLanguage        string          `json:"inLanguage"`
	Free              bool            `json:"isAccessibleForFree"`
	Image             []imageLD       `json:"image,omitempty"`
	Correction        []correctionLD  `json:"correction,omitempty"`
	ArticleSection    string          `json:"articleSection,omitempty"`
	Keywords          string          `json:"keywords,omitempty"`
	LocationCreated   *placeLD        `json:"locationCreated,omitempty"`
	CoverageStartTime string          `json:"coverageStartTime,omitempty"`
	CoverageEndTime   string          `json:"coverageEndTime,omitempty"`
	LiveBlogUpdate    []blogPostingLD `json:"liveBlogUpdate,omitempty"`
}

type webPageLD struct {
	Type string `json:"@type"`
	ID   string `json:"@id"`
}

// agentLD is a Person or an Organization credited with a work; URL is
// empty for a credit without a page of its own.
type agentLD struct {
	Type string `json:"@type"`
	Name string `json:"name"`
	URL  string `json:"url,omitempty"`
}

type organizationLD struct {
	Context string  `json:"@context,omitempty"`
	Type    string  `json:"@type"`
	Name    string  `json:"name"`
	URL     string  `json:"url"`
	Logo    imageLD `json:"logo"`
}

type imageLD struct {
	Type   string `json:"@type"`
	URL    string `json:"url"`
	Width  int    `json:"width"`
	Height int    `json:"height"`
}

type correctionLD struct {
	Type          string `json:"@type"`
	Text          string `json:"text"`
	DatePublished string `json:"datePublished"`
	DateModified  string `json:"dateModified"`
}

type placeLD struct {
	Type string `json:"@type"`
	Name string `json:"name"`
}

type blogPostingLD struct {
	Type          string  `json:"@type"`
	Headline      string  `json:"headline"`
	URL           string  `json:"url"`
	DatePublished string  `json:"datePublished"`
	DateModified  string  `json:"dateModified"`
	ArticleBody   string  `json:"articleBody"`
	Author        agentLD `json:"author"`
}

type breadcrumbsLD struct {
	Context string    `json:"@context"`
	Type    string    `json:"@type"`
	Items   []crumbLD `json:"itemListElement"`
}

type crumbLD struct {
	Type     string `json:"@type"`
	Position int    `json:"position"`
	Name     string `json:"name"`
	Item     string `json:"item"`
}

// structuredData writes each of a page's JSON-LD values in its script
// element. encoding/json escapes <, > and & (and U+2028, U+2029) inside
// strings, so no value can end the element or open a comment in it: what
// html/template's escaper wrote for the same value, apart from the order
// of a map's keys.
func structuredData(values []any) (template.HTML, error) {
	if len(values) == 0 {
		return "", nil
	}
	var b strings.Builder
	for _, v := range values {
		j, err := json.Marshal(v)
		if err != nil {
			return "", err
		}
		b.WriteString(`<script type="application/ld+json">`)
		b.Write(j)
		b.WriteString("</script>\n")
	}
	return template.HTML(b.String()), nil
}
