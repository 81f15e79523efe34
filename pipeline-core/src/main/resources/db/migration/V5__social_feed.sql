-- The social feed (issue 5): sounds, hashtags, series, the social graph (follows, likes, bookmarks, blocks), comments,
-- notifications, the pre-computed trending and recommendation tables, full-text search, and get_feed_videos, the one
-- SQL call behind every feed page. Owned by feed-api; docs/feed.md explains every table, index and function, with the
-- EXPLAIN output that justifies each index.
--
-- Counters are kept by statement-level triggers over transition tables, never by read-modify-write in an application:
-- one UPDATE per statement and counted row, so a bulk insert (bin/reelpipe seed) costs one UPDATE per distinct target.
-- Listed means READY and PUBLIC: only listed videos count towards profiles.video_count, sounds.video_count,
-- hashtags.video_count and series.video_count.

-- Hashtags as videos.hashtags holds them: lower case letters, digits and underscores, at most 100 characters each, no
-- duplicates, at most 30. IMMUTABLE so a CHECK and a generated column can use them.
CREATE FUNCTION feed_valid_hashtags(tags text[]) RETURNS boolean
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN cardinality(tags) <= 30
        AND (SELECT coalesce(bool_and(t ~ '^[[:alnum:]_]{1,100}$' AND t = lower(t)), true)
               FROM unnest(tags) AS t)
        AND cardinality(tags) = (SELECT count(DISTINCT t) FROM unnest(tags) AS t);

CREATE FUNCTION feed_hashtags_text(tags text[]) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN array_to_string(tags, ' ');

-- Profiles gain what the feed shows about a creator and what the jobs need to know about a viewer.
ALTER TABLE profiles
    ADD COLUMN bio                text        NOT NULL DEFAULT '' CHECK (length(bio) <= 500),
    ADD COLUMN avatar_url         text        CHECK (length(avatar_url) <= 2048),
    ADD COLUMN follower_count     bigint      NOT NULL DEFAULT 0,
    ADD COLUMN following_count    bigint      NOT NULL DEFAULT 0,
    ADD COLUMN video_count        bigint      NOT NULL DEFAULT 0,
    -- Stamped in batches by feed-api (at most once a minute per user); the recommendation job serves users active in
    -- the last day.
    ADD COLUMN last_active_at     timestamptz,
    ADD COLUMN recommended_at     timestamptz,
    ADD COLUMN search_vector      tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('simple', id), 'A')
            || setweight(to_tsvector('simple', coalesce(handle, '')), 'A')
            || setweight(to_tsvector('simple', coalesce(display_name, '')), 'B')
            || setweight(to_tsvector('simple', bio), 'C')) STORED;
CREATE INDEX profiles_search ON profiles USING gin (search_vector);
CREATE INDEX profiles_active ON profiles (last_active_at) WHERE last_active_at IS NOT NULL;

-- A sound a video uses: an original sound of a creator (owner_id) or a licensed track (owner_id NULL).
CREATE TABLE sounds (
    id            uuid PRIMARY KEY,
    title         text        NOT NULL CHECK (length(title) BETWEEN 1 AND 150),
    artist        text        NOT NULL DEFAULT '' CHECK (length(artist) <= 150),
    owner_id      text        REFERENCES profiles (id),
    duration_ms   integer     CHECK (duration_ms > 0),
    video_count   bigint      NOT NULL DEFAULT 0,
    created_at    timestamptz NOT NULL DEFAULT now(),
    search_vector tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('simple', title), 'A') || setweight(to_tsvector('simple', artist), 'B')) STORED
);
CREATE INDEX sounds_search ON sounds USING gin (search_vector);

-- A creator's series: videos meant to be watched in order (videos.series_id, videos.series_order).
CREATE TABLE series (
    id          uuid PRIMARY KEY,
    owner_id    text        NOT NULL REFERENCES profiles (id),
    title       text        NOT NULL CHECK (length(title) BETWEEN 1 AND 150),
    description text        NOT NULL DEFAULT '' CHECK (length(description) <= 2200),
    video_count bigint      NOT NULL DEFAULT 0,
    created_at  timestamptz NOT NULL DEFAULT now(),
    -- The target of videos' (series_id, owner_id) key: a video joins only a series of its own creator.
    UNIQUE (id, owner_id)
);
CREATE INDEX series_owner ON series (owner_id, created_at DESC);

CREATE TABLE hashtags (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tag         text        NOT NULL UNIQUE CHECK (tag ~ '^[[:alnum:]_]{1,100}$' AND tag = lower(tag)),
    video_count bigint      NOT NULL DEFAULT 0,
    created_at  timestamptz NOT NULL DEFAULT now()
);

-- Videos gain their sound, series and position, hashtags, counters and search vector. Writers (upload-api) set
-- hashtags, sound_id, series_id and series_order; everything else here is kept by triggers and jobs.
ALTER TABLE videos
    ADD COLUMN sound_id       uuid REFERENCES sounds (id),
    ADD COLUMN series_id      uuid,
    ADD COLUMN series_order   integer CHECK (series_order BETWEEN 1 AND 10000),
    ADD COLUMN hashtags       text[]  NOT NULL DEFAULT '{}' CHECK (feed_valid_hashtags(hashtags)),
    ADD COLUMN like_count     bigint  NOT NULL DEFAULT 0,
    ADD COLUMN comment_count  bigint  NOT NULL DEFAULT 0,
    ADD COLUMN bookmark_count bigint  NOT NULL DEFAULT 0,
    ADD COLUMN share_count    bigint  NOT NULL DEFAULT 0,
    -- Filled by the view pipeline's batched aggregation (issue 7), never per view.
    ADD COLUMN view_count     bigint  NOT NULL DEFAULT 0,
    ADD COLUMN search_vector  tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('simple', title), 'A')
            || setweight(to_tsvector('simple', feed_hashtags_text(hashtags)), 'B')
            || setweight(to_tsvector('simple', description), 'C')) STORED,
    ADD CONSTRAINT videos_series_position CHECK ((series_id IS NULL) = (series_order IS NULL)),
    ADD CONSTRAINT videos_series_same_owner FOREIGN KEY (series_id, owner_id) REFERENCES series (id, owner_id);
-- Counter updates rewrite the row: room on each page keeps them HOT (no index maintenance).
ALTER TABLE videos SET (fillfactor = 90);

-- The series feed: a series in order, and one video per position.
CREATE UNIQUE INDEX videos_series_order ON videos (series_id, series_order) WHERE series_id IS NOT NULL;
-- The sound feed: listed videos with a sound, newest first.
CREATE INDEX videos_sound_listed ON videos (sound_id, created_at DESC, id DESC)
    WHERE status = 'READY' AND visibility = 'PUBLIC' AND sound_id IS NOT NULL;
-- The creator and following feeds: a creator's listed videos, newest first, with the keyset's tie-breaker.
CREATE INDEX videos_owner_listed ON videos (owner_id, created_at DESC, id DESC)
    WHERE status = 'READY' AND visibility = 'PUBLIC';
CREATE INDEX videos_search ON videos USING gin (search_vector);

-- One row per (video, hashtag), kept by triggers from videos.hashtags. video_created_at is the video's creation time,
-- copied so the hashtag feed reads one index in feed order.
CREATE TABLE video_hashtags (
    video_id         uuid        NOT NULL REFERENCES videos (id) ON DELETE CASCADE,
    hashtag_id       bigint      NOT NULL REFERENCES hashtags (id),
    video_created_at timestamptz NOT NULL,
    PRIMARY KEY (video_id, hashtag_id)
);
CREATE INDEX video_hashtags_feed ON video_hashtags (hashtag_id, video_created_at DESC, video_id DESC);

CREATE TABLE follows (
    follower_id  text        NOT NULL REFERENCES profiles (id) ON DELETE CASCADE,
    following_id text        NOT NULL REFERENCES profiles (id) ON DELETE CASCADE,
    created_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (follower_id, following_id),
    CHECK (follower_id <> following_id)
);
-- A creator's followers (and the reverse side of a cascade).
CREATE INDEX follows_following ON follows (following_id, created_at DESC);
-- Trending reads follows of the last days; creation order follows physical order, so a BRIN range index is enough.
CREATE INDEX follows_created ON follows USING brin (created_at);

CREATE TABLE likes (
    user_id    text        NOT NULL REFERENCES profiles (id) ON DELETE CASCADE,
    video_id   uuid        NOT NULL REFERENCES videos (id) ON DELETE CASCADE,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (user_id, video_id)
);
CREATE INDEX likes_video ON likes (video_id);
CREATE INDEX likes_created ON likes USING brin (created_at);

CREATE TABLE bookmarks (
    user_id    text        NOT NULL REFERENCES profiles (id) ON DELETE CASCADE,
    video_id   uuid        NOT NULL REFERENCES videos (id) ON DELETE CASCADE,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (user_id, video_id)
);
CREATE INDEX bookmarks_video ON bookmarks (video_id);

-- blocker_id blocks blocked_id; feeds hide each from the other (both directions).
CREATE TABLE blocks (
    blocker_id text        NOT NULL REFERENCES profiles (id) ON DELETE CASCADE,
    blocked_id text        NOT NULL REFERENCES profiles (id) ON DELETE CASCADE,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (blocker_id, blocked_id),
    CHECK (blocker_id <> blocked_id)
);
CREATE INDEX blocks_blocked ON blocks (blocked_id, blocker_id);

CREATE TABLE comments (
    id         uuid PRIMARY KEY,
    video_id   uuid        NOT NULL REFERENCES videos (id) ON DELETE CASCADE,
    user_id    text        NOT NULL REFERENCES profiles (id) ON DELETE CASCADE,
    body       text        NOT NULL CHECK (length(body) BETWEEN 1 AND 500),
    created_at timestamptz NOT NULL DEFAULT now()
);
-- A video's comments, newest first, keyset on (created_at, id).
CREATE INDEX comments_video ON comments (video_id, created_at DESC, id DESC);
CREATE INDEX comments_user ON comments (user_id);
CREATE INDEX comments_created ON comments USING brin (created_at);

CREATE TABLE notifications (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id    text        NOT NULL REFERENCES profiles (id) ON DELETE CASCADE,
    actor_id   text        NOT NULL REFERENCES profiles (id) ON DELETE CASCADE,
    kind       text        NOT NULL CHECK (kind IN ('LIKE', 'COMMENT', 'FOLLOW')),
    video_id   uuid        REFERENCES videos (id) ON DELETE CASCADE,
    comment_id uuid        REFERENCES comments (id) ON DELETE CASCADE,
    is_read    boolean     NOT NULL DEFAULT false,
    created_at timestamptz NOT NULL DEFAULT now()
);
-- A user's notifications, unread first or newest first.
CREATE INDEX notifications_user ON notifications (user_id, is_read, created_at DESC);
-- Like, unlike, like again notifies once; so does follow, unfollow, follow again.
CREATE UNIQUE INDEX notifications_once ON notifications (user_id, kind, actor_id, video_id) NULLS NOT DISTINCT
    WHERE kind IN ('LIKE', 'FOLLOW');
CREATE INDEX notifications_video ON notifications (video_id) WHERE video_id IS NOT NULL;
CREATE INDEX notifications_comment ON notifications (comment_id) WHERE comment_id IS NOT NULL;

-- Trending, recomputed every 5 minutes by feed-api's TrendingJob: the top items of each kind by time-decayed score.
-- item_id is the video or sound id, the hashtag or the creator's profile id.
CREATE TABLE trending_cache (
    kind        text             NOT NULL CHECK (kind IN ('VIDEO', 'HASHTAG', 'CREATOR', 'SOUND')),
    rank        integer          NOT NULL CHECK (rank > 0),
    item_id     text             NOT NULL,
    score       double precision NOT NULL,
    computed_at timestamptz      NOT NULL,
    PRIMARY KEY (kind, rank)
);

-- Recommendations, recomputed every 15 minutes for users active in the last day by RecommendationJob. No foreign key
-- to videos: the feed joins videos anyway and drops what is gone, and the table stays cheap to rewrite.
CREATE TABLE user_recommendations (
    user_id     text             NOT NULL REFERENCES profiles (id) ON DELETE CASCADE,
    rank        integer          NOT NULL CHECK (rank > 0),
    video_id    uuid             NOT NULL,
    score       double precision NOT NULL,
    reason      text             NOT NULL CHECK (reason IN ('CREATOR', 'HASHTAG', 'SOUND', 'TRENDING')),
    computed_at timestamptz      NOT NULL,
    PRIMARY KEY (user_id, rank)
);

-- Daily view counts per video, the view pipeline's rollup (issue 7 fills it from video_views); trending reads it.
CREATE TABLE IF NOT EXISTS video_view_daily (
    day      date   NOT NULL,
    video_id uuid   NOT NULL,
    views    bigint NOT NULL CHECK (views >= 0),
    PRIMARY KEY (day, video_id)
);

-- What a user has seen, which recommendations leave out. The view pipeline (issue 7) redefines it with
-- CREATE OR REPLACE VIEW to add watched videos, keeping these two columns.
CREATE VIEW user_seen_videos AS
    SELECT user_id, video_id FROM likes
    UNION ALL
    SELECT user_id, video_id FROM bookmarks
    UNION ALL
    SELECT user_id, video_id FROM comments;

-- ShedLock's table: feed-api's scheduled jobs run once across all instances.
CREATE TABLE shedlock (
    name       varchar(64)  PRIMARY KEY,
    lock_until timestamp    NOT NULL,
    locked_at  timestamp    NOT NULL,
    locked_by  varchar(255) NOT NULL
);

------------------------------------------------------------------------------------------------------------------------
-- Counters and derived rows.

-- Adds sign * (number of occurrences) to counter_column of the rows of target_table whose key_column is in keys.
-- One UPDATE for any number of keys; NULL keys are skipped.
CREATE FUNCTION feed_add_counts(target_table text, key_column text, counter_column text, keys anyarray, sign integer)
    RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    IF cardinality(keys) > 0 THEN
        EXECUTE format('UPDATE %1$I t SET %3$I = t.%3$I + $2 * d.n
                          FROM (SELECT k, count(*) AS n FROM unnest($1) AS k WHERE k IS NOT NULL GROUP BY k) d
                         WHERE t.%2$I = d.k', target_table, key_column, counter_column)
            USING keys, sign;
    END IF;
END $$;

-- Statement trigger over a transition table: TG_ARGV = target table, its key column, counter column, the changed
-- rows' column naming the target. Counts +1 per inserted row and -1 per deleted row, one UPDATE per statement.
CREATE FUNCTION feed_count_rows() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE format('UPDATE %1$I t SET %3$I = t.%3$I + $1 * d.n
                      FROM (SELECT %4$I AS k, count(*) AS n FROM %5$I GROUP BY 1) d
                     WHERE t.%2$I = d.k',
                   TG_ARGV[0], TG_ARGV[1], TG_ARGV[2], TG_ARGV[3],
                   CASE TG_OP WHEN 'INSERT' THEN 'new_rows' ELSE 'old_rows' END)
        USING CASE TG_OP WHEN 'INSERT' THEN 1 ELSE -1 END;
    RETURN NULL;
END $$;

CREATE TRIGGER likes_count_in AFTER INSERT ON likes REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION feed_count_rows('videos', 'id', 'like_count', 'video_id');
CREATE TRIGGER likes_count_out AFTER DELETE ON likes REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION feed_count_rows('videos', 'id', 'like_count', 'video_id');
CREATE TRIGGER bookmarks_count_in AFTER INSERT ON bookmarks REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION feed_count_rows('videos', 'id', 'bookmark_count', 'video_id');
CREATE TRIGGER bookmarks_count_out AFTER DELETE ON bookmarks REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION feed_count_rows('videos', 'id', 'bookmark_count', 'video_id');
CREATE TRIGGER comments_count_in AFTER INSERT ON comments REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION feed_count_rows('videos', 'id', 'comment_count', 'video_id');
CREATE TRIGGER comments_count_out AFTER DELETE ON comments REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION feed_count_rows('videos', 'id', 'comment_count', 'video_id');
CREATE TRIGGER follows_count_followers_in AFTER INSERT ON follows REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION feed_count_rows('profiles', 'id', 'follower_count', 'following_id');
CREATE TRIGGER follows_count_followers_out AFTER DELETE ON follows REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION feed_count_rows('profiles', 'id', 'follower_count', 'following_id');
CREATE TRIGGER follows_count_following_in AFTER INSERT ON follows REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION feed_count_rows('profiles', 'id', 'following_count', 'follower_id');
CREATE TRIGGER follows_count_following_out AFTER DELETE ON follows REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION feed_count_rows('profiles', 'id', 'following_count', 'follower_id');

-- A block ends every follow between the two, both ways (their counters follow through the follows triggers).
CREATE FUNCTION feed_block_unfollows() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM follows f
     USING new_rows b
     WHERE (f.follower_id = b.blocker_id AND f.following_id = b.blocked_id)
        OR (f.follower_id = b.blocked_id AND f.following_id = b.blocker_id);
    RETURN NULL;
END $$;
CREATE TRIGGER blocks_unfollow AFTER INSERT ON blocks REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION feed_block_unfollows();

-- Links videos to their hashtags (creating unknown tags) from videos.hashtags.
CREATE FUNCTION feed_link_hashtags(video_ids uuid[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO hashtags (tag)
    SELECT DISTINCT t
      FROM unnest(video_ids) AS i (id)
      JOIN videos v ON v.id = i.id
     CROSS JOIN LATERAL unnest(v.hashtags) AS t
    ON CONFLICT (tag) DO NOTHING;
    INSERT INTO video_hashtags (video_id, hashtag_id, video_created_at)
    SELECT v.id, h.id, v.created_at
      FROM unnest(video_ids) AS i (id)
      JOIN videos v ON v.id = i.id
     CROSS JOIN LATERAL unnest(v.hashtags) AS t
      JOIN hashtags h ON h.tag = t
    ON CONFLICT DO NOTHING;
END $$;

-- The counters a set of videos contributes to while listed: their creators', sounds', series' and hashtags'.
CREATE FUNCTION feed_count_videos(owners text[], sounds uuid[], series uuid[], tags text[], sign integer)
    RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    PERFORM feed_add_counts('profiles', 'id', 'video_count', owners, sign);
    PERFORM feed_add_counts('sounds', 'id', 'video_count', sounds, sign);
    PERFORM feed_add_counts('series', 'id', 'video_count', series, sign);
    PERFORM feed_add_counts('hashtags', 'tag', 'video_count', tags, sign);
END $$;

CREATE FUNCTION feed_videos_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM feed_link_hashtags(ARRAY(SELECT id FROM new_rows WHERE cardinality(hashtags) > 0));
    PERFORM feed_count_videos(
        ARRAY(SELECT owner_id FROM new_rows WHERE status = 'READY' AND visibility = 'PUBLIC'),
        ARRAY(SELECT sound_id FROM new_rows WHERE status = 'READY' AND visibility = 'PUBLIC'),
        ARRAY(SELECT series_id FROM new_rows WHERE status = 'READY' AND visibility = 'PUBLIC'),
        ARRAY(SELECT t FROM new_rows, unnest(hashtags) AS t WHERE status = 'READY' AND visibility = 'PUBLIC'),
        1);
    RETURN NULL;
END $$;
CREATE TRIGGER videos_inserted AFTER INSERT ON videos REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION feed_videos_inserted();

CREATE FUNCTION feed_videos_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM feed_count_videos(
        ARRAY(SELECT owner_id FROM old_rows WHERE status = 'READY' AND visibility = 'PUBLIC'),
        ARRAY(SELECT sound_id FROM old_rows WHERE status = 'READY' AND visibility = 'PUBLIC'),
        ARRAY(SELECT series_id FROM old_rows WHERE status = 'READY' AND visibility = 'PUBLIC'),
        ARRAY(SELECT t FROM old_rows, unnest(hashtags) AS t WHERE status = 'READY' AND visibility = 'PUBLIC'),
        -1);
    RETURN NULL;
END $$;
CREATE TRIGGER videos_deleted AFTER DELETE ON videos REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION feed_videos_deleted();

-- A row trigger, fired only when what the counters depend on changes (status, visibility, sound, series, hashtags):
-- counter updates of the videos row itself (likes...) never reach it.
CREATE FUNCTION feed_video_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF OLD.status = 'READY' AND OLD.visibility = 'PUBLIC' THEN
        PERFORM feed_count_videos(ARRAY[OLD.owner_id], ARRAY[OLD.sound_id], ARRAY[OLD.series_id], OLD.hashtags, -1);
    END IF;
    IF NEW.hashtags IS DISTINCT FROM OLD.hashtags THEN
        DELETE FROM video_hashtags WHERE video_id = NEW.id;
        PERFORM feed_link_hashtags(ARRAY[NEW.id]);
    END IF;
    IF NEW.status = 'READY' AND NEW.visibility = 'PUBLIC' THEN
        PERFORM feed_count_videos(ARRAY[NEW.owner_id], ARRAY[NEW.sound_id], ARRAY[NEW.series_id], NEW.hashtags, 1);
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER videos_changed AFTER UPDATE OF status, visibility, sound_id, series_id, hashtags ON videos
    FOR EACH ROW
    WHEN (OLD.status IS DISTINCT FROM NEW.status OR OLD.visibility IS DISTINCT FROM NEW.visibility
          OR OLD.sound_id IS DISTINCT FROM NEW.sound_id OR OLD.series_id IS DISTINCT FROM NEW.series_id
          OR OLD.hashtags IS DISTINCT FROM NEW.hashtags)
    EXECUTE FUNCTION feed_video_changed();

------------------------------------------------------------------------------------------------------------------------
-- Notifications: created by triggers in the transaction of the interaction, announced to live streams with
-- pg_notify on channel feed_notifications at commit. A session that sets reelpipe.skip_notifications = 'on' (the
-- seeder) creates none.

CREATE FUNCTION feed_notifications_enabled() RETURNS boolean LANGUAGE sql STABLE
    RETURN coalesce(current_setting('reelpipe.skip_notifications', true), '') <> 'on';

CREATE FUNCTION feed_notify_likes() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF feed_notifications_enabled() THEN
        INSERT INTO notifications (user_id, actor_id, kind, video_id)
        SELECT v.owner_id, n.user_id, 'LIKE', n.video_id
          FROM new_rows n JOIN videos v ON v.id = n.video_id
         WHERE v.owner_id <> n.user_id
        ON CONFLICT (user_id, kind, actor_id, video_id) WHERE kind IN ('LIKE', 'FOLLOW') DO NOTHING;
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER likes_notify AFTER INSERT ON likes REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION feed_notify_likes();

CREATE FUNCTION feed_notify_follows() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF feed_notifications_enabled() THEN
        INSERT INTO notifications (user_id, actor_id, kind)
        SELECT n.following_id, n.follower_id, 'FOLLOW' FROM new_rows n
        ON CONFLICT (user_id, kind, actor_id, video_id) WHERE kind IN ('LIKE', 'FOLLOW') DO NOTHING;
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER follows_notify AFTER INSERT ON follows REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION feed_notify_follows();

CREATE FUNCTION feed_notify_comments() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF feed_notifications_enabled() THEN
        INSERT INTO notifications (user_id, actor_id, kind, video_id, comment_id)
        SELECT v.owner_id, n.user_id, 'COMMENT', n.video_id, n.id
          FROM new_rows n JOIN videos v ON v.id = n.video_id
         WHERE v.owner_id <> n.user_id;
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER comments_notify AFTER INSERT ON comments REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION feed_notify_comments();

-- Each new notification, as the JSON the notification API shows, to the recipient's live streams (delivered at
-- commit, to every listening feed-api instance; each forwards it to its own SSE subscribers of that user).
CREATE FUNCTION feed_announce_notifications() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    announced record;
BEGIN
    FOR announced IN
        SELECT json_build_object('id', n.id, 'userId', n.user_id, 'kind', n.kind, 'actorId', n.actor_id,
                                 'videoId', n.video_id, 'commentId', n.comment_id, 'read', n.is_read,
                                 'createdAt', n.created_at)::text AS payload
          FROM new_rows n ORDER BY n.id
    LOOP
        PERFORM pg_notify('feed_notifications', announced.payload);
    END LOOP;
    RETURN NULL;
END $$;
CREATE TRIGGER notifications_announce AFTER INSERT ON notifications REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION feed_announce_notifications();

------------------------------------------------------------------------------------------------------------------------
-- The keyset cursor of a time-ordered feed after the video created at created_at with id video_id.
CREATE FUNCTION feed_time_cursor(created_at timestamptz, video_id uuid) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') || '/' || video_id;

-- get_feed_videos: one page of a feed in one call.
--
--   viewer_id     the signed-in user, or NULL for an anonymous viewer
--   feed_type     for_you | following | trending | latest | creator | series | hashtag | sound | search
--   page_size     1-100 (clamped)
--   after_cursor  NULL for the first page, else the next_cursor of the last row of the previous page
--   subject       what the feed is about: the creator id, series id, hashtag, sound id, or the search's tsquery
--
-- Rows come in feed order, each with the creator, sound and series joined, the viewer's like and bookmark status and
-- the keyset cursor after it. Blocked creators are left out in both directions of a block; private and unlisted
-- videos appear only in their owner's creator and series feeds; every other feed lists READY PUBLIC videos only.
-- Keyset pagination: time feeds on (created_at, id) with cursor 'YYYY-MM-DDTHH:MI:SS.USZ/uuid', ranked feeds
-- (for_you, trending, series) on the rank or series position with cursor '<integer>', search on (rank, id) with
-- cursor '<float4>/uuid'. A malformed cursor or subject raises SQLSTATE 22023.
CREATE FUNCTION get_feed_videos(viewer_id text, feed_type text, page_size integer, after_cursor text DEFAULT NULL,
                                subject text DEFAULT NULL)
    RETURNS TABLE (
        id                   uuid,
        owner_id             text,
        title                text,
        description          text,
        visibility           text,
        status               text,
        failure_reason       text,
        hls_master_key       text,
        duration_ms          integer,
        width                integer,
        height               integer,
        created_at           timestamptz,
        ready_at             timestamptz,
        thumbnails           json,
        owner_handle         text,
        owner_display_name   text,
        owner_avatar_url     text,
        owner_follower_count bigint,
        sound_id             uuid,
        sound_title          text,
        sound_artist         text,
        series_id            uuid,
        series_title         text,
        series_order         integer,
        hashtags             text[],
        like_count           bigint,
        comment_count        bigint,
        bookmark_count       bigint,
        share_count          bigint,
        view_count           bigint,
        liked                boolean,
        bookmarked           boolean,
        next_cursor          text)
    LANGUAGE plpgsql STABLE AS $$
#variable_conflict use_column
DECLARE
    uuid_text  constant text := '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$';
    viewer     text    := viewer_id;
    n          integer := least(greatest(coalesce(page_size, 20), 1), 100);
    blocked    text[]  := '{}';
    -- Keyset positions: the sentinels stand for "from the top", so every query keeps its index condition.
    after_time timestamptz := 'infinity';
    after_id   uuid        := 'ffffffff-ffff-ffff-ffff-ffffffffffff';
    after_pos  integer     := 0;
    after_rank real        := 'infinity';
    ids        uuid[];
    cursors    text[];
    tag_id     bigint;
    query      tsquery;
BEGIN
    IF viewer IS NOT NULL THEN
        SELECT coalesce(array_agg(b.other), '{}') INTO blocked
          FROM (SELECT x.blocked_id FROM blocks x WHERE x.blocker_id = viewer
                UNION ALL
                SELECT x.blocker_id FROM blocks x WHERE x.blocked_id = viewer) AS b (other);
    END IF;

    -- Checked by pattern rather than by catching a failed cast: an exception block would cost a subtransaction.
    IF after_cursor IS NOT NULL THEN
        IF feed_type IN ('for_you', 'trending', 'series') AND after_cursor ~ '^[0-9]{1,9}$' THEN
            after_pos := after_cursor::integer;
        ELSIF feed_type = 'search' AND after_cursor ~ '^[-+0-9.e]{1,20}/[0-9a-f-]{36}$' THEN
            after_rank := split_part(after_cursor, '/', 1)::real;
            after_id := split_part(after_cursor, '/', 2)::uuid;
        ELSIF feed_type IN ('latest', 'following', 'creator', 'hashtag', 'sound')
                AND after_cursor ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{6}Z/[0-9a-f-]{36}$' THEN
            after_time := split_part(after_cursor, '/', 1)::timestamptz;
            after_id := split_part(after_cursor, '/', 2)::uuid;
        ELSE
            RAISE EXCEPTION 'invalid cursor % for feed %', after_cursor, feed_type USING ERRCODE = '22023';
        END IF;
    END IF;
    IF feed_type IN ('creator', 'hashtag', 'series', 'sound', 'search') AND subject IS NULL
            OR feed_type IN ('series', 'sound') AND subject !~ uuid_text THEN
        RAISE EXCEPTION 'feed % needs a valid subject, got %', feed_type, subject USING ERRCODE = '22023';
    END IF;

    IF feed_type = 'for_you' AND viewer IS NOT NULL
            AND EXISTS (SELECT 1 FROM user_recommendations r WHERE r.user_id = viewer) THEN
        SELECT array_agg(c.id ORDER BY c.rank), array_agg(c.rank::text ORDER BY c.rank) INTO ids, cursors
          FROM (SELECT r.video_id AS id, r.rank
                  FROM user_recommendations r
                  JOIN videos v ON v.id = r.video_id
                 WHERE r.user_id = viewer AND r.rank > after_pos
                   AND v.status = 'READY' AND v.visibility = 'PUBLIC' AND v.owner_id <> ALL (blocked)
                 ORDER BY r.rank
                 LIMIT n) c;
    ELSIF feed_type IN ('trending', 'for_you') THEN
        -- for_you falls back to trending for viewers without recommendations yet (new or anonymous).
        SELECT array_agg(c.id ORDER BY c.rank), array_agg(c.rank::text ORDER BY c.rank) INTO ids, cursors
          FROM (SELECT v.id, t.rank
                  FROM trending_cache t
                  JOIN videos v ON v.id = t.item_id::uuid
                 WHERE t.kind = 'VIDEO' AND t.rank > after_pos
                   AND v.status = 'READY' AND v.visibility = 'PUBLIC' AND v.owner_id <> ALL (blocked)
                 ORDER BY t.rank
                 LIMIT n) c;
    ELSIF feed_type = 'latest' THEN
        SELECT array_agg(c.id ORDER BY c.created_at DESC, c.id DESC),
               array_agg(feed_time_cursor(c.created_at, c.id) ORDER BY c.created_at DESC, c.id DESC)
          INTO ids, cursors
          FROM (SELECT v.id, v.created_at
                  FROM videos v
                 WHERE v.status = 'READY' AND v.visibility = 'PUBLIC'
                   AND (v.created_at, v.id) < (after_time, after_id)
                   AND v.owner_id <> ALL (blocked)
                 ORDER BY v.created_at DESC, v.id DESC
                 LIMIT n) c;
    ELSIF feed_type = 'following' THEN
        -- Fan-out on read: the newest n after the cursor of each followed creator, then the newest n of those.
        SELECT array_agg(c.id ORDER BY c.created_at DESC, c.id DESC),
               array_agg(feed_time_cursor(c.created_at, c.id) ORDER BY c.created_at DESC, c.id DESC)
          INTO ids, cursors
          FROM (SELECT v.id, v.created_at
                  FROM follows f
                 CROSS JOIN LATERAL (
                       SELECT v.id, v.created_at
                         FROM videos v
                        WHERE v.owner_id = f.following_id
                          AND v.status = 'READY' AND v.visibility = 'PUBLIC'
                          AND (v.created_at, v.id) < (after_time, after_id)
                        ORDER BY v.created_at DESC, v.id DESC
                        LIMIT n) v
                 WHERE f.follower_id = viewer AND f.following_id <> ALL (blocked)
                 ORDER BY v.created_at DESC, v.id DESC
                 LIMIT n) c;
    ELSIF feed_type = 'creator' THEN
        IF subject <> ALL (blocked) THEN
            IF subject = viewer THEN
                -- The creator's own view: every READY video, private and unlisted included.
                SELECT array_agg(c.id ORDER BY c.created_at DESC, c.id DESC),
                       array_agg(feed_time_cursor(c.created_at, c.id) ORDER BY c.created_at DESC, c.id DESC)
                  INTO ids, cursors
                  FROM (SELECT v.id, v.created_at
                          FROM videos v
                         WHERE v.owner_id = subject AND v.status = 'READY'
                           AND (v.created_at, v.id) < (after_time, after_id)
                         ORDER BY v.created_at DESC, v.id DESC
                         LIMIT n) c;
            ELSE
                SELECT array_agg(c.id ORDER BY c.created_at DESC, c.id DESC),
                       array_agg(feed_time_cursor(c.created_at, c.id) ORDER BY c.created_at DESC, c.id DESC)
                  INTO ids, cursors
                  FROM (SELECT v.id, v.created_at
                          FROM videos v
                         WHERE v.owner_id = subject AND v.status = 'READY' AND v.visibility = 'PUBLIC'
                           AND (v.created_at, v.id) < (after_time, after_id)
                         ORDER BY v.created_at DESC, v.id DESC
                         LIMIT n) c;
            END IF;
        END IF;
    ELSIF feed_type = 'series' THEN
        SELECT array_agg(c.id ORDER BY c.series_order), array_agg(c.series_order::text ORDER BY c.series_order)
          INTO ids, cursors
          FROM (SELECT v.id, v.series_order
                  FROM videos v
                 WHERE v.series_id = subject::uuid AND v.series_order > after_pos
                   AND v.status = 'READY' AND (v.visibility = 'PUBLIC' OR v.owner_id = viewer)
                   AND v.owner_id <> ALL (blocked)
                 ORDER BY v.series_order
                 LIMIT n) c;
    ELSIF feed_type = 'hashtag' THEN
        SELECT h.id INTO tag_id FROM hashtags h WHERE h.tag = subject;
        SELECT array_agg(c.id ORDER BY c.created_at DESC, c.id DESC),
               array_agg(feed_time_cursor(c.created_at, c.id) ORDER BY c.created_at DESC, c.id DESC)
          INTO ids, cursors
          FROM (SELECT vh.video_id AS id, vh.video_created_at AS created_at
                  FROM video_hashtags vh
                  JOIN videos v ON v.id = vh.video_id
                 WHERE vh.hashtag_id = tag_id
                   AND (vh.video_created_at, vh.video_id) < (after_time, after_id)
                   AND v.status = 'READY' AND v.visibility = 'PUBLIC' AND v.owner_id <> ALL (blocked)
                 ORDER BY vh.video_created_at DESC, vh.video_id DESC
                 LIMIT n) c;
    ELSIF feed_type = 'sound' THEN
        SELECT array_agg(c.id ORDER BY c.created_at DESC, c.id DESC),
               array_agg(feed_time_cursor(c.created_at, c.id) ORDER BY c.created_at DESC, c.id DESC)
          INTO ids, cursors
          FROM (SELECT v.id, v.created_at
                  FROM videos v
                 WHERE v.sound_id = subject::uuid AND v.status = 'READY' AND v.visibility = 'PUBLIC'
                   AND (v.created_at, v.id) < (after_time, after_id)
                   AND v.owner_id <> ALL (blocked)
                 ORDER BY v.created_at DESC, v.id DESC
                 LIMIT n) c;
    ELSIF feed_type = 'search' THEN
        BEGIN
            query := to_tsquery('simple', subject);
        EXCEPTION WHEN syntax_error THEN
            RAISE EXCEPTION 'invalid search query %', subject USING ERRCODE = '22023';
        END;
        SELECT array_agg(c.id ORDER BY c.rank DESC, c.id DESC),
               array_agg(c.rank::text || '/' || c.id ORDER BY c.rank DESC, c.id DESC)
          INTO ids, cursors
          FROM (SELECT v.id, ts_rank_cd(v.search_vector, query) AS rank
                  FROM videos v
                 WHERE v.search_vector @@ query
                   AND v.status = 'READY' AND v.visibility = 'PUBLIC' AND v.owner_id <> ALL (blocked)
                   AND (ts_rank_cd(v.search_vector, query), v.id) < (after_rank, after_id)
                 ORDER BY 2 DESC, 1 DESC
                 LIMIT n) c;
    ELSE
        RAISE EXCEPTION 'unknown feed type %', feed_type USING ERRCODE = '22023';
    END IF;

    RETURN QUERY
    SELECT v.id, v.owner_id, v.title, v.description, v.visibility, v.status, v.failure_reason, v.hls_master_key,
           v.duration_ms, v.width, v.height, v.created_at, v.ready_at,
           (SELECT coalesce(json_agg(json_build_object('format', t.format, 'width', t.width, 'height', t.height,
                                                       'key', t.object_key) ORDER BY t.format, t.width), '[]'::json)
              FROM thumbnails t WHERE t.video_id = v.id),
           p.handle, p.display_name, p.avatar_url, p.follower_count,
           s.id, s.title, s.artist,
           se.id, se.title, v.series_order,
           v.hashtags, v.like_count, v.comment_count, v.bookmark_count, v.share_count, v.view_count,
           viewer IS NOT NULL AND EXISTS (SELECT 1 FROM likes l WHERE l.user_id = viewer AND l.video_id = v.id),
           viewer IS NOT NULL AND EXISTS (SELECT 1 FROM bookmarks b WHERE b.user_id = viewer AND b.video_id = v.id),
           page.next
      FROM unnest(ids, cursors) WITH ORDINALITY AS page (video_id, next, ord)
      JOIN videos v ON v.id = page.video_id
      JOIN profiles p ON p.id = v.owner_id
      LEFT JOIN sounds s ON s.id = v.sound_id
      LEFT JOIN series se ON se.id = v.series_id
     ORDER BY page.ord;
END $$;

------------------------------------------------------------------------------------------------------------------------
-- Hashtags given on upload before this schema existed (V4's video_upload_metadata) move to videos.hashtags, the
-- column upload-api writes from now on; the trigger links them. Tags that do not fit the hashtag rules stay behind.
-- Sounds and series could not exist before this migration, so there is nothing to move for them.
DO $$
BEGIN
    IF to_regclass('video_upload_metadata') IS NOT NULL THEN
        UPDATE videos v
           SET hashtags = m.hashtags
          FROM video_upload_metadata m
         WHERE m.video_id = v.id AND cardinality(m.hashtags) > 0 AND feed_valid_hashtags(m.hashtags);
    END IF;
END $$;
