-- Leases: which node of several on one database does a piece of work
-- that must happen once (store.Leases). A lease is free once expires_at
-- has passed; times are the callers'.
CREATE TABLE leases (
    name       text PRIMARY KEY,
    holder     text NOT NULL,
    expires_at timestamptz NOT NULL
);
