-- Uploads in progress (tus resumable and presigned direct), creator metadata that the social schema will own, and
-- webhooks with their delivery outbox. Owned by upload-api.

-- One row per upload; its id is also the id of the video it becomes. The committed state of a tus upload is what a
-- PATCH may build on: the offset, the ETags of the S3 parts already uploaded (fixed boundaries of part_size bytes),
-- the object holding the bytes after the last full part, and the SHA-256 state of everything received. A PATCH in
-- flight holds a lease (lock_owner, lock_until) so two requests, on any instances, never write one upload at once.
CREATE TABLE uploads (
    id            uuid PRIMARY KEY,
    owner_id      text        NOT NULL REFERENCES profiles (id),
    kind          text        NOT NULL CHECK (kind IN ('TUS', 'DIRECT')),
    state         text        NOT NULL CHECK (state IN ('ACTIVE', 'COMPLETED', 'TERMINATED', 'EXPIRED', 'FAILED')),
    upload_length bigint      NOT NULL CHECK (upload_length > 0),
    upload_offset bigint      NOT NULL DEFAULT 0 CHECK (upload_offset BETWEEN 0 AND upload_length),
    part_size     bigint      NOT NULL CHECK (part_size >= 5242880),
    object_key    text        NOT NULL,
    s3_upload_id  text,
    part_etags    jsonb       NOT NULL DEFAULT '[]'::jsonb,
    tail_key      text,
    sha256_state  bytea,
    format        text,
    metadata      jsonb       NOT NULL,
    raw_metadata  text,
    failure       text,
    version       bigint      NOT NULL DEFAULT 0,
    lock_owner    text,
    lock_until    timestamptz,
    expires_at    timestamptz NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now(),
    completed_at  timestamptz
);
-- Quotas count a creator's active uploads and the bytes they reserve.
CREATE INDEX uploads_owner_active ON uploads (owner_id) WHERE state = 'ACTIVE';
-- The janitor finds abandoned uploads by expiry.
CREATE INDEX uploads_active_expiry ON uploads (expires_at) WHERE state = 'ACTIVE';
-- ... and purges finished rows after a while.
CREATE INDEX uploads_updated ON uploads (updated_at) WHERE state <> 'ACTIVE';

-- Metadata given on upload that belongs to the social schema (issue 5: sounds, series, hashtags). Kept here, keyed by
-- video, until that schema exists; its migration moves these values into its own tables and columns.
CREATE TABLE video_upload_metadata (
    video_id        uuid PRIMARY KEY REFERENCES videos (id) ON DELETE CASCADE,
    hashtags        text[]  NOT NULL DEFAULT '{}',
    sound_id        uuid,
    series_id       uuid,
    series_position integer CHECK (series_position BETWEEN 1 AND 10000)
);
CREATE INDEX video_upload_metadata_hashtags ON video_upload_metadata USING gin (hashtags);

-- Identical content from one creator reuses the renditions of the finished video with the same content hash.
CREATE INDEX videos_owner_content ON videos (owner_id, source_sha256) WHERE status = 'READY';

-- A creator's webhook endpoints; the secret signs every delivery (HMAC-SHA256).
CREATE TABLE webhook_subscriptions (
    id         uuid PRIMARY KEY,
    owner_id   text        NOT NULL REFERENCES profiles (id),
    url        text        NOT NULL CHECK (length(url) <= 2048),
    secret     text        NOT NULL,
    events     text[]      NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX webhook_subscriptions_owner ON webhook_subscriptions (owner_id);

-- The webhook outbox: rows commit with the status change that caused them; the dispatcher posts each until the
-- receiver answers 2xx, backing off exponentially, and gives up after the configured attempts.
CREATE TABLE webhook_deliveries (
    id              uuid PRIMARY KEY,
    subscription_id uuid        NOT NULL REFERENCES webhook_subscriptions (id) ON DELETE CASCADE,
    event_type      text        NOT NULL,
    payload         text        NOT NULL,
    attempts        integer     NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL DEFAULT now(),
    delivered_at    timestamptz,
    gave_up_at      timestamptz,
    last_status     integer,
    last_error      text,
    created_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at)
    WHERE delivered_at IS NULL AND gave_up_at IS NULL;
