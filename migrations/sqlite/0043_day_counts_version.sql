-- The day counts gained posts per topic (issue 22's dashboard reads trending topics from them instead of counting a
-- quarter of post_tags per page view). days_version says which definition the stored days follow; the rollup counts
-- the days it has counted already again, once, when it is behind (ActivityRollup.DaysVersion).
ALTER TABLE activity_watermark ADD COLUMN days_version INTEGER NOT NULL DEFAULT 0;
