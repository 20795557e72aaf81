-- A live blog's "last updated" time (MAX(updated_at) of its entries) from
-- the index, not from reading every entry: a page of a live blog with
-- 2,000 entries spent a millisecond on it.
CREATE INDEX live_entries_updated ON live_entries (article_id, updated_at);
