-- The kind of work an article is (content.Label): news, analysis,
-- opinion, review, explainer or sponsored. Articles stored before labels
-- are news.
ALTER TABLE articles ADD COLUMN label TEXT NOT NULL DEFAULT 'news';
