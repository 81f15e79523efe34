package io.reelpipe.feed.views;

import java.sql.Array;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Writes views to PostgreSQL: one call of {@code views_record} (V6_1) per batch, in autocommit, so one round trip
 * inserts the raw rows (skipping those already there), appends their counts per day and video as deltas for
 * {@link ViewCounters} to fold into {@code videos.view_count} and the rollups, and commits (with
 * {@code synchronous_commit} on, the commit is on disk when the call returns).
 */
@Component
final class ViewStore {

    /**
     * A view on its way to the raw table; its {@link Key} is the table's primary key.
     *
     * @param key     the dedup window, video and viewer
     * @param watchMs milliseconds watched
     */
    record RawView(Key key, int watchMs) {}

    /**
     * What makes a raw view unique.
     *
     * @param window epoch seconds of the start of its dedup window
     * @param video  the video
     * @param viewer {@code u:<user id>} or {@code s:<session id>}
     */
    record Key(long window, UUID video, String viewer) {}

    private final JdbcTemplate jdbc;
    private final ViewCounters counters;

    ViewStore(JdbcTemplate jdbc, ViewCounters counters) {
        this.jdbc = jdbc;
        this.counters = counters;
    }

    /**
     * Records {@code views}, whose keys must be distinct, in one transaction.
     *
     * @return the keys of the views inserted (counted); the others were stored already (duplicates)
     * @throws org.springframework.dao.DataAccessException when nothing was recorded (the transaction rolled back)
     */
    Set<Key> record(List<RawView> views) {
        Set<Key> inserted = call("views_record", views);
        if (!inserted.isEmpty()) {
            counters.deltasWritten();
        }
        return inserted;
    }

    /**
     * Records {@code views} as {@link #record} does, but adds them to the counters and rollups directly, in the same
     * transaction, rather than through deltas folded later: the naive way, the benchmark's per-event baseline
     * ({@code views_record_direct}, V6_2).
     */
    Set<Key> recordDirect(List<RawView> views) {
        return call("views_record_direct", views);
    }

    private Set<Key> call(String function, List<RawView> views) {
        int n = views.size();
        Long[] windows = new Long[n];
        UUID[] videos = new UUID[n];
        String[] viewers = new String[n];
        Integer[] watched = new Integer[n];
        for (int i = 0; i < n; i++) {
            RawView view = views.get(i);
            windows[i] = view.key().window();
            videos[i] = view.key().video();
            viewers[i] = view.key().viewer();
            watched[i] = view.watchMs();
        }
        return jdbc.execute((ConnectionCallback<Set<Key>>) connection -> {
            Array windowArray = connection.createArrayOf("int8", windows);
            Array videoArray = connection.createArrayOf("uuid", videos);
            Array viewerArray = connection.createArrayOf("text", viewers);
            Array watchArray = connection.createArrayOf("int4", watched);
            try (PreparedStatement statement = connection.prepareStatement(
                    "SELECT window_start, video_id, viewer FROM " + function + "(?, ?, ?, ?)")) {
                statement.setArray(1, windowArray);
                statement.setArray(2, videoArray);
                statement.setArray(3, viewerArray);
                statement.setArray(4, watchArray);
                Set<Key> inserted = new HashSet<>(n * 2);
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        inserted.add(new Key(rows.getLong(1), rows.getObject(2, UUID.class), rows.getString(3)));
                    }
                }
                return inserted;
            } finally {
                windowArray.free();
                videoArray.free();
                viewerArray.free();
                watchArray.free();
            }
        });
    }
}
