-- Old slugs of renamed, merged or deleted categories and tags, so links to
-- /category/old/ and /tag/old/ keep working: the public archive looks a
-- slug up here when no live category or tag has it, and answers 301 with
-- the current slug. A redirect follows its target through later renames
-- because it points at the id, not at a slug.

CREATE TABLE category_redirects (
    old_slug    TEXT PRIMARY KEY,
    category_id INTEGER NOT NULL REFERENCES categories(id) ON DELETE CASCADE,
    created_at  TEXT NOT NULL
);
CREATE INDEX category_redirects_by_category ON category_redirects (category_id);

CREATE TABLE tag_redirects (
    old_slug   TEXT PRIMARY KEY,
    tag_id     INTEGER NOT NULL REFERENCES tags(id) ON DELETE CASCADE,
    created_at TEXT NOT NULL
);
CREATE INDEX tag_redirects_by_tag ON tag_redirects (tag_id);
