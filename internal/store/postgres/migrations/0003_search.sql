-- Full-text search over published posts (see search.go). Two extensions
-- from PostgreSQL's contrib: unaccent folds diacritics in the word index,
-- as SQLite's unicode61 tokenizer does; pg_trgm indexes the runs of text
-- in scripts written without spaces (Thai, Chinese, Japanese), which have
-- no words to look up, so that a LIKE '%…%' on them reads the index. Both
-- are trusted extensions: a member with CREATE on the database may add
-- them. They are made once per database, in the schema of the first
-- migration that needs them, and found wherever they already are.

SELECT pg_advisory_xact_lock(1818848869); -- lockExtensions: two schemas migrating at once make them once
CREATE EXTENSION IF NOT EXISTS unaccent;
CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE TABLE search_docs (
    article_id bigint PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
    title      text NOT NULL,
    excerpt    text NOT NULL,
    tags       text NOT NULL,
    author     text NOT NULL,
    body       text NOT NULL, -- plain text, for snippets
    words      tsvector NOT NULL,
    dense      text NOT NULL DEFAULT ''
);
-- fastupdate off: a GIN index otherwise gathers new entries in a pending
-- list that every search reads through until vacuum merges it, so that a
-- busy newsroom's searches would slow down between vacuums. Documents are
-- written a few at a time, and reads far outnumber them.
CREATE INDEX search_docs_words ON search_docs USING gin (words) WITH (fastupdate = off);

-- The words of a document: simple's parser and dictionary (no stemming,
-- no stop words), after unaccent.
DO $$
DECLARE
    unaccent_schema text := (SELECT n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = 'unaccent');
    trgm_schema text := (SELECT n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = 'pg_trgm');
BEGIN
    CREATE TEXT SEARCH CONFIGURATION dateline_words (COPY = pg_catalog.simple);
    EXECUTE format('ALTER TEXT SEARCH CONFIGURATION dateline_words
        ALTER MAPPING FOR asciiword, asciihword, hword_asciipart, word, hword, hword_part, numword, numhword, hword_numpart
        WITH %I.unaccent, pg_catalog.simple', unaccent_schema);
    EXECUTE format('CREATE INDEX search_docs_dense ON search_docs USING gin (dense %I.gin_trgm_ops) WITH (fastupdate = off) WHERE dense <> %L',
        trgm_schema, '');
END $$;
