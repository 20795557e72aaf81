package content

import (
	"strings"
	"unicode/utf8"
)

// Storable reports whether every store can keep s exactly: it is UTF-8
// and holds no NUL. SQLite keeps any bytes, but PostgreSQL's text holds
// neither a NUL nor bytes that are not UTF-8, so text that comes from
// outside (a form, the API, an import) is refused or cleaned before it
// reaches the store, the same on every backend.
func Storable(s string) bool {
	return utf8.ValidString(s) && !strings.ContainsRune(s, 0)
}

// CleanText makes typed text storable and trims it: bytes that are not
// UTF-8 and NULs become U+FFFD, the replacement character a browser
// shows for them.
func CleanText(s string) string {
	return strings.TrimSpace(strings.ReplaceAll(strings.ToValidUTF8(s, "\uFFFD"), "\x00", "\uFFFD"))
}

// Unstorable is the message for a field holding text no store keeps.
const Unstorable = "This text holds a character that cannot be saved (a NUL, or bytes that are not UTF-8)."
