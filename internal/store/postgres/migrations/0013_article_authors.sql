-- An article's byline in order (issue 17): members of the newsroom and
-- credits without an account ("Reuters", a guest contributor).
-- articles.author_id stays the owner, whose draft it is; the byline may
-- name others beside or instead of them. Every article starts with its
-- owner as its only name.
--
-- pub_at repeats the article's published_at while it is a published post
-- and is NULL otherwise, as in article_tags, so that a member's archive
-- reads newest-first from one index whichever place they hold in the
-- byline.
CREATE TABLE article_authors (
    article_id   bigint NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    position     integer NOT NULL,
    user_id      bigint REFERENCES users(id),
    credit       text NOT NULL DEFAULT '',
    organization boolean NOT NULL DEFAULT false,
    pub_at       timestamptz,
    PRIMARY KEY (article_id, position),
    CHECK ((user_id IS NULL) = (credit <> ''))
);
CREATE UNIQUE INDEX article_authors_once ON article_authors (article_id, user_id) WHERE user_id IS NOT NULL;
CREATE INDEX article_authors_by_member ON article_authors (user_id, pub_at, article_id) WHERE user_id IS NOT NULL;

INSERT INTO article_authors (article_id, position, user_id, pub_at)
    SELECT id, 0, author_id, CASE WHEN status = 'published' AND kind = 'post' THEN published_at END FROM articles;

CREATE FUNCTION article_authors_follow() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
    UPDATE article_authors SET pub_at = CASE WHEN NEW.status = 'published' AND NEW.kind = 'post' THEN NEW.published_at END
    WHERE article_id = NEW.id;
    RETURN NULL;
END $$;

CREATE TRIGGER article_authors_follow_status AFTER UPDATE OF status, kind, published_at ON articles
FOR EACH ROW EXECUTE FUNCTION article_authors_follow();
