-- Limits (store.Limits): the counts of the sign-in throttle, the sign-ins
-- it remembers, and the records of comment posts that quotas count, in
-- the database so that every node counts the same attempts. Keys are
-- keyed hashes made by the callers; times are the callers'.
CREATE TABLE signin_throttle (
    key           text PRIMARY KEY,
    failures      integer NOT NULL,
    window_start  timestamptz NOT NULL,
    blocks        integer NOT NULL,
    blocked_until timestamptz NOT NULL,
    pending       integer NOT NULL,
    held          integer NOT NULL,
    pending_at    timestamptz NOT NULL,
    seen          timestamptz NOT NULL
);
CREATE INDEX signin_throttle_seen ON signin_throttle (seen);

CREATE TABLE signin_known (
    pair text PRIMARY KEY,
    at   timestamptz NOT NULL
);
CREATE INDEX signin_known_at ON signin_known (at);

CREATE TABLE post_quotas (
    key        text NOT NULL,
    expires_at timestamptz NOT NULL
);
CREATE INDEX post_quotas_key ON post_quotas (key, expires_at);
CREATE INDEX post_quotas_expiry ON post_quotas (expires_at);
