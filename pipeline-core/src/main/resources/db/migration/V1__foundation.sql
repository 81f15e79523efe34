-- Foundation schema: profiles, videos and their processing state, renditions, thumbnails, jobs, the transactional
-- outbox and the consumer's record of applied events. Later migrations add the social graph and view data.

CREATE TABLE profiles (
    id           text PRIMARY KEY CHECK (length(id) BETWEEN 1 AND 128),
    handle       text UNIQUE,
    display_name text,
    created_at   timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE videos (
    id             uuid PRIMARY KEY,
    owner_id       text        NOT NULL REFERENCES profiles (id),
    title          text        NOT NULL CHECK (length(title) <= 150),
    description    text        NOT NULL DEFAULT '' CHECK (length(description) <= 2200),
    visibility     text        NOT NULL CHECK (visibility IN ('PUBLIC', 'UNLISTED', 'PRIVATE')),
    status         text        NOT NULL CHECK (status IN ('UPLOADED', 'PROCESSING', 'PLAYABLE', 'READY', 'FAILED')),
    failure_reason text,
    source_key     text        NOT NULL,
    source_bytes   bigint      NOT NULL CHECK (source_bytes > 0),
    source_sha256  text        NOT NULL,
    source_format  text        NOT NULL,
    hls_master_key text,
    duration_ms    integer,
    width          integer,
    height         integer,
    created_at     timestamptz NOT NULL DEFAULT now(),
    updated_at     timestamptz NOT NULL DEFAULT now(),
    ready_at       timestamptz
);

-- The latest feed: public READY videos, newest first, keyset on (created_at, id).
CREATE INDEX videos_latest_public ON videos (created_at DESC, id DESC)
    WHERE status = 'READY' AND visibility = 'PUBLIC';
-- A creator's videos, newest first.
CREATE INDEX videos_owner_created ON videos (owner_id, created_at DESC);

-- One row per processing stage of a video; the relay's messages carry the job id, the workers' events refer to it.
CREATE TABLE jobs (
    id             uuid PRIMARY KEY,
    video_id       uuid        NOT NULL REFERENCES videos (id) ON DELETE CASCADE,
    kind           text        NOT NULL CHECK (kind IN ('TRANSCODE', 'THUMBNAIL')),
    status         text        NOT NULL CHECK (status IN ('QUEUED', 'RUNNING', 'DONE', 'FAILED')),
    attempts       integer     NOT NULL DEFAULT 0,
    failure_reason text,
    created_at     timestamptz NOT NULL DEFAULT now(),
    updated_at     timestamptz NOT NULL DEFAULT now(),
    UNIQUE (video_id, kind)
);

CREATE TABLE renditions (
    video_id          uuid    NOT NULL REFERENCES videos (id) ON DELETE CASCADE,
    name              text    NOT NULL,
    width             integer NOT NULL,
    height            integer NOT NULL,
    bandwidth         integer NOT NULL,
    average_bandwidth integer,
    codecs            text    NOT NULL,
    playlist_key      text    NOT NULL,
    PRIMARY KEY (video_id, name)
);

CREATE TABLE thumbnails (
    video_id     uuid    NOT NULL REFERENCES videos (id) ON DELETE CASCADE,
    format       text    NOT NULL,
    width        integer NOT NULL,
    height       integer NOT NULL,
    object_key   text    NOT NULL,
    content_type text    NOT NULL,
    PRIMARY KEY (video_id, format, width)
);

-- The transactional outbox: rows commit with the change that caused them; the relay publishes each with publisher
-- confirms and stamps sent_at only after the broker confirmed it.
CREATE TABLE outbox (
    id          bigserial PRIMARY KEY,
    message_id  uuid        NOT NULL UNIQUE,
    exchange    text        NOT NULL,
    routing_key text        NOT NULL,
    payload     jsonb       NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    sent_at     timestamptz,
    attempts    integer     NOT NULL DEFAULT 0,
    last_error  text
);
CREATE INDEX outbox_unsent ON outbox (id) WHERE sent_at IS NULL;

-- Events the status consumer has applied, so a redelivered event is applied once.
CREATE TABLE processed_events (
    event_id     uuid PRIMARY KEY,
    processed_at timestamptz NOT NULL DEFAULT now()
);
