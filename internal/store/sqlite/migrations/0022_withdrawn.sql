-- The editors' notice at the address of a withdrawn (killed) article
-- (content.Article.WithdrawnNotice); empty for every other article.
ALTER TABLE articles ADD COLUMN withdrawn_notice TEXT NOT NULL DEFAULT '';
