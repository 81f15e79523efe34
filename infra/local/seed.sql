-- A realistic synthetic catalogue and social graph, generated in the database (bin/reelpipe seed, bench/feed):
-- creators and viewers, sounds, series, hashtags, READY videos with posters, follows, likes, bookmarks, comments,
-- blocks, daily view rollups and recent activity. Skewed like real traffic: a few creators, videos, sounds and hashtags
-- get most of the attention (power-law draws), most users follow a handful of popular creators.
--
--   psql -v users=1000 -v videos=10000 -v prefix=seed -f infra/local/seed.sql     (the defaults)
--
-- Every id starts with the prefix (profiles '<prefix>-u<n>', videos and sounds are UUIDs derived from it), so seeds with
-- different prefixes live side by side and a seed can be removed again. Generated with a fixed random seed: the same
-- arguments give the same data set. Notifications are not generated (the session sets reelpipe.skip_notifications).
-- The function is a temporary one (pg_temp): it exists for this session only, so the schema keeps no seeding code.

CREATE OR REPLACE FUNCTION pg_temp.reelpipe_seed(prefix text, users integer, videos integer) RETURNS text
    LANGUAGE plpgsql AS $$
DECLARE
    creators   integer := greatest(1, users / 10);
    sounds     integer := greatest(5, videos / 100);
    series     integer := greatest(1, creators / 20);
    tags       integer := 2000;
    started    timestamptz := clock_timestamp();
BEGIN
    IF users < 2 OR videos < 1 OR prefix !~ '^[a-z0-9][a-z0-9-]{0,30}$' THEN
        RAISE EXCEPTION 'seed needs users >= 2, videos >= 1 and a prefix of [a-z0-9-], got %, %, %',
            users, videos, prefix USING ERRCODE = '22023';
    END IF;
    IF EXISTS (SELECT 1 FROM profiles WHERE id = prefix || '-u1') THEN
        RAISE EXCEPTION 'prefix % is already seeded in this database; pick another --prefix', prefix
            USING ERRCODE = '23505';
    END IF;
    PERFORM setseed(0.42);
    PERFORM set_config('reelpipe.skip_notifications', 'on', true);

    -- Users: the first tenth are creators. A fifth were active in the last day (the recommendation job serves them).
    INSERT INTO profiles (id, handle, display_name, bio, created_at, last_active_at)
    SELECT prefix || '-u' || i, prefix || '_user' || i,
           (ARRAY['Ana', 'Ben', 'Chen', 'Dara', 'Eli', 'Fay', 'Gus', 'Hana'])[1 + i % 8] || ' ' || i,
           CASE WHEN i <= creators THEN 'I make videos about ' || (ARRAY['cats', 'cooking', 'dance', 'travel',
                'music', 'comedy', 'sports', 'science'])[1 + i % 8] ELSE '' END,
           now() - interval '400 days' + i * interval '1 second',
           CASE WHEN random() < 0.2 THEN now() - random() * interval '20 hours' END
      FROM generate_series(1, users) AS i;

    INSERT INTO sounds (id, title, artist, owner_id, duration_ms, created_at)
    SELECT md5(prefix || '-sound-' || i)::uuid,
           (ARRAY['Summer', 'Night', 'Dance', 'Echo', 'Neon', 'Ocean', 'Fire', 'Dream'])[1 + i % 8] || ' '
               || (ARRAY['Groove', 'Beat', 'Song', 'Loop', 'Theme', 'Anthem'])[1 + i % 6] || ' ' || i,
           'Artist ' || (1 + i % 97),
           CASE WHEN i % 3 = 0 THEN prefix || '-u' || (1 + i % creators) END,
           15000 + (i % 45) * 1000,
           now() - interval '200 days'
      FROM generate_series(1, sounds) AS i;

    INSERT INTO series (id, owner_id, title, description)
    SELECT md5(prefix || '-series-' || i)::uuid, prefix || '-u' || (1 + (i - 1) % creators),
           'Series ' || i, 'Part of a series'
      FROM generate_series(1, series) AS i;

    -- Videos: owners drawn with a power law (a few creators upload a lot); every 20th belongs to a series at a unique
    -- position, and then to the series' owner (series i is owned by creator 1 + (i - 1) % creators); 40% use a sound, most have 1-4 hashtags; 95% public, 3% unlisted, 2% private;
    -- created over the last 90 days.
    INSERT INTO videos (id, owner_id, title, description, visibility, status, source_key, source_bytes, source_sha256,
                        source_format, hls_master_key, duration_ms, width, height, created_at, updated_at, ready_at,
                        sound_id, series_id, series_order, hashtags, share_count)
    SELECT md5(prefix || '-video-' || j)::uuid,
           CASE WHEN j % 20 = 0 THEN prefix || '-u' || (1 + ((j / 20) % series) % creators)
                ELSE prefix || '-u' || (1 + floor(creators * power(random(), 2))::integer) END,
           (ARRAY['My', 'The best', 'Funny', 'Crazy', 'Quick', 'Easy', 'Epic', 'Tiny'])[1 + j % 8] || ' '
               || (ARRAY['cat', 'recipe', 'dance', 'trip', 'song', 'prank', 'goal', 'experiment'])[1 + (j / 8) % 8]
               || ' video ' || j,
           'Watch till the end! #' || j,
           CASE WHEN j % 50 = 7 THEN 'PRIVATE' WHEN j % 33 = 5 THEN 'UNLISTED' ELSE 'PUBLIC' END,
           CASE WHEN j % 101 = 3 THEN 'PROCESSING' ELSE 'READY' END,
           'src/' || j || '/original', 1000000, md5(prefix || j), 'mp4',
           'hls/' || md5(prefix || '-video-' || j)::uuid || '/seed/master.m3u8',
           5000 + (j % 55) * 1000, 1080, 1920,
           now() - random() * interval '90 days', now(), now(),
           CASE WHEN random() < 0.4
                THEN md5(prefix || '-sound-' || (1 + floor(sounds * power(random(), 3))::integer))::uuid END,
           CASE WHEN j % 20 = 0 THEN md5(prefix || '-series-' || (1 + (j / 20) % series))::uuid END,
           CASE WHEN j % 20 = 0 THEN 1 + (j / 20) / series END,
           ARRAY(SELECT DISTINCT 'tag' || (1 + floor(tags * power(random(), 3))::integer)
                   FROM generate_series(1, (j % 5)) AS k
                  WHERE k > 0 AND j > 0),
           floor(10 * power(random(), 8))::integer
      FROM generate_series(1, videos) AS j;

    -- Posters: WebP and JPEG at 320 px.
    INSERT INTO thumbnails (video_id, format, width, height, object_key, content_type)
    SELECT v.id, f.format, 320, 569, 'img/' || v.id || '/seed/poster-320.' || f.format, 'image/' || f.format
      FROM (SELECT md5(prefix || '-video-' || j)::uuid AS id FROM generate_series(1, videos) AS j) v
     CROSS JOIN (VALUES ('webp'), ('jpeg')) AS f (format);

    -- Follows: each user follows up to 20 creators, popular ones more often.
    INSERT INTO follows (follower_id, following_id, created_at)
    SELECT DISTINCT ON (f, c) prefix || '-u' || f, prefix || '-u' || c, now() - random() * interval '60 days'
      FROM (SELECT f, 1 + floor(creators * power(random(), 2.5))::integer AS c
              FROM generate_series(1, users) AS f, generate_series(1, 1 + (f % 20)) AS k) pairs
     WHERE f <> c
    ON CONFLICT DO NOTHING;

    -- Likes: about 30 per user, on a power law over videos (a few go viral); recent ones weigh in trending.
    INSERT INTO likes (user_id, video_id, created_at)
    SELECT prefix || '-u' || u, md5(prefix || '-video-' || v)::uuid, now() - power(random(), 2) * interval '30 days'
      FROM (SELECT DISTINCT u, 1 + floor(videos * power(random(), 4))::integer AS v
              FROM generate_series(1, users) AS u, generate_series(1, 1 + (u % 60)) AS k) picks
    ON CONFLICT DO NOTHING;

    INSERT INTO bookmarks (user_id, video_id, created_at)
    SELECT prefix || '-u' || u, md5(prefix || '-video-' || v)::uuid, now() - random() * interval '30 days'
      FROM (SELECT DISTINCT u, 1 + floor(videos * power(random(), 3))::integer AS v
              FROM generate_series(1, users) AS u, generate_series(1, 1 + (u % 6)) AS k) picks
    ON CONFLICT DO NOTHING;

    INSERT INTO comments (id, video_id, user_id, body, created_at)
    SELECT md5(prefix || '-comment-' || u || '-' || k)::uuid,
           md5(prefix || '-video-' || (1 + floor(videos * power(random(), 4))::integer))::uuid,
           prefix || '-u' || u,
           (ARRAY['so good', 'lol', 'how did you do that?', 'again!', 'love it', 'first'])[1 + (u + k) % 6],
           now() - power(random(), 2) * interval '14 days'
      FROM generate_series(1, users) AS u, generate_series(1, u % 10) AS k
    ON CONFLICT DO NOTHING;

    -- One user in two hundred blocks a creator.
    INSERT INTO blocks (blocker_id, blocked_id)
    SELECT prefix || '-u' || u, prefix || '-u' || (1 + u % creators)
      FROM generate_series(1, users, 200) AS u
     WHERE u <> 1 + u % creators
    ON CONFLICT DO NOTHING;

    -- Daily view rollups (the view pipeline's output) for the last three days, on the same power law, with the videos'
    -- view counts to match. There are no raw views behind them, so the days are recorded as final: the maintenance job
    -- never re-derives a final day from its raw rows, which would take these views away again (docs/views.md).
    PERFORM views_ensure_rollup_partitions(current_date - 2, current_date);
    CREATE TEMP TABLE seeded_views ON COMMIT DROP AS
    SELECT current_date - d AS day, md5(prefix || '-video-' || v)::uuid AS video_id, sum(n) AS views
      FROM (SELECT d, 1 + floor(videos * power(random(), 4))::integer AS v, 1 + floor(50 * random())::integer AS n
              FROM generate_series(0, 2) AS d, generate_series(1, greatest(1, videos / 10)) AS k) views
     GROUP BY 1, 2;
    INSERT INTO video_view_daily (day, video_id, views)
    SELECT s.day, s.video_id, s.views FROM seeded_views s
    ON CONFLICT (day, video_id) DO UPDATE SET views = video_view_daily.views + EXCLUDED.views;
    UPDATE videos v SET view_count = v.view_count + t.views
      FROM (SELECT s.video_id, sum(s.views) AS views FROM seeded_views s GROUP BY 1) t
     WHERE v.id = t.video_id;
    INSERT INTO video_view_finalized (day, videos, views, finalized_at)
    SELECT r.day, count(*), sum(r.views), now() FROM video_view_daily r
     WHERE r.day IN (SELECT DISTINCT s.day FROM seeded_views s) GROUP BY r.day
    ON CONFLICT (day) DO UPDATE SET videos = EXCLUDED.videos, views = EXCLUDED.views;

    RETURN format('seeded %s users (%s creators), %s videos, %s sounds, %s series in %s', users, creators, videos,
                  sounds, series, clock_timestamp() - started);
END $$;

\if :{?users}
\else
\set users 1000
\endif
\if :{?videos}
\else
\set videos 10000
\endif
\if :{?prefix}
\else
\set prefix seed
\endif
SELECT pg_temp.reelpipe_seed(:'prefix', :users, :videos) AS result;
ANALYZE profiles, sounds, series, hashtags, videos, video_hashtags, thumbnails, follows, likes, bookmarks, comments,
    blocks, video_view_daily;
