package store

import (
	"encoding/json"

	"dateline/internal/content"
)

// storedLink is a member's link as both backends keep it, in the JSON
// text of users.links: an ordered list, short enough (members.MaxLinks)
// that a table of its own would cost a query on every member read for
// nothing.
type storedLink struct {
	URL   string `json:"url"`
	Label string `json:"label,omitempty"`
}

// EncodeLinks is the text users.links keeps for links: "" for none.
func EncodeLinks(links []content.Link) string {
	if len(links) == 0 {
		return ""
	}
	out := make([]storedLink, len(links))
	for i, l := range links {
		out[i] = storedLink(l)
	}
	b, _ := json.Marshal(out) // strings only: cannot fail
	return string(b)
}

// DecodeLinks reads what EncodeLinks wrote; text it did not write reads
// as no links rather than failing every read of the member.
func DecodeLinks(text string) []content.Link {
	if text == "" {
		return nil
	}
	var in []storedLink
	if json.Unmarshal([]byte(text), &in) != nil {
		return nil
	}
	out := make([]content.Link, len(in))
	for i, l := range in {
		out[i] = content.Link(l)
	}
	return out
}
