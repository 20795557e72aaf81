-- Search of the media library (the newsroom's picture picker, the API's
-- media list): a pg_trgm index over each picture's alt text, caption and
-- file name, lower-cased and joined by spaces as SQLite joins them, so
-- that a LIKE '%word%' of three or more characters reads the index, as
-- SQLite's trigram index finds any run of three characters in any script.
-- An index on an expression of the row: nothing else to keep in step, and
-- the media table keeps the columns SQLite's has (package move).
-- pg_trgm was made by 0003_search.sql, in whatever schema it lives. The
-- file name's collation is "C" (0001), which would make lower() fold
-- ASCII letters only; the text is lower-cased in the database's own
-- collation instead, as Go and SQLite fold every script's letters (a
-- database made with the C locale folds ASCII letters only, whatever is
-- written here).
--
-- Unlike search_docs_words, the index keeps GIN's pending list (fastupdate
-- on, the default): a library grows in bulk (an import, a site moved from
-- SQLite, fifty thousand pictures in a test), where entering each row's
-- trigrams one by one cost ten times as much (9 s against 1 s for 50,000
-- pictures), while what a search reads of the list is bounded by
-- gin_pending_list_limit (4 MB) until autovacuum merges it.

DO $$
DECLARE
    trgm_schema text := (SELECT n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = 'pg_trgm');
BEGIN
    EXECUTE format($f$CREATE INDEX media_search ON media USING gin ((lower((alt || ' ' || caption || ' ' || name) COLLATE "default")) %I.gin_trgm_ops)$f$, trgm_schema);
END $$;
