package io.reelpipe.feed.views;

import static io.reelpipe.feed.views.ViewRequests.event;
import static io.reelpipe.feed.views.ViewRequests.results;
import static io.reelpipe.feed.views.ViewRequests.session;
import static org.assertj.core.api.Assertions.assertThat;

import io.reelpipe.feed.support.FeedTestApp;
import io.reelpipe.testkit.LocalServices;
import java.sql.Date;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The maintenance job on a feed-api of its own database, its clock moved by the tests across days: partitions ahead,
 * rollups against a brute-force count over the raw rows, a missed run caught up, a second run changing nothing, and
 * raw partitions dropped after the retention only once their day is final. Each test works on days of its own, months
 * apart, so what one run does to older days never touches another test's.
 */
class ViewMaintenanceIT {

    private static final Instant START = Instant.parse("2031-07-01T12:00:00Z");

    private static ViewsDatabase database;
    private static FeedTestApp app;
    private static TestClocks.MovableClock clock;
    private static ViewMaintenance maintenance;
    private static String owner;
    private static List<String> startUpPartitions;

    @BeforeAll
    static void start() throws Exception {
        database = ViewsDatabase.create();
        String name = LocalServices.uniqueName("maintenance-clock");
        clock = TestClocks.create(name, START);
        Map<String, Object> properties = new HashMap<>(database.properties());
        properties.putAll(TestClocks.properties(name));
        app = FeedTestApp.start(properties);
        maintenance = app.bean(ViewMaintenance.class);
        owner = database.user("maintenance-owner");
        startUpPartitions = rawPartitions();
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
        if (database != null) {
            database.close();
        }
    }

    @Test
    void partitionsExistAheadFromStartUpAndEveryRunKeepsThemAhead() {
        LocalDate started = LocalDate.ofInstant(START, ZoneOffset.UTC);
        assertThat(startUpPartitions).contains(partition(started.minusDays(1)), partition(started),
                partition(started.plusDays(3)));
        assertThat(exists("video_view_daily_203107")).isTrue();

        LocalDate day = LocalDate.parse("2031-09-01");
        clock.set(day.atTime(23, 0).toInstant(ZoneOffset.UTC));
        assertThat(maintenance.run()).as("the scheduled path, through the cross-instance lock").isTrue();

        assertThat(rawPartitions()).contains(partition(day.minusDays(1)), partition(day), partition(day.plusDays(3)));
        assertThat(exists("video_view_daily_203109")).isTrue();
        UUID video = database.video(owner);
        assertThat(results(app, null, session(), event(video, 5_000))).containsExactly("counted");
    }

    @Test
    void aViewForADayWithoutAPartitionIsNotAcknowledged() {
        UUID video = database.video(owner);
        String session = session();
        clock.set(Instant.parse("2032-03-01T08:00:00Z"));

        assertThat(ViewRequests.post(app, null, session, event(video, 5_000)).statusCode()).isEqualTo(503);
        assertThat(database.rawViews(video)).isZero();
        assertThat(database.viewCount(video)).isZero();

        maintenance.runAt(clock.instant());
        assertThat(results(app, null, session, event(video, 5_000))).as("the retry, once the partition is there")
                .containsExactly("counted");
    }

    @Test
    void rollupsEqualABruteForceCountOverTheRawRows() {
        LocalDate first = LocalDate.parse("2031-08-10");
        List<UUID> videos = new ArrayList<>();
        for (int duration : new int[] {2_000, 4_000, 10_000, 30_000, 60_000, 15_000}) {
            videos.add(database.video(owner, "READY", "PUBLIC", duration));
        }
        List<String> users = List.of(database.user("rollup-a"), database.user("rollup-b"), database.user("rollup-c"));
        List<String> sessions = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            sessions.add(session());
        }
        clock.set(first.atStartOfDay().toInstant(ZoneOffset.UTC));
        maintenance.runAt(clock.instant());
        Random random = new Random(7);
        Map<String, Long> expected = new TreeMap<>();
        for (int d = 0; d < 4; d++) {
            for (int hour : new int[] {1, 7, 13, 22}) {
                clock.set(first.plusDays(d).atTime(hour, random.nextInt(60)).toInstant(ZoneOffset.UTC));
                for (int request = 0; request < 10; request++) {
                    boolean signedIn = random.nextInt(4) == 0;
                    String user = signedIn ? users.get(random.nextInt(users.size())) : null;
                    ViewRequests.Event[] events = new ViewRequests.Event[1 + random.nextInt(8)];
                    for (int e = 0; e < events.length; e++) {
                        events[e] = event(videos.get(random.nextInt(videos.size())), random.nextInt(12_000));
                    }
                    List<String> outcomes = results(app, user, sessions.get(random.nextInt(sessions.size())), events);
                    for (int e = 0; e < events.length; e++) {
                        if (outcomes.get(e).equals("counted")) {
                            expected.merge(first.plusDays(d) + " " + events[e].videoId(), 1L, Long::sum);
                        }
                    }
                }
            }
        }
        assertThat(expected.values().stream().mapToLong(Long::longValue).sum()).as("enough views to compare")
                .isGreaterThan(100);
        assertThat(rollups(videos)).as("exact once folded, before any maintenance").isEqualTo(bruteForce(videos))
                .isEqualTo(expected);

        clock.set(first.plusDays(4).atTime(3, 0).toInstant(ZoneOffset.UTC));
        ViewMaintenance.Report report = maintenance.runAt(clock.instant());

        for (int d = 0; d < 4; d++) {
            assertThat(report.finalized()).as("re-derived without a change").containsEntry(first.plusDays(d), 0);
        }
        assertThat(rollups(videos)).isEqualTo(bruteForce(videos)).isEqualTo(expected);
        for (UUID video : videos) {
            long total = expected.entrySet().stream().filter(e -> e.getKey().endsWith(video.toString()))
                    .mapToLong(Map.Entry::getValue).sum();
            assertThat(database.viewCount(video)).as("view count of %s", video).isEqualTo(total);
        }

        // A rollup that drifted (a bug, a hand edit) is replaced by the count over the raw rows, its counter with it.
        UUID drifted = videos.get(2);
        LocalDate day = first.plusDays(1);
        long before = database.viewCount(drifted);
        database.db().sql("""
                INSERT INTO video_view_daily (day, video_id, views) VALUES (?, ?, 5)
                ON CONFLICT (day, video_id) DO UPDATE SET views = video_view_daily.views + 5
                """).param(Date.valueOf(day)).param(drifted).update();
        database.db().sql("UPDATE videos SET view_count = view_count + 5 WHERE id = ?").param(drifted).update();
        assertThat(database.db().sql("SELECT views_finalize_day(?)").param(Date.valueOf(day)).query(Integer.class)
                .single()).isEqualTo(1);
        assertThat(rollups(videos)).isEqualTo(expected);
        assertThat(database.viewCount(drifted)).isEqualTo(before);
    }

    @Test
    void aMissedRunIsCaughtUpAndASecondRunChangesNothing() {
        LocalDate first = LocalDate.parse("2031-10-05");
        UUID video = database.video(owner);
        UUID other = database.video(owner);
        clock.set(first.atTime(10, 0).toInstant(ZoneOffset.UTC));
        maintenance.runAt(clock.instant());
        results(app, null, session(), event(video, 5_000), event(other, 5_000));
        results(app, null, session(), event(video, 5_000));
        clock.set(first.plusDays(1).atTime(15, 0).toInstant(ZoneOffset.UTC));
        results(app, null, session(), event(video, 5_000));

        clock.set(first.plusDays(2).atTime(3, 0).toInstant(ZoneOffset.UTC));
        ViewMaintenance.Report caughtUp = maintenance.runAt(clock.instant());

        assertThat(caughtUp.finalized()).containsKeys(first, first.plusDays(1));
        assertThat(finalDay(first)).isEqualTo("3 views of 2 videos");
        assertThat(finalDay(first.plusDays(1))).isEqualTo("1 views of 1 videos");
        Map<String, Long> rollups = rollups(List.of(video, other));
        assertThat(rollups).containsEntry(first + " " + video, 2L).containsEntry(first.plusDays(1) + " " + video, 1L)
                .containsEntry(first + " " + other, 1L);

        ViewMaintenance.Report again = maintenance.runAt(clock.instant());

        assertThat(again.finalized()).doesNotContainKeys(first, first.plusDays(1));
        assertThat(database.db().sql("SELECT views_finalize_day(?)").param(Date.valueOf(first)).query(Integer.class)
                .single()).as("re-deriving a final day by hand changes nothing either").isZero();
        assertThat(rollups(List.of(video, other))).isEqualTo(rollups);
        assertThat(finalDay(first)).isEqualTo("3 views of 2 videos");
        assertThat(database.viewCount(video)).isEqualTo(3);
        assertThat(database.viewCount(other)).isEqualTo(1);
    }

    @Test
    void rawRowsAreDroppedAfterTheRetentionOnlyOnceTheirDayIsFinal() {
        LocalDate day = LocalDate.parse("2031-12-01");
        UUID video = database.video(owner);
        clock.set(day.atTime(12, 0).toInstant(ZoneOffset.UTC));
        maintenance.runAt(clock.instant());
        results(app, null, session(), event(video, 5_000));
        results(app, null, session(), event(video, 5_000));
        // As if a run had stopped after detaching the partition of a day it never finalized.
        database.db().sql("ALTER TABLE video_views DETACH PARTITION " + partition(day)).update();

        clock.set(day.plusDays(8).atTime(0, 30).toInstant(ZoneOffset.UTC));
        ViewMaintenance.Report kept = maintenance.runAt(clock.instant());

        assertThat(kept.keptUnfinal()).contains(day);
        assertThat(kept.dropped()).doesNotContain(day);
        assertThat(exists(partition(day))).isTrue();

        database.db().sql("ALTER TABLE video_views ATTACH PARTITION " + partition(day) + " FOR VALUES FROM ('" + day
                + " 00:00:00+00') TO ('" + day.plusDays(1) + " 00:00:00+00')").update();
        ViewMaintenance.Report dropped = maintenance.runAt(clock.instant());

        assertThat(dropped.finalized()).containsEntry(day, 0);
        assertThat(dropped.dropped()).contains(day);
        assertThat(exists(partition(day))).isFalse();
        assertThat(database.rawViews(video)).isZero();
        assertThat(rollups(List.of(video))).containsExactly(Map.entry(day + " " + video, 2L));
        assertThat(database.viewCount(video)).isEqualTo(2);
        assertThat(database.db().sql("SELECT raw_dropped_at IS NOT NULL FROM video_view_finalized WHERE day = ?")
                .param(Date.valueOf(day)).query(Boolean.class).single()).isTrue();
        assertThat(rawPartitions()).contains(partition(day.plusDays(8 + 3)));
    }

    private static String partition(LocalDate day) {
        return "video_views_" + day.toString().replace("-", "");
    }

    private static List<String> rawPartitions() {
        return database.db().sql("""
                SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
                 WHERE i.inhparent = 'video_views'::regclass ORDER BY 1
                """).query(String.class).list();
    }

    private static boolean exists(String table) {
        return database.db().sql("SELECT to_regclass(?) IS NOT NULL").param(table).query(Boolean.class).single();
    }

    /**
     * Each (day, video) of {@code videos} with its rollup, as {@code "2031-08-10 <video id>" -> views}, once the
     * pending deltas are folded.
     */
    private static Map<String, Long> rollups(List<UUID> videos) {
        database.fold();
        Map<String, Long> rollups = new TreeMap<>();
        database.db().sql("SELECT day, video_id, views FROM video_view_daily WHERE video_id = ANY (?)")
                .param(videos.toArray(UUID[]::new))
                .query(rs -> {
                    rollups.put(rs.getDate("day").toLocalDate() + " " + rs.getObject("video_id"), rs.getLong("views"));
                });
        return rollups;
    }

    /** The same, counted over the raw rows. */
    private static Map<String, Long> bruteForce(List<UUID> videos) {
        Map<String, Long> counts = new TreeMap<>();
        database.db().sql("""
                SELECT (window_start AT TIME ZONE 'UTC')::date AS day, video_id, count(*) AS views FROM video_views
                 WHERE video_id = ANY (?) GROUP BY 1, 2
                """)
                .param(videos.toArray(UUID[]::new))
                .query(rs -> {
                    counts.put(rs.getDate("day").toLocalDate() + " " + rs.getObject("video_id"), rs.getLong("views"));
                });
        return counts;
    }

    private static String finalDay(LocalDate day) {
        return database.db().sql("SELECT views || ' views of ' || videos || ' videos' FROM video_view_finalized"
                + " WHERE day = ?").param(Date.valueOf(day)).query(String.class).single();
    }
}
