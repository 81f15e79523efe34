-- Progressive publishing and progress: a video is PLAYABLE from its lowest rung while the rest still encodes, and its
-- row carries the transcode progress per rung for the creator's status view.
ALTER TABLE videos
    ADD COLUMN progress    jsonb NOT NULL DEFAULT '{}'::jsonb,
    ADD COLUMN playable_at timestamptz;
