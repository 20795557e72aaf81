-- Pictures get an owner: the member who uploaded them, whose own they are
-- to change by the role rules for articles (authors their own, editors
-- all). Pictures from before this migration have none, and only editors
-- and admins may change their words. A deleted member's pictures go to
-- the heir of their articles (DeleteUser); the column empties itself only
-- should a member row vanish another way.
ALTER TABLE media ADD COLUMN owner_id INTEGER REFERENCES users(id) ON DELETE SET NULL;
CREATE INDEX media_by_owner ON media (owner_id) WHERE owner_id IS NOT NULL;
