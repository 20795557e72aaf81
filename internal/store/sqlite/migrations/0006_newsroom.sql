-- The newsroom: versions for optimistic concurrency, revisions, autosaves,
-- page views, and indexes for the newsroom's own lists.

-- version counts changes to an article's content, so that a save started
-- from an older version is refused instead of overwriting someone's work.
-- The newsroom's versioned save raises it itself; the trigger raises it
-- when any other code (the API) rewrites the content with a plain UPDATE.
-- Status, publication time, corrections and the comment count are left
-- out: changing them cannot overwrite anyone's text.
ALTER TABLE articles ADD COLUMN version INTEGER NOT NULL DEFAULT 1;

CREATE TRIGGER articles_version
AFTER UPDATE OF kind, title, slug, excerpt, source, format, body, dateline, author_id,
    category_id, image_id, must_read, comments_open, seo_title, seo_desc ON articles
WHEN NEW.version = OLD.version
BEGIN
    UPDATE articles SET version = OLD.version + 1 WHERE id = NEW.id;
END;

-- The newsroom lists articles most recently changed first, all or by status.
CREATE INDEX articles_changed        ON articles (updated_at, id);
CREATE INDEX articles_status_changed ON articles (status, updated_at, id);

-- Every save keeps the text as it was saved. autosave marks revisions that
-- later autosaves by the same writer overwrite, so typing for an hour does
-- not leave hundreds of them.
CREATE TABLE revisions (
    id         INTEGER PRIMARY KEY,
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    author_id  INTEGER REFERENCES users(id) ON DELETE SET NULL,
    title      TEXT NOT NULL,
    excerpt    TEXT NOT NULL DEFAULT '',
    source     TEXT NOT NULL DEFAULT '',
    format     TEXT NOT NULL,
    dateline   TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    note       TEXT NOT NULL DEFAULT '',
    autosave   INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX revisions_by_article ON revisions (article_id, id);

-- Unsaved text of an article that must not change until it is saved (a
-- published one), one row per member and article.
CREATE TABLE autosaves (
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    user_id    INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    title      TEXT NOT NULL DEFAULT '',
    excerpt    TEXT NOT NULL DEFAULT '',
    source     TEXT NOT NULL DEFAULT '',
    updated_at TEXT NOT NULL,
    PRIMARY KEY (article_id, user_id)
);

-- Page views per article and calendar day (site zone), added in batches.
-- views_by_day covers "most read since" and "views per day": both read
-- only the rows of the days asked for, whatever the size of the archive.
CREATE TABLE views (
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    day        TEXT NOT NULL,
    count      INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (article_id, day)
) WITHOUT ROWID;
CREATE INDEX views_by_day ON views (day, article_id, count);
