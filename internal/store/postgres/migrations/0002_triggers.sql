-- What SQLite's triggers keep true (its migrations 0005 and 0006), kept
-- true here the same way, whatever statement changes an article. The
-- functions resolve tables in the schema they were made in, not in the
-- caller's search_path.

-- version counts changes to an article's content, so that a save started
-- from an older version is refused instead of overwriting someone's work.
-- The newsroom's versioned save raises it itself; the trigger raises it
-- when other code rewrites the content with a plain UPDATE. As in SQLite,
-- naming a column in SET counts, whether or not its value changes; status,
-- publication time, corrections and the comment count are left out.
CREATE FUNCTION articles_version() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
    NEW.version := OLD.version + 1;
    RETURN NEW;
END $$;

CREATE TRIGGER articles_version
BEFORE UPDATE OF kind, title, slug, excerpt, source, format, body, dateline, author_id,
    category_id, image_id, must_read, comments_open, seo_title, seo_desc ON articles
FOR EACH ROW WHEN (NEW.version = OLD.version)
EXECUTE FUNCTION articles_version();

-- The month of the archive a published post belongs to.
CREATE FUNCTION archive_month(at timestamptz) RETURNS text LANGUAGE sql IMMUTABLE AS $$
    SELECT to_char(at AT TIME ZONE 'UTC', 'YYYY-MM')
$$;

CREATE FUNCTION archive_months_add(month text, at timestamptz) RETURNS void LANGUAGE sql SET search_path FROM CURRENT AS $$
    INSERT INTO archive_months (month, posts, last_mod) VALUES (month, 1, at)
    ON CONFLICT (month) DO UPDATE SET posts = archive_months.posts + 1,
        last_mod = greatest(archive_months.last_mod, excluded.last_mod)
$$;

CREATE FUNCTION archive_months_follow() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.status = 'published' AND OLD.kind = 'post' THEN
        UPDATE archive_months SET posts = posts - 1,
            last_mod = greatest(last_mod, CASE WHEN TG_OP = 'DELETE' THEN now() ELSE NEW.updated_at END)
        WHERE month = archive_month(OLD.published_at);
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') AND NEW.status = 'published' AND NEW.kind = 'post' THEN
        PERFORM archive_months_add(archive_month(NEW.published_at), NEW.updated_at);
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER archive_months_insert AFTER INSERT ON articles
FOR EACH ROW WHEN (NEW.status = 'published' AND NEW.kind = 'post')
EXECUTE FUNCTION archive_months_follow();

CREATE TRIGGER archive_months_delete AFTER DELETE ON articles
FOR EACH ROW WHEN (OLD.status = 'published' AND OLD.kind = 'post')
EXECUTE FUNCTION archive_months_follow();

CREATE TRIGGER archive_months_update AFTER UPDATE OF status, kind, published_at, updated_at ON articles
FOR EACH ROW EXECUTE FUNCTION archive_months_follow();

-- The tag archive's copy of the publication time follows the article.
CREATE FUNCTION article_tags_follow() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
    UPDATE article_tags SET pub_at = CASE WHEN NEW.status = 'published' AND NEW.kind = 'post' THEN NEW.published_at END
    WHERE article_id = NEW.id;
    RETURN NULL;
END $$;

CREATE TRIGGER article_tags_follow_status AFTER UPDATE OF status, kind, published_at ON articles
FOR EACH ROW EXECUTE FUNCTION article_tags_follow();
