-- Legacy links: what each thing of an imported WordPress site became, so
-- the old site's links keep answering (?p=ID, ?cat=ID, ?author=ID, old
-- permalinks, uploaded files) and a second import of the same export finds
-- what the first one made. A link is kept when what it points to is
-- deleted: whoever follows it finds the target missing.
CREATE TABLE legacy_links (
    source      TEXT    NOT NULL,            -- the imported site, "https://old.example"
    kind        TEXT    NOT NULL,            -- post, page, attachment, category, tag, author, comment
    wp_id       INTEGER NOT NULL,
    target_id   INTEGER NOT NULL DEFAULT 0,  -- dateline id; 0 for an attachment not fetched
    path        TEXT    NOT NULL DEFAULT '', -- old address, decoded, without a trailing slash
    guid        TEXT    NOT NULL DEFAULT '',
    fingerprint TEXT    NOT NULL DEFAULT '', -- digest of what the importer last wrote
    imported_at TEXT    NOT NULL,
    PRIMARY KEY (source, kind, wp_id)
);
-- The redirects look ids up across sources (the last imported wins) and
-- old addresses by path; the importer matches items by guid too.
CREATE INDEX legacy_links_by_id   ON legacy_links (kind, wp_id, imported_at);
CREATE INDEX legacy_links_by_path ON legacy_links (path, imported_at) WHERE path <> '';
CREATE INDEX legacy_links_by_guid ON legacy_links (source, kind, guid) WHERE guid <> '';
