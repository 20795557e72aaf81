package admin

// Messages of the section and tag pages.
const (
	SectionNameMissing = "Please enter a name."
	SectionNameTooLong = "The name is too long (at most 100 characters)."
	SlugInvalid        = "The slug may hold only lower-case letters, digits and single hyphens, such as world-news."
	SectionSlugTaken   = "Another section already uses this slug."
	TagSlugTaken       = "Another tag already uses this slug."
	DescriptionTooLong = "The description is too long (at most 1000 characters)."
	PositionInvalid    = "Please enter a whole number."
	MoveToMissing      = "Please choose where this section's articles go."
	MergeTargetUnknown = "There is no tag with that name or slug."
	MergeIntoItself    = "Please choose another tag: a tag cannot be merged into itself."
)

// slugOrName is the field to blame for a taken slug: the slug when one
// was typed, the name it was made from otherwise.
func slugOrName(slug string) string {
	if slug == "" {
		return "name"
	}
	return "slug"
}
