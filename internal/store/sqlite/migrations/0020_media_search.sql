-- Search of the media library (the newsroom's picture picker, the API's
-- media list): a trigram index of each picture's alt text, caption and
-- file name, joined by spaces (alt, caption, name), which finds any run of
-- three or more characters in any script, whatever the case. Triggers keep
-- it in step with media whatever statement changes a picture; the rowid
-- of a row is the picture's id, so that a search walks its matches newest
-- first from the index alone.

CREATE VIRTUAL TABLE media_search USING fts5(text, tokenize = 'trigram');

INSERT INTO media_search (rowid, text) SELECT id, alt || ' ' || caption || ' ' || name FROM media;

CREATE TRIGGER media_search_insert AFTER INSERT ON media
BEGIN
    INSERT INTO media_search (rowid, text) VALUES (NEW.id, NEW.alt || ' ' || NEW.caption || ' ' || NEW.name);
END;

CREATE TRIGGER media_search_update AFTER UPDATE OF alt, caption, name ON media
BEGIN
    UPDATE media_search SET text = NEW.alt || ' ' || NEW.caption || ' ' || NEW.name WHERE rowid = NEW.id;
END;

CREATE TRIGGER media_search_delete AFTER DELETE ON media
BEGIN
    DELETE FROM media_search WHERE rowid = OLD.id;
END;
