-- What the media library knows of a picture's files beyond its copies: the
-- size in bytes of the file at full width (a feed's enclosure states it),
-- and the ratios of the crops stored beside it for search engines'
-- previews ("16x9,4x3,1x1"). Pictures from before this migration have
-- neither: 0 (unknown) and none.
ALTER TABLE media ADD COLUMN bytes INTEGER NOT NULL DEFAULT 0;
ALTER TABLE media ADD COLUMN crops TEXT NOT NULL DEFAULT '';
