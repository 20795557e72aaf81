-- Live blogs and breaking-news alerts (issue 17).

-- An article is a live blog while it has a row here; closed_at is set
-- once its coverage ended (the article stays, entries and all).
CREATE TABLE liveblogs (
    article_id INTEGER PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
    started_at TEXT NOT NULL,
    closed_at  TEXT
);

-- A live blog's entries, newest first by id (the order they were
-- posted): live_entries_newest gives every page of 2,000 entries
-- straight from the index. story_id is the article an entry was turned
-- into.
CREATE TABLE live_entries (
    id         INTEGER PRIMARY KEY,
    article_id INTEGER NOT NULL REFERENCES liveblogs(article_id) ON DELETE CASCADE,
    author_id  INTEGER NOT NULL REFERENCES users(id),
    headline   TEXT NOT NULL DEFAULT '',
    source     TEXT NOT NULL,
    body       TEXT NOT NULL,
    pinned     INTEGER NOT NULL DEFAULT 0,
    story_id   INTEGER REFERENCES articles(id) ON DELETE SET NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX live_entries_newest ON live_entries (article_id, id);
CREATE UNIQUE INDEX live_entries_pinned ON live_entries (article_id) WHERE pinned = 1;
CREATE INDEX live_entries_story ON live_entries (story_id) WHERE story_id IS NOT NULL;
CREATE INDEX live_entries_author ON live_entries (author_id);

-- Breaking-news alerts: a line with a link, or an article marked as
-- breaking (article_id), shown until expires_at.
CREATE TABLE alerts (
    id         INTEGER PRIMARY KEY,
    text       TEXT NOT NULL,
    url        TEXT NOT NULL DEFAULT '',
    article_id INTEGER REFERENCES articles(id) ON DELETE CASCADE,
    author_id  INTEGER REFERENCES users(id) ON DELETE SET NULL,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL
);
CREATE INDEX alerts_expiry ON alerts (expires_at);
