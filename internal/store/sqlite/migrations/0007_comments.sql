-- Comment moderation and the outgoing mail queue.

-- Readers who asked to be told about replies to their comment; an
-- unsubscribe link turns it off again.
ALTER TABLE comments ADD COLUMN notify_replies INTEGER NOT NULL DEFAULT 0;

-- Emails are stored lower-cased; the indexes are on lower() so that rows
-- written before that rule, or by an importer, are found too. The first
-- answers "has this address an approved comment" (first-time commenters
-- are held), the second the duplicate check, both without reading anyone
-- else's comments.
CREATE INDEX comments_approved_email ON comments (lower(author_email))
    WHERE status = 'approved';
CREATE INDEX comments_by_email ON comments (lower(author_email), article_id, created_at);

-- The moderation queue's default view lists pending and approved comments
-- together, newest first, site-wide or for one article; these partial
-- indexes give that order without sorting. Views by one status use
-- comments_recent and comments_by_article.
CREATE INDEX comments_listed ON comments (created_at, id)
    WHERE status IN ('pending', 'approved');
CREATE INDEX comments_listed_by_article ON comments (article_id, created_at, id)
    WHERE status IN ('pending', 'approved');

-- Outgoing mail waits here until it is sent, so a mail server that is down
-- or a restart loses nothing. recipients is a JSON array of addresses and
-- headers a JSON object of extra header fields. next_attempt_at is NULL
-- once the message was sent (sent_at set) or given up (last_error says why).
CREATE TABLE mail_queue (
    id              INTEGER PRIMARY KEY,
    recipients      TEXT NOT NULL,
    subject         TEXT NOT NULL,
    body            TEXT NOT NULL,
    headers         TEXT NOT NULL DEFAULT '{}',
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TEXT,
    last_error      TEXT NOT NULL DEFAULT '',
    sent_at         TEXT,
    created_at      TEXT NOT NULL
);
CREATE INDEX mail_queue_due ON mail_queue (next_attempt_at, id)
    WHERE next_attempt_at IS NOT NULL;
CREATE INDEX mail_queue_finished ON mail_queue (created_at)
    WHERE next_attempt_at IS NULL;
