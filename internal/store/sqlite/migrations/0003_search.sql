-- Full-text search over published posts. Two indexes over the same text:
-- unicode61 finds words in scripts written with spaces, with diacritics
-- folded; trigram finds any run of three or more characters, which is what
-- Thai, Chinese and Japanese need, since they are written without spaces
-- between words. The store keeps both in step with the articles table; the
-- rowid of a row is the article's id.

CREATE VIRTUAL TABLE search_words USING fts5(
    title, excerpt, body, tags, author,
    tokenize = 'unicode61 remove_diacritics 2'
);

CREATE VIRTUAL TABLE search_trigrams USING fts5(
    title, excerpt, body, tags, author,
    tokenize = 'trigram'
);
