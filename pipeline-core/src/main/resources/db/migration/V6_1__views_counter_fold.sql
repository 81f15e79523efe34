-- Views (issue 7), second step: counters and rollups are folded once a second instead of updated by every flush.
--
-- Measured on the benchmark (bench/views, docs/views.md): a flush of 1,500 views of 875 distinct videos spent 18 ms
-- inserting the raw rows and 37 ms updating videos.view_count and the day's rollups, one row per distinct video,
-- however many flushes a second there are. A videos row is wide and its update recomputes the stored search vector,
-- so the counters cost more than the views. Now a flush appends one narrow delta row per (day, video) in its own
-- transaction (durable and exact with the raw rows, as before), and views_fold() moves the deltas into
-- videos.view_count and video_view_daily once a second, one transaction per fold: a hot video's row is updated once a
-- second rather than once per flush. Counts lag the commit of a view by about a second (feeds cache them for longer).

-- Counted views not yet added to videos.view_count and video_view_daily: one row per (day, video) per flush. No index:
-- rows are appended by flushes and taken all at once by the fold. The fold deletes what it takes, so vacuum runs
-- after every 10,000 dead rows whatever the table's size.
CREATE TABLE video_view_deltas (
    day      date    NOT NULL,
    video_id uuid    NOT NULL,
    views    integer NOT NULL CHECK (views > 0)
) WITH (autovacuum_vacuum_scale_factor = 0, autovacuum_vacuum_threshold = 10000,
        autovacuum_vacuum_insert_scale_factor = 0, autovacuum_vacuum_insert_threshold = 10000);

-- views_record as in V6 (same arguments and result), but the counters and rollups of what it inserted become delta
-- rows for the fold. One statement: the raw rows in key order (deadlock-free between instances: they wait on each
-- other's keys in one order), then one delta row per (day, video).
CREATE OR REPLACE FUNCTION views_record(window_starts bigint[], video_ids uuid[], viewers text[], watch_ms integer[])
    RETURNS TABLE (window_start bigint, video_id uuid, viewer text) LANGUAGE plpgsql AS $$
#variable_conflict use_column
BEGIN
    RETURN QUERY
    WITH inserted AS (
        INSERT INTO video_views AS t (window_start, video_id, watch_ms, viewer)
        SELECT to_timestamp(x.w), x.v, x.m, x.u
          FROM unnest(window_starts, video_ids, viewers, watch_ms) AS x (w, v, u, m)
         ORDER BY x.w, x.v, x.u
        ON CONFLICT DO NOTHING
        RETURNING t.window_start, t.video_id, t.viewer
    ),
    deltas AS (
        INSERT INTO video_view_deltas (day, video_id, views)
        SELECT (i.window_start AT TIME ZONE 'UTC')::date, i.video_id, count(*)
          FROM inserted i
         GROUP BY 1, 2
    )
    SELECT extract(epoch FROM i.window_start)::bigint, i.video_id, i.viewer FROM inserted i;
END $$;

-- Adds the pending deltas (at most max_rows of them) to videos.view_count and video_view_daily in the caller's
-- transaction, deleting them; returns how many delta rows it took, or -1 when another session is folding (a
-- transaction-level advisory lock lets one fold run at a time across instances; pass wait = true to wait for it
-- instead, as finalizing a day does). Rollups and counters are locked in key order, so folds never deadlock with
-- finalizations.
CREATE FUNCTION views_fold(max_rows integer DEFAULT 100000, wait boolean DEFAULT false) RETURNS integer
    LANGUAGE plpgsql AS $$
DECLARE
    taken   integer;
    days    date[];
    videos  uuid[];
    counts  bigint[];
    ids     uuid[];
    totals  bigint[];
BEGIN
    IF wait THEN
        PERFORM pg_advisory_xact_lock(hashtext('reelpipe.views.fold'));
    ELSIF NOT pg_try_advisory_xact_lock(hashtext('reelpipe.views.fold')) THEN
        RETURN -1;
    END IF;

    WITH taken_rows AS (
        DELETE FROM video_view_deltas d
         WHERE d.ctid = ANY (ARRAY(SELECT x.ctid FROM video_view_deltas x LIMIT max_rows))
        RETURNING d.day, d.video_id, d.views
    ),
    per_day AS (
        SELECT t.day, t.video_id, sum(t.views) AS views, count(*) AS n FROM taken_rows t GROUP BY 1, 2
    )
    SELECT coalesce(sum(p.n), 0)::integer,
           array_agg(p.day ORDER BY p.day, p.video_id), array_agg(p.video_id ORDER BY p.day, p.video_id),
           array_agg(p.views ORDER BY p.day, p.video_id)
      INTO taken, days, videos, counts
      FROM per_day p;
    IF taken = 0 THEN
        RETURN 0;
    END IF;

    INSERT INTO video_view_daily AS r (day, video_id, views)
    SELECT x.d, x.v, x.n FROM unnest(days, videos, counts) AS x (d, v, n) ORDER BY x.d, x.v
    ON CONFLICT (day, video_id) DO UPDATE SET views = r.views + EXCLUDED.views;

    SELECT array_agg(t.v ORDER BY t.v), array_agg(t.n ORDER BY t.v) INTO ids, totals
      FROM (SELECT x.v, sum(x.n) AS n FROM unnest(videos, counts) AS x (v, n) GROUP BY x.v) t;
    PERFORM 1 FROM videos v WHERE v.id = ANY (ids) ORDER BY v.id FOR NO KEY UPDATE;
    UPDATE videos v SET view_count = v.view_count + t.n FROM unnest(ids, totals) AS t (id, n) WHERE v.id = t.id;
    RETURN taken;
END $$;

-- views_finalize_day as in V6, folding every pending delta first (under the fold's lock, waiting for a running fold),
-- so the rollups it compares with the raw rows hold every view committed so far and no delta is added after the
-- re-derivation. The raw partition is locked before the fold: flushes into this day wait, so none can add a delta of
-- it in between.
CREATE OR REPLACE FUNCTION views_finalize_day(target date) RETURNS integer LANGUAGE plpgsql AS $$
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
    WHILE views_fold(100000, true) = 100000 LOOP
    END LOOP;

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
