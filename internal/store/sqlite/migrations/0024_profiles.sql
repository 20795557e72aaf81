-- A member's public profile beside the biography (content.User): a job
-- title, a photo from the media library (0 for none) and their links
-- elsewhere, an ordered JSON list (store.EncodeLinks), "" for none. The
-- photo has no foreign key: a site is moved table by table with the
-- members before the media (store/move), and a picture that is gone
-- reads as no photo.
ALTER TABLE users ADD COLUMN job_title TEXT NOT NULL DEFAULT '';
ALTER TABLE users ADD COLUMN photo_id INTEGER NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN links TEXT NOT NULL DEFAULT '';
