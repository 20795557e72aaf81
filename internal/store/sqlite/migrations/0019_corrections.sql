-- Corrections (store.Corrections): typed, dated notes on articles that
-- are never edited away: every change of words keeps the words it
-- replaced in correction_versions.
CREATE TABLE corrections (
    id         INTEGER PRIMARY KEY,
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    kind       TEXT NOT NULL, -- correction | clarification | update
    text       TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    author_id  INTEGER REFERENCES users(id) ON DELETE SET NULL
);
CREATE INDEX corrections_by_article ON corrections (article_id, id);
-- The site-wide corrections page, newest first.
CREATE INDEX corrections_newest ON corrections (created_at, id);

CREATE TABLE correction_versions (
    id            INTEGER PRIMARY KEY,
    correction_id INTEGER NOT NULL REFERENCES corrections(id) ON DELETE CASCADE,
    kind          TEXT NOT NULL,
    text          TEXT NOT NULL,
    changed_at    TEXT NOT NULL,
    changed_by    INTEGER REFERENCES users(id) ON DELETE SET NULL
);
CREATE INDEX correction_versions_by_correction ON correction_versions (correction_id, id);

-- The notes kept before, one line each in articles.corrections ("Correction
-- (July 14, 2025 10:05): text"), become corrections dated by their
-- article's last change; the column is no longer read.
WITH RECURSIVE split(article_id, at, line, rest) AS (
    SELECT id, updated_at, '', corrections || char(10) FROM articles WHERE corrections <> ''
    UNION ALL
    SELECT article_id, at, substr(rest, 1, instr(rest, char(10)) - 1), substr(rest, instr(rest, char(10)) + 1)
    FROM split WHERE rest <> ''
)
INSERT INTO corrections (article_id, kind, text, created_at, updated_at)
SELECT article_id, 'correction', line, at, at FROM split WHERE line <> '';
UPDATE articles SET corrections = '' WHERE corrections <> '';
