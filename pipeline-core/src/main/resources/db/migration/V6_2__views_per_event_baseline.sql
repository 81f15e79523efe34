-- Views (issue 7), third step: the benchmark's baseline. views_record_direct records views the way a naive pipeline
-- does, and the way V6's views_record first did: it inserts the raw rows and, in the same transaction, adds them to
-- videos.view_count and their days' rollups directly, with no deltas and no fold. feed-api calls it once per view in
-- reelpipe.views.ingest-mode=per-event ("one INSERT and counter update per view", bench/views); production uses
-- views_record (V6_1). Both keep raw rows, rollups and counters consistent, so instances in either mode can share a
-- database.
CREATE FUNCTION views_record_direct(window_starts bigint[], video_ids uuid[], viewers text[], watch_ms integer[])
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
