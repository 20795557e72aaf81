package sqlite

import (
	"io/fs"
	"strconv"
	"strings"
)

// Schema is the number of the newest migration embedded in this program.
// A database recorded at a higher one was made by a newer dateline; the
// restore command refuses such a backup.
func Schema() int {
	names, _ := fs.Glob(migrations, "migrations/*.sql")
	newest := 0
	for _, name := range names {
		base := strings.TrimPrefix(name, "migrations/")
		if v, err := strconv.Atoi(strings.SplitN(base, "_", 2)[0]); err == nil {
			newest = max(newest, v)
		}
	}
	return newest
}
