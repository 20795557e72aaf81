-- The site-wide comments feed lists the newest approved comments.
CREATE INDEX comments_recent ON comments (status, created_at, id);

-- The sitemap index summarises every month of the archive; this index
-- answers it without reading the articles themselves.
CREATE INDEX articles_sitemap ON articles (status, kind, published_at, updated_at);
