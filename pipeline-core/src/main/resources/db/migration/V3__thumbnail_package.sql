-- The thumbnail package beyond the posters (which stay in thumbnails): what a feed paints before any image arrives
-- (blurhash and dominant colour), the scrub-preview storyboard (a WebVTT index over sprite sheets) and the animated
-- preview of the opening seconds. One row per video, read with the video in one statement, so these are columns.
-- Written once by the status consumer from the thumbnail job's first complete result; keys are versioned per attempt.
ALTER TABLE videos
    ADD COLUMN placeholder_blurhash   text CHECK (placeholder_blurhash ~ '^[0-9A-Za-z#$%*+,.:;=?@^_{|}~\[\]-]{6,100}$'),
    ADD COLUMN dominant_color         text CHECK (dominant_color ~ '^#[0-9a-f]{6}$'),
    ADD COLUMN storyboard_vtt_key     text,
    ADD COLUMN storyboard_sprite_keys text[],
    ADD COLUMN preview_key            text;
