-- archive_months keeps, per calendar month (UTC), how many posts are
-- published and when that month's list last changed, so the sitemap index
-- never has to count the archive. Triggers keep it true whatever statement
-- changes an article.

CREATE TABLE archive_months (
    month    TEXT PRIMARY KEY, -- "2025-07"
    posts    INTEGER NOT NULL,
    last_mod TEXT NOT NULL
);

INSERT INTO archive_months (month, posts, last_mod)
    SELECT substr(published_at, 1, 7), COUNT(*), MAX(updated_at) FROM articles
    WHERE status = 'published' AND kind = 'post' GROUP BY 1;

CREATE TRIGGER archive_months_insert AFTER INSERT ON articles
WHEN NEW.status = 'published' AND NEW.kind = 'post'
BEGIN
    INSERT INTO archive_months (month, posts, last_mod) VALUES (substr(NEW.published_at, 1, 7), 1, NEW.updated_at)
    ON CONFLICT (month) DO UPDATE SET posts = posts + 1, last_mod = max(last_mod, excluded.last_mod);
END;

CREATE TRIGGER archive_months_delete AFTER DELETE ON articles
WHEN OLD.status = 'published' AND OLD.kind = 'post'
BEGIN
    UPDATE archive_months SET posts = posts - 1, last_mod = max(last_mod, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
    WHERE month = substr(OLD.published_at, 1, 7);
END;

CREATE TRIGGER archive_months_update AFTER UPDATE OF status, kind, published_at, updated_at ON articles
BEGIN
    UPDATE archive_months SET posts = posts - 1, last_mod = max(last_mod, NEW.updated_at)
    WHERE OLD.status = 'published' AND OLD.kind = 'post' AND month = substr(OLD.published_at, 1, 7);
    INSERT INTO archive_months (month, posts, last_mod)
        SELECT substr(NEW.published_at, 1, 7), 1, NEW.updated_at WHERE NEW.status = 'published' AND NEW.kind = 'post'
    ON CONFLICT (month) DO UPDATE SET posts = posts + 1, last_mod = max(last_mod, excluded.last_mod);
END;

-- The tag archive's copy of the publication time follows the article
-- whatever statement changes it (see article_tags in 0001).
CREATE TRIGGER article_tags_follow_status AFTER UPDATE OF status, kind, published_at ON articles
BEGIN
    UPDATE article_tags SET pub_at = CASE WHEN NEW.status = 'published' AND NEW.kind = 'post' THEN NEW.published_at END
    WHERE article_id = NEW.id;
END;
