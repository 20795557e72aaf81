-- The change log: every committed change, as announced on the change feed,
-- so that other processes on the same database (a command run while the
-- server serves; later, other nodes) learn of it and purge what it touched.
CREATE TABLE changes (
	seq        INTEGER PRIMARY KEY AUTOINCREMENT,
	origin     TEXT NOT NULL,
	at         TEXT NOT NULL,
	kind       TEXT NOT NULL,
	action     TEXT NOT NULL,
	ids        TEXT NOT NULL DEFAULT '',
	tags       TEXT NOT NULL DEFAULT ''
);
CREATE INDEX changes_at ON changes (at);
