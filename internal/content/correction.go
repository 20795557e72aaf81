package content

import "time"

// CorrectionKind says what a correction does: puts right an error, makes
// something clearer that was not wrong, or adds what happened since.
type CorrectionKind string

const (
	KindCorrection    CorrectionKind = "correction"
	KindClarification CorrectionKind = "clarification"
	KindUpdate        CorrectionKind = "update"
)

// CorrectionKinds lists the kinds in the order the newsroom offers them.
func CorrectionKinds() []CorrectionKind {
	return []CorrectionKind{KindCorrection, KindClarification, KindUpdate}
}

// ValidCorrectionKind reports whether k is one of CorrectionKinds.
func ValidCorrectionKind(k CorrectionKind) bool {
	switch k {
	case KindCorrection, KindClarification, KindUpdate:
		return true
	}
	return false
}

// Name is the kind as readers see it.
func (k CorrectionKind) Name() string {
	switch k {
	case KindClarification:
		return "Clarification"
	case KindUpdate:
		return "Update"
	}
	return "Correction"
}

// Correction is a typed, dated note on a published article saying what was
// wrong and what is right. It is never deleted, and a change to its words
// keeps the words it replaced (CorrectionVersion).
type Correction struct {
	ID        int64
	ArticleID int64
	Kind      CorrectionKind
	Text      string
	CreatedAt time.Time
	// UpdatedAt is the last change of its words; CreatedAt until then.
	UpdatedAt time.Time
	// By is who wrote it (ID and name), for the newsroom.
	By User
	// Article is the corrected article in a short form (id, kind, title,
	// slug, status, publication time), in the site-wide list only.
	Article *Article
}

// CorrectionVersion is a wording a correction had before a change: what
// it said, and who replaced it when.
type CorrectionVersion struct {
	Kind      CorrectionKind
	Text      string
	ChangedAt time.Time
	ChangedBy User
}
