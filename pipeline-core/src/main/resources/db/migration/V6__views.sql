-- View events at scale (issue 7): raw views in daily partitions kept 7 days, daily rollups per video in monthly
-- partitions kept for good, and the functions feed-api's view pipeline calls. docs/views.md explains the design: where
-- a view lives at every moment, what a crash of each process loses, and why each choice was made.
--
--   video_views            one row per counted view: at most one per (dedup window, video, viewer); range-partitioned
--                          by day on window_start; partitions are created ahead by feed-api's maintenance job (and at
--                          its start-up), never by a trigger; no default partition, so a view for a day without a
--                          partition fails its flush (it is not acknowledged) rather than landing somewhere unbounded
--   video_view_daily       views per (day, video), monthly partitions; kept exact by every flush (same transaction as
--                          the raw rows), re-derived from the raw rows once a day is closed, then kept forever;
--                          trending reads it (V5_2's feed_refresh_trending, unchanged: same name and columns)
--   video_view_finalized   the closed days whose rollups were re-derived from the raw rows; a raw partition is dropped
--                          only once its day is here
--
-- videos.view_count (V5) is the running total: each flush adds what it counted, in the same transaction.

------------------------------------------------------------------------------------------------------------------------
-- Raw views. viewer is 'u:<user id>' for a signed-in viewer, 's:<session id>' for an anonymous one. window_start is
-- the start of the dedup window (an hour by default) the view counts in: it is both the partition key and the first
-- column of the key that makes a second view of a video by the same viewer in the same window a no-op, so the
-- database alone deduplicates (clock windows) when Redis (sliding windows) is unavailable. Columns are ordered for
-- alignment (8 + 16 + 4 bytes, then the text).
CREATE TABLE video_views (
    window_start timestamptz NOT NULL,
    video_id     uuid        NOT NULL,
    watch_ms     integer     NOT NULL CHECK (watch_ms >= 0),
    viewer       text        NOT NULL CHECK (length(viewer) BETWEEN 3 AND 140),
    PRIMARY KEY (window_start, video_id, viewer)
) PARTITION BY RANGE (window_start);

-- Daily rollups move to a table partitioned by month; V5's table (empty in production, filled by tests and the
-- seeder) is moved over under the same name and columns, so its readers and writers need no change.
ALTER TABLE video_view_daily RENAME TO video_view_daily_v5;
ALTER INDEX video_view_daily_pkey RENAME TO video_view_daily_v5_pkey;
CREATE TABLE video_view_daily (
    day      date   NOT NULL,
    video_id uuid   NOT NULL,
    views    bigint NOT NULL CHECK (views >= 0),
    PRIMARY KEY (day, video_id)
) PARTITION BY RANGE (day);

CREATE TABLE video_view_finalized (
    day            date        PRIMARY KEY,
    videos         integer     NOT NULL,
    views          bigint      NOT NULL,
    finalized_at   timestamptz NOT NULL,
    raw_dropped_at timestamptz
);

------------------------------------------------------------------------------------------------------------------------
-- Partitions.

-- The raw partition of day d: video_views_YYYYMMDD, for window starts in [d 00:00 UTC, d+1 00:00 UTC).
CREATE FUNCTION views_raw_partition(d date) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN 'video_views_' || to_char(d, 'YYYYMMDD');

-- Creates the monthly rollup partitions (video_view_daily_YYYYMM) covering [first_day, last_day] that are missing.
-- Returns how many it created.
CREATE FUNCTION views_ensure_rollup_partitions(first_day date, last_day date) RETURNS integer
    LANGUAGE plpgsql AS $$
DECLARE
    month   date;
    name    text;
    created integer := 0;
BEGIN
    PERFORM pg_advisory_xact_lock(hashtext('reelpipe.views.partitions'));
    FOR month IN SELECT generate_series(date_trunc('month', first_day), date_trunc('month', last_day),
                                        interval '1 month')::date LOOP
        name := 'video_view_daily_' || to_char(month, 'YYYYMM');
        IF to_regclass(name) IS NULL THEN
            EXECUTE format('CREATE TABLE %I (LIKE video_view_daily INCLUDING DEFAULTS INCLUDING CONSTRAINTS)', name);
            EXECUTE format('ALTER TABLE video_view_daily ATTACH PARTITION %I FOR VALUES FROM (%L) TO (%L)',
                           name, month, (month + interval '1 month')::date);
            created := created + 1;
        END IF;
    END LOOP;
    RETURN created;
END $$;

-- Creates the raw daily partitions of [first_day, last_day] and the rollup partitions of their months that are
-- missing; returns how many it created. Safe to run concurrently and repeatedly (feed-api runs it at start-up on every
-- instance and in the maintenance job): an advisory lock serializes callers, and existing partitions are left alone.
-- A partition is created as a table of its own, then attached: ATTACH takes a SHARE UPDATE EXCLUSIVE lock on the
-- parent, which does not block the inserts and reads going on, where CREATE TABLE ... PARTITION OF would block them.
CREATE FUNCTION views_ensure_partitions(first_day date, last_day date) RETURNS integer
    LANGUAGE plpgsql AS $$
DECLARE
    d       date;
    name    text;
    created integer := 0;
BEGIN
    PERFORM pg_advisory_xact_lock(hashtext('reelpipe.views.partitions'));
    FOR d IN SELECT generate_series(first_day, last_day, interval '1 day')::date LOOP
        name := views_raw_partition(d);
        IF to_regclass(name) IS NULL THEN
            EXECUTE format('CREATE TABLE %I (LIKE video_views INCLUDING DEFAULTS INCLUDING CONSTRAINTS)', name);
            EXECUTE format('ALTER TABLE video_views ATTACH PARTITION %I FOR VALUES FROM (%L) TO (%L)',
                           name, d::timestamp AT TIME ZONE 'UTC', (d + 1)::timestamp AT TIME ZONE 'UTC');
            created := created + 1;
        END IF;
    END LOOP;
    RETURN created + views_ensure_rollup_partitions(first_day, last_day);
END $$;

------------------------------------------------------------------------------------------------------------------------
-- Ingestion.

-- Records a batch of views in one statement (feed-api's flusher calls it once per group commit; in per-event mode once
-- per view). Input: parallel arrays, window starts as epoch seconds. A view whose (window, video, viewer) is already
-- stored is skipped (the database's dedup); the others are inserted, added to videos.view_count and to their day's
-- rollup, all in the caller's transaction. Returns the views inserted, which the caller reports as counted.
-- Deadlock-free between instances: rows are inserted in key order, videos locked in id order, rollups upserted in
-- (day, video) order.
CREATE FUNCTION views_record(window_starts bigint[], video_ids uuid[], viewers text[], watch_ms integer[])
    RETURNS TABLE (window_start bigint, video_id uuid, viewer text) LANGUAGE plpgsql AS $$
#variable_conflict use_column
DECLARE
    new_windows bigint[];
    new_videos  uuid[];
    new_viewers text[];
BEGIN
    WITH inserted AS (
        INSERT INTO video_views AS t (window_start, video_id, watch_ms, viewer)
        SELECT to_timestamp(x.w), x.v, x.m, x.u
          FROM unnest(window_starts, video_ids, viewers, watch_ms) AS x (w, v, u, m)
         ORDER BY x.w, x.v, x.u
        ON CONFLICT DO NOTHING
        RETURNING t.window_start, t.video_id, t.viewer
    )
    SELECT array_agg(extract(epoch FROM i.window_start)::bigint), array_agg(i.video_id), array_agg(i.viewer)
      INTO new_windows, new_videos, new_viewers
      FROM inserted i;
    IF new_videos IS NULL THEN
        RETURN;
    END IF;

    PERFORM 1 FROM videos v WHERE v.id = ANY (new_videos) ORDER BY v.id FOR NO KEY UPDATE;
    UPDATE videos v SET view_count = v.view_count + d.n
      FROM (SELECT x.id, count(*) AS n FROM unnest(new_videos) AS x (id) GROUP BY x.id) d
     WHERE v.id = d.id;

    INSERT INTO video_view_daily AS r (day, video_id, views)
    SELECT (to_timestamp(x.w) AT TIME ZONE 'UTC')::date, x.v, count(*)
      FROM unnest(new_windows, new_videos) AS x (w, v)
     GROUP BY 1, 2
     ORDER BY 1, 2
    ON CONFLICT (day, video_id) DO UPDATE SET views = r.views + EXCLUDED.views;

    RETURN QUERY SELECT x.w, x.v, x.u FROM unnest(new_windows, new_videos, new_viewers) AS x (w, v, u);
END $$;

------------------------------------------------------------------------------------------------------------------------
-- Maintenance.

-- Re-derives the rollups of the closed day target from its raw rows and records the day as final; returns how many
-- rollup rows changed (0 when the flushes kept them exact, as they should). Replaces rather than adds, so running it
-- twice gives the same result; a changed rollup moves videos.view_count by the difference (never below 0: a rollup
-- written without raw rows, by hand or by a seeder, must not drive a counter negative). The raw partition is locked
-- in SHARE mode first: a late flush into this day (a retried view of an earlier window) waits until the re-derivation
-- commits, or the re-derivation waits for it, so raw rows, rollups and counters always move together.
CREATE FUNCTION views_finalize_day(target date) RETURNS integer LANGUAGE plpgsql AS $$
DECLARE
    part    regclass := to_regclass(views_raw_partition(target));
    lo      timestamptz := target::timestamp AT TIME ZONE 'UTC';
    hi      timestamptz := (target + 1)::timestamp AT TIME ZONE 'UTC';
    ids     uuid[];
    deltas  bigint[];
    fresh   bigint[];
    n       integer;
    total   bigint;
BEGIN
    IF part IS NULL THEN
        RAISE EXCEPTION 'no raw view partition % for day %', views_raw_partition(target), target
            USING ERRCODE = 'undefined_table';
    END IF;
    EXECUTE format('LOCK TABLE %s IN SHARE MODE', part);

    WITH counted AS (
        SELECT w.video_id, count(*) AS views FROM video_views w
         WHERE w.window_start >= lo AND w.window_start < hi
         GROUP BY w.video_id
    ),
    rolled AS (
        SELECT r.video_id, r.views FROM video_view_daily r WHERE r.day = target
    )
    SELECT array_agg(coalesce(c.video_id, r.video_id) ORDER BY coalesce(c.video_id, r.video_id)),
           array_agg(coalesce(c.views, 0) - coalesce(r.views, 0) ORDER BY coalesce(c.video_id, r.video_id)),
           array_agg(coalesce(c.views, 0) ORDER BY coalesce(c.video_id, r.video_id))
      INTO ids, deltas, fresh
      FROM counted c FULL JOIN rolled r ON r.video_id = c.video_id
     WHERE coalesce(c.views, 0) <> coalesce(r.views, 0);

    IF ids IS NOT NULL THEN
        PERFORM 1 FROM videos v WHERE v.id = ANY (ids) ORDER BY v.id FOR NO KEY UPDATE;
        UPDATE videos v SET view_count = greatest(v.view_count + d.delta, 0)
          FROM unnest(ids, deltas) AS d (id, delta)
         WHERE v.id = d.id;
        DELETE FROM video_view_daily r
         USING unnest(ids, fresh) AS d (id, views)
         WHERE r.day = target AND r.video_id = d.id AND d.views = 0;
        INSERT INTO video_view_daily AS r (day, video_id, views)
        SELECT target, d.id, d.views FROM unnest(ids, fresh) AS d (id, views) WHERE d.views > 0 ORDER BY d.id
        ON CONFLICT (day, video_id) DO UPDATE SET views = EXCLUDED.views;
    END IF;

    SELECT count(*), coalesce(sum(r.views), 0) INTO n, total FROM video_view_daily r WHERE r.day = target;
    INSERT INTO video_view_finalized (day, videos, views, finalized_at)
    VALUES (target, n, total, now())
    ON CONFLICT (day) DO UPDATE SET videos = EXCLUDED.videos, views = EXCLUDED.views,
                                    finalized_at = EXCLUDED.finalized_at;
    RETURN coalesce(cardinality(ids), 0);
END $$;

------------------------------------------------------------------------------------------------------------------------
-- Partitions for the rollups moved from V5 and for the days around now, then the move.
SELECT views_ensure_rollup_partitions(min(day), max(day)) FROM video_view_daily_v5 HAVING count(*) > 0;
SELECT views_ensure_partitions(current_date - 1, current_date + 3);
INSERT INTO video_view_daily (day, video_id, views) SELECT day, video_id, views FROM video_view_daily_v5;
DROP TABLE video_view_daily_v5;

-- What a user has seen (V5) stays likes, bookmarks and comments: watched videos are not added. docs/views.md says why
-- (raw views are kept 7 days and have no index by viewer; one per insert would cost every view).
COMMENT ON VIEW user_seen_videos IS 'Videos a user liked, bookmarked or commented on; watched videos are left out (docs/views.md).';
