-- Limits (store.Limits): the counts of the sign-in throttle, the sign-ins
-- it remembers, and the records of comment posts that quotas count, in
-- the database so that every process on it counts the same attempts.
-- Keys are keyed hashes made by the callers; times are the callers'.
CREATE TABLE signin_throttle (
    key           TEXT PRIMARY KEY,
    failures      INTEGER NOT NULL,
    window_start  TEXT NOT NULL,
    blocks        INTEGER NOT NULL,
    blocked_until TEXT NOT NULL,
    pending       INTEGER NOT NULL,
    held          INTEGER NOT NULL,
    pending_at    TEXT NOT NULL,
    seen          TEXT NOT NULL
);
CREATE INDEX signin_throttle_seen ON signin_throttle (seen);

CREATE TABLE signin_known (
    pair TEXT PRIMARY KEY,
    at   TEXT NOT NULL
);
CREATE INDEX signin_known_at ON signin_known (at);

CREATE TABLE post_quotas (
    key        TEXT NOT NULL,
    expires_at TEXT NOT NULL
);
CREATE INDEX post_quotas_key ON post_quotas (key, expires_at);
CREATE INDEX post_quotas_expiry ON post_quotas (expires_at);
