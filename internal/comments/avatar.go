package comments

import (
	"hash/fnv"
	"strings"
	"unicode"
)

// AvatarColors is how many avatar colours the stylesheets define
// (classes avatar-0 … avatar-7 on the site and in the newsroom).
const AvatarColors = 8

// Avatar is a commenter's picture, drawn from their name alone so that
// no picture is fetched from anywhere: up to two initials, from the
// first letters or digits of the first words ("?" when there are none),
// and a colour that is the same for a name every time.
func Avatar(name string) (initials string, color int) {
	var out []rune
	for _, w := range strings.Fields(name) {
		for _, r := range w {
			if unicode.IsLetter(r) || unicode.IsDigit(r) {
				out = append(out, unicode.ToUpper(r))
				break
			}
		}
		if len(out) == 2 {
			break
		}
	}
	initials = "?"
	if len(out) > 0 {
		initials = string(out)
	}
	h := fnv.New32a()
	h.Write([]byte(strings.ToLower(strings.TrimSpace(name))))
	return initials, int(h.Sum32() % AvatarColors)
}
