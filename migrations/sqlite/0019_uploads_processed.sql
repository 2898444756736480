-- 1: the stored file was decoded and encoded again by the app (no EXIF or GPS left, orientation applied, size capped,
-- avatar renditions beside a photo). Files uploaded before that are processed in the background after a start.
ALTER TABLE uploads ADD COLUMN processed INTEGER NOT NULL DEFAULT 0;
