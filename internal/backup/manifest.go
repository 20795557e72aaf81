package backup

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"strings"
	"time"
)

// Names inside an archive.
const (
	// DatabaseName is the database snapshot, and the name of the database
	// file in a data folder.
	DatabaseName = "dateline.db"
	// MediaFolder holds the media files, in the archive as in a data
	// folder.
	MediaFolder  = "media"
	manifestName = "manifest.json"
)

// Format is what every manifest says it is; FormatVersion counts the
// changes to the archive's layout that an older restore could not read,
// and is the newest this program reads: 1, a SQLite site's archive; 2, a
// PostgreSQL site's (a SQLite site's archive is still version 1).
const (
	Format        = "dateline-backup"
	FormatVersion = formatPostgres
)

// Manifest describes an archive. It is its last entry, written once every
// file's checksum is known.
type Manifest struct {
	Format        string `json:"format"`
	FormatVersion int    `json:"format_version"`
	// Program is the version of dateline that took the backup.
	Program string `json:"dateline_version"`
	// Schema is the newest migration applied to the database snapshot.
	Schema int `json:"schema_migration"`
	// Engine is EnginePostgres for an archive of a PostgreSQL site, whose
	// database is PostgresDumpName, a dump of the schema PostgresSchema;
	// empty for a SQLite site's, whose database is DatabaseName.
	Engine         string    `json:"engine,omitempty"`
	PostgresSchema string    `json:"postgres_schema,omitempty"`
	Created        time.Time `json:"created"`
	Files          []File    `json:"files"`
}

// File is one archived file: its slash-separated name in the archive, its
// size in bytes and its SHA-256 in hexadecimal.
type File struct {
	Path   string `json:"path"`
	Size   int64  `json:"size"`
	SHA256 string `json:"sha256"`
}

// MediaFiles counts the manifest's media files and their bytes.
func (m Manifest) MediaFiles() (n int, bytes int64) {
	for _, f := range m.Files {
		if strings.HasPrefix(f.Path, MediaFolder+"/") {
			n++
			bytes += f.Size
		}
	}
	return n, bytes
}

// Size is the bytes of every file in the archive.
func (m Manifest) Size() int64 {
	var n int64
	for _, f := range m.Files {
		n += f.Size
	}
	return n
}

func parseManifest(data []byte) (Manifest, error) {
	var m Manifest
	if err := json.Unmarshal(data, &m); err != nil {
		return m, fmt.Errorf("the manifest cannot be read: %w", err)
	}
	if m.Format != Format {
		return m, errors.New("the manifest is not a dateline backup's")
	}
	if m.FormatVersion < 1 || m.FormatVersion > FormatVersion {
		return m, fmt.Errorf("the archive is in backup format %d; this program reads format %d: restore it with the dateline that made it, or a newer one", m.FormatVersion, FormatVersion)
	}
	// Nothing checks the manifest's own bytes, and encoding/json forgives
	// a key in the wrong case or an unknown one: the manifest must be
	// exactly what Create writes for what it says.
	if canonical, err := m.encode(); err != nil || !bytes.Equal(canonical, data) {
		return m, errors.New("the manifest has been altered")
	}
	return m, nil
}

// encode is the manifest as Create writes it.
func (m Manifest) encode() ([]byte, error) {
	return json.MarshalIndent(m, "", "  ")
}

// archivedName reports whether name may be an entry of an archive: the
// database (a SQLite file or a PostgreSQL dump), the manifest, or a media file whose name the media folder
// could hold (no empty, "." or ".." elements, none that starts with a dot,
// no backslashes or colons).
func archivedName(name string) bool {
	if name == DatabaseName || name == PostgresDumpName || name == manifestName {
		return true
	}
	rest, ok := strings.CutPrefix(name, MediaFolder+"/")
	if !ok || !fs.ValidPath(rest) || rest == "." || strings.ContainsAny(rest, `\:`) {
		return false
	}
	for elem := range strings.SplitSeq(rest, "/") {
		if strings.HasPrefix(elem, ".") {
			return false
		}
	}
	return true
}
