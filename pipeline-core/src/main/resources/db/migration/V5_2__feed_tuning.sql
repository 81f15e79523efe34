-- Feed tuning from the plans on the benchmark data set (1M videos, 100k users; docs/feed.md shows them):
--   * trending looks up and aggregates only the 20,000 best-scored videos of a run, and analyzes trending_cache after
--     rewriting it, so the feed reads it by primary key rather than sorting it;
--   * recommendations take fewer, better candidates per user and look up only those not read from an index already;
--   * search ranks among the newest 1000 matches, with a plan made for the words searched.

DROP FUNCTION feed_refresh_trending(interval, interval, integer);

CREATE FUNCTION feed_refresh_trending(half_life interval DEFAULT '24 hours', window_length interval DEFAULT '72 hours',
                                      top_n integer DEFAULT 1000, candidates integer DEFAULT 20000)
    RETURNS TABLE (kind text, items integer) LANGUAGE plpgsql AS $$
#variable_conflict use_column
DECLARE
    at      timestamptz := now();
    since   timestamptz := now() - window_length;
    -- Decay per second of age: 2^(-age / half_life) = exp(-decay * age).
    decay   double precision := ln(2) / extract(epoch FROM half_life);
BEGIN
    DELETE FROM trending_cache;
    WITH events AS (
        SELECT l.video_id, 3.0 * exp(-decay * extract(epoch FROM at - l.created_at)) AS w
          FROM likes l WHERE l.created_at >= since
        UNION ALL
        SELECT c.video_id, 5.0 * exp(-decay * extract(epoch FROM at - c.created_at))
          FROM comments c WHERE c.created_at >= since
        UNION ALL
        SELECT d.video_id, d.views * exp(-decay * extract(epoch FROM at - (d.day + interval '12 hours')))
          FROM video_view_daily d WHERE d.day >= since::date
        UNION ALL
        SELECT v.id, 8.0 * v.share_count * exp(-decay * extract(epoch FROM at - v.created_at))
          FROM videos v
         WHERE v.status = 'READY' AND v.visibility = 'PUBLIC' AND v.created_at >= since AND v.share_count > 0
    ),
    -- Only the best-scored candidates are looked up and aggregated further: the cost of a run stays bounded however
    -- many videos had an event, and the long tail adds next to nothing to a hashtag's, creator's or sound's sum.
    scores AS MATERIALIZED (
        SELECT v.id, v.owner_id, v.sound_id, s.score
          FROM (SELECT e.video_id, sum(e.w) AS score FROM events e GROUP BY e.video_id
                 ORDER BY score DESC LIMIT candidates) s
          JOIN videos v ON v.id = s.video_id
         WHERE v.status = 'READY' AND v.visibility = 'PUBLIC'
    ),
    top_videos AS (
        INSERT INTO trending_cache (kind, rank, item_id, score, computed_at)
        SELECT 'VIDEO', row_number() OVER (ORDER BY s.score DESC, s.id), s.id::text, s.score, at
          FROM scores s ORDER BY s.score DESC, s.id LIMIT top_n
    ),
    top_hashtags AS (
        INSERT INTO trending_cache (kind, rank, item_id, score, computed_at)
        SELECT 'HASHTAG', row_number() OVER (ORDER BY sum(s.score) DESC, h.tag), h.tag, sum(s.score), at
          FROM scores s
          JOIN video_hashtags vh ON vh.video_id = s.id
          JOIN hashtags h ON h.id = vh.hashtag_id
         GROUP BY h.tag ORDER BY sum(s.score) DESC, h.tag LIMIT top_n
    ),
    creators AS (
        SELECT s.owner_id AS id, s.score FROM scores s
        UNION ALL
        SELECT f.following_id, 5.0 * exp(-decay * extract(epoch FROM at - f.created_at))
          FROM follows f WHERE f.created_at >= since
    ),
    top_creators AS (
        INSERT INTO trending_cache (kind, rank, item_id, score, computed_at)
        SELECT 'CREATOR', row_number() OVER (ORDER BY sum(c.score) DESC, c.id), c.id, sum(c.score), at
          FROM creators c GROUP BY c.id ORDER BY sum(c.score) DESC, c.id LIMIT top_n
    )
    INSERT INTO trending_cache (kind, rank, item_id, score, computed_at)
    SELECT 'SOUND', row_number() OVER (ORDER BY sum(s.score) DESC, s.sound_id), s.sound_id::text, sum(s.score), at
      FROM scores s WHERE s.sound_id IS NOT NULL
     GROUP BY s.sound_id ORDER BY sum(s.score) DESC, s.sound_id LIMIT top_n;

    -- Fresh statistics for a table just rewritten, so the feed's plans read it by its primary key (rank order).
    ANALYZE trending_cache;
    RETURN QUERY SELECT t.kind, count(*)::integer FROM trending_cache t GROUP BY t.kind ORDER BY t.kind;
END $$;

CREATE OR REPLACE FUNCTION feed_refresh_recommendations(batch_size integer DEFAULT 200, per_user integer DEFAULT 100,
                                             active_within interval DEFAULT '1 day',
                                             min_age interval DEFAULT '15 minutes')
    RETURNS integer LANGUAGE plpgsql AS $$
#variable_conflict use_column
DECLARE
    due   text[];
    at    timestamptz := now();
    decay double precision := ln(2) / extract(epoch FROM interval '7 days');
BEGIN
    SELECT array_agg(p.id) INTO due
      FROM (SELECT p.id FROM profiles p
             WHERE p.last_active_at >= at - active_within
               AND (p.recommended_at IS NULL OR p.recommended_at < at - min_age)
             ORDER BY p.recommended_at NULLS FIRST, p.id
             LIMIT batch_size
             FOR UPDATE SKIP LOCKED) p;
    IF due IS NULL THEN
        RETURN 0;
    END IF;

    DELETE FROM user_recommendations r WHERE r.user_id = ANY (due);

    INSERT INTO user_recommendations (user_id, rank, video_id, score, reason, computed_at)
    SELECT u.id, row_number() OVER (PARTITION BY u.id ORDER BY best.score DESC, best.video_id), best.video_id,
           best.score, best.reason, at
      FROM unnest(due) AS u (id)
     CROSS JOIN LATERAL (
           WITH liked AS (
               SELECT l.video_id FROM likes l WHERE l.user_id = u.id ORDER BY l.created_at DESC LIMIT 200
           ),
           creator_affinity AS (
               SELECT a.creator, sum(a.w) AS w
                 FROM (SELECT f.following_id AS creator, 3.0 AS w FROM follows f WHERE f.follower_id = u.id
                       UNION ALL
                       SELECT v.owner_id, 1.0 FROM liked JOIN videos v ON v.id = liked.video_id) a
                WHERE a.creator <> u.id
                GROUP BY a.creator ORDER BY sum(a.w) DESC LIMIT 30
           ),
           hashtag_affinity AS (
               SELECT vh.hashtag_id, 0.5 * count(*) AS w
                 FROM liked JOIN video_hashtags vh ON vh.video_id = liked.video_id
                GROUP BY vh.hashtag_id ORDER BY count(*) DESC LIMIT 10
           ),
           sound_affinity AS (
               SELECT v.sound_id, 0.5 * count(*) AS w
                 FROM liked JOIN videos v ON v.id = liked.video_id
                WHERE v.sound_id IS NOT NULL
                GROUP BY v.sound_id ORDER BY count(*) DESC LIMIT 5
           ),
           -- Each candidate with its creator and creation time: a followed creator's videos come straight from
           -- the index videos_owner_listed (listed, with owner and time), the others are looked up once.
           candidates AS (
               SELECT cv.id AS video_id, cv.owner_id, cv.created_at, ca.w AS w, 'CREATOR' AS reason
                 FROM creator_affinity ca
                CROSS JOIN LATERAL (SELECT v.id, v.owner_id, v.created_at FROM videos v
                                     WHERE v.owner_id = ca.creator AND v.status = 'READY'
                                       AND v.visibility = 'PUBLIC'
                                     ORDER BY v.created_at DESC, v.id DESC LIMIT 10) cv
               UNION ALL
               SELECT v.id, v.owner_id, v.created_at, o.w, o.reason
                 FROM (SELECT hv.video_id, ha.w, 'HASHTAG' AS reason
                         FROM hashtag_affinity ha
                        CROSS JOIN LATERAL (SELECT vh.video_id FROM video_hashtags vh
                                             WHERE vh.hashtag_id = ha.hashtag_id
                                             ORDER BY vh.video_created_at DESC, vh.video_id DESC LIMIT 15) hv
                       UNION ALL
                       SELECT sv.id, sa.w, 'SOUND'
                         FROM sound_affinity sa
                        CROSS JOIN LATERAL (SELECT v.id FROM videos v
                                             WHERE v.sound_id = sa.sound_id AND v.status = 'READY'
                                               AND v.visibility = 'PUBLIC'
                                             ORDER BY v.created_at DESC, v.id DESC LIMIT 15) sv
                       UNION ALL
                       SELECT t.item_id::uuid, 1.0 / t.rank, 'TRENDING'
                         FROM trending_cache t WHERE t.kind = 'VIDEO' AND t.rank <= 50) o
                 JOIN videos v ON v.id = o.video_id
                WHERE v.status = 'READY' AND v.visibility = 'PUBLIC'
           )
           SELECT c.video_id,
                  sum(c.w) * exp(-decay * extract(epoch FROM at - c.created_at)) AS score,
                  (array_agg(c.reason ORDER BY c.w DESC))[1] AS reason
             FROM candidates c
            WHERE c.owner_id <> u.id
              AND NOT EXISTS (SELECT 1 FROM blocks b
                               WHERE (b.blocker_id = u.id AND b.blocked_id = c.owner_id)
                                  OR (b.blocker_id = c.owner_id AND b.blocked_id = u.id))
              AND NOT EXISTS (SELECT 1 FROM user_seen_videos s WHERE s.user_id = u.id AND s.video_id = c.video_id)
            GROUP BY c.video_id, c.created_at
            ORDER BY score DESC, c.video_id
            LIMIT per_user) best;

    UPDATE profiles p SET recommended_at = at WHERE p.id = ANY (due);
    RETURN cardinality(due);
END $$;

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
-- cursor '<float4>/uuid'; search ranks among the newest 1000 matches. A malformed cursor or subject raises SQLSTATE
-- 22023.
CREATE OR REPLACE FUNCTION get_feed_videos(viewer_id text, feed_type text, page_size integer, after_cursor text DEFAULT NULL,
                                subject text DEFAULT NULL)
    RETURNS TABLE (
        id                   uuid,
        owner_id             text,
        title                text,
        description          text,
        visibility           text,
        status               text,
        hls_master_key       text,
        placeholder_blurhash text,
        dominant_color       text,
        preview_key          text,
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
        -- Ranked among the newest 1000 matches, so a common word costs 1000 rows, not every match. Dynamic SQL
        -- gets a plan for this query's words: the GIN index for rare words, the newest-first index for common ones.
        EXECUTE $q$
            SELECT array_agg(c.id ORDER BY c.rank DESC, c.id DESC),
                   array_agg(c.rank::text || '/' || c.id ORDER BY c.rank DESC, c.id DESC)
              FROM (SELECT m.id, ts_rank_cd(m.search_vector, $1) AS rank
                      FROM (SELECT v.id, v.search_vector
                              FROM videos v
                             WHERE v.search_vector @@ $1
                               AND v.status = 'READY' AND v.visibility = 'PUBLIC' AND v.owner_id <> ALL ($2)
                             ORDER BY v.created_at DESC, v.id DESC
                             LIMIT 1000) m
                     WHERE (ts_rank_cd(m.search_vector, $1), m.id) < ($3, $4)
                     ORDER BY 2 DESC, 1 DESC
                     LIMIT $5) c
            $q$ INTO ids, cursors USING query, blocked, after_rank, after_id, n;
    ELSE
        RAISE EXCEPTION 'unknown feed type %', feed_type USING ERRCODE = '22023';
    END IF;

    RETURN QUERY
    SELECT v.id, v.owner_id, v.title, v.description, v.visibility, v.status, v.hls_master_key,
           v.placeholder_blurhash, v.dominant_color, v.preview_key, v.duration_ms, v.width, v.height, v.created_at, v.ready_at,
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
