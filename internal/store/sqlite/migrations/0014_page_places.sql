-- Where a static page stands among the pages: under another page (its
-- parent; NULL at the top) and at a position among its parent's pages,
-- lowest first (WordPress's menu order). A page without a row stands at
-- the top at position 0. A page's children are read by its id.
CREATE TABLE page_places (
    page_id   INTEGER PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
    parent_id INTEGER REFERENCES articles(id) ON DELETE SET NULL,
    position  INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX page_places_by_parent ON page_places (parent_id, position);
