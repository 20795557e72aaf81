package content

// Label is the kind of work an article is, as the Trust Project's
// indicators name it: readers see it above the headline and in feeds, and
// search engines read it as the article's schema.org type.
type Label string

const (
	LabelNews      Label = "news"
	LabelAnalysis  Label = "analysis"
	LabelOpinion   Label = "opinion"
	LabelReview    Label = "review"
	LabelExplainer Label = "explainer"
	LabelSponsored Label = "sponsored"
)

// Labels lists every label in the order the newsroom offers them.
func Labels() []Label {
	return []Label{LabelNews, LabelAnalysis, LabelOpinion, LabelReview, LabelExplainer, LabelSponsored}
}

// ValidLabel reports whether l is one of Labels.
func ValidLabel(l Label) bool {
	for _, x := range Labels() {
		if x == l {
			return true
		}
	}
	return false
}

// Name is the label as readers see it.
func (l Label) Name() string {
	switch l {
	case LabelAnalysis:
		return "Analysis"
	case LabelOpinion:
		return "Opinion"
	case LabelReview:
		return "Review"
	case LabelExplainer:
		return "Explainer"
	case LabelSponsored:
		return "Sponsored"
	}
	return "News"
}

// Or is the label, or news for an article stored without one.
func (l Label) Or() Label {
	if l == "" {
		return LabelNews
	}
	return l
}

// SchemaType is the schema.org type of an article with the label. Schema.org
// has no type for sponsored content: it stays a NewsArticle, marked by its
// label on the page and in feeds and by rel="sponsored" on its links.
func (l Label) SchemaType() string {
	switch l {
	case LabelAnalysis:
		return "AnalysisNewsArticle"
	case LabelOpinion:
		return "OpinionNewsArticle"
	case LabelReview:
		return "ReviewNewsArticle"
	case LabelExplainer:
		return "BackgroundNewsArticle"
	}
	return "NewsArticle"
}
