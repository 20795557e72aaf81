-- The first schema of dateline. Times are UTC text, fixed width
-- ("2006-01-02T15:04:05.000Z"), so they sort as text and read in the shell.

CREATE TABLE users (
    id            INTEGER PRIMARY KEY,
    email         TEXT NOT NULL UNIQUE,
    name          TEXT NOT NULL,
    slug          TEXT NOT NULL UNIQUE,
    role          TEXT NOT NULL,
    bio           TEXT NOT NULL DEFAULT '',
    password_hash TEXT NOT NULL DEFAULT '',
    created_at    TEXT NOT NULL
);

CREATE TABLE categories (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL,
    slug        TEXT NOT NULL UNIQUE,
    description TEXT NOT NULL DEFAULT '',
    position    INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE tags (
    id   INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    slug TEXT NOT NULL UNIQUE
);

CREATE TABLE media (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL UNIQUE,
    ext        TEXT NOT NULL,
    width      INTEGER NOT NULL,
    height     INTEGER NOT NULL,
    alt        TEXT NOT NULL DEFAULT '',
    caption    TEXT NOT NULL DEFAULT '',
    credit     TEXT NOT NULL DEFAULT '',
    variants   TEXT NOT NULL DEFAULT '', -- widths of the scaled copies, "480,960"
    created_at TEXT NOT NULL
);

CREATE TABLE articles (
    id            INTEGER PRIMARY KEY,
    kind          TEXT NOT NULL,
    title         TEXT NOT NULL,
    slug          TEXT NOT NULL UNIQUE,
    excerpt       TEXT NOT NULL DEFAULT '',
    source        TEXT NOT NULL DEFAULT '',
    format        TEXT NOT NULL,
    body          TEXT NOT NULL DEFAULT '',
    dateline      TEXT NOT NULL DEFAULT '',
    status        TEXT NOT NULL,
    published_at  TEXT,
    updated_at    TEXT NOT NULL,
    created_at    TEXT NOT NULL,
    author_id     INTEGER NOT NULL REFERENCES users(id),
    category_id   INTEGER REFERENCES categories(id) ON DELETE SET NULL,
    image_id      INTEGER REFERENCES media(id) ON DELETE SET NULL,
    must_read     INTEGER NOT NULL DEFAULT 0,
    comments_open INTEGER NOT NULL DEFAULT 1,
    comment_count INTEGER NOT NULL DEFAULT 0,
    corrections   TEXT NOT NULL DEFAULT '',
    seo_title     TEXT NOT NULL DEFAULT '',
    seo_desc      TEXT NOT NULL DEFAULT '',
    words         INTEGER NOT NULL DEFAULT 0
);

-- One index per public list, each ending in (published_at, id) so the
-- newest-first order comes straight from the index.
CREATE INDEX articles_latest   ON articles (status, kind, published_at, id);
CREATE INDEX articles_category ON articles (category_id, status, kind, published_at, id);
CREATE INDEX articles_author   ON articles (author_id, status, kind, published_at, id);
CREATE INDEX articles_must     ON articles (must_read, status, kind, published_at, id);

-- pub_at repeats the article's published_at while it is a published post and
-- is NULL otherwise, so a tag archive reads newest-first from one index
-- instead of joining and sorting every article that ever had the tag.
CREATE TABLE article_tags (
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    tag_id     INTEGER NOT NULL REFERENCES tags(id) ON DELETE CASCADE,
    position   INTEGER NOT NULL DEFAULT 0,
    pub_at     TEXT,
    PRIMARY KEY (article_id, tag_id)
);
CREATE INDEX article_tags_by_tag ON article_tags (tag_id, pub_at, article_id);
CREATE INDEX article_tags_in_order ON article_tags (article_id, position);

-- Slugs of published articles that were deleted for good: their links answer
-- 410 Gone instead of 404.
CREATE TABLE removed_slugs (
    slug       TEXT PRIMARY KEY,
    removed_at TEXT NOT NULL
);

CREATE TABLE comments (
    id           INTEGER PRIMARY KEY,
    article_id   INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    parent_id    INTEGER REFERENCES comments(id) ON DELETE SET NULL,
    author_name  TEXT NOT NULL,
    author_email TEXT NOT NULL,
    author_url   TEXT NOT NULL DEFAULT '',
    body         TEXT NOT NULL,
    status       TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    ip_hash      TEXT NOT NULL DEFAULT '',
    user_id      INTEGER REFERENCES users(id) ON DELETE SET NULL
);
CREATE INDEX comments_by_article ON comments (article_id, status, created_at, id);

CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
