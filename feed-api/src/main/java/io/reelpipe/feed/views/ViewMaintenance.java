package io.reelpipe.feed.views;

import io.reelpipe.feed.jobs.JobProperties;
import io.reelpipe.feed.jobs.JobRunner;
import io.reelpipe.feed.jobs.JobTransactions;
import java.sql.Date;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The view tables' upkeep, a scheduled job that runs once across instances (ShedLock, through {@link JobRunner}) and
 * is safe to run again at any time: every step is idempotent. Each run carries out a {@link MaintenancePlan}: it
 * creates the partitions ahead, folds view deltas left behind (see {@link ViewCounters}), re-derives and finalizes the
 * closed days (catching up every missed one), and drops the raw partitions past retention once their day is final:
 * {@code DETACH ... CONCURRENTLY} (inserts and reads of the other days go on meanwhile), then {@code DROP TABLE}. The
 * partition step also runs at start-up on every instance, before the web server takes requests, so a fresh deployment
 * never flushes into a missing partition.
 */
@Component
final class ViewMaintenance implements SmartInitializingSingleton {

    static final String NAME = "views-maintenance";
    private static final Logger log = LoggerFactory.getLogger(ViewMaintenance.class);
    private static final DateTimeFormatter DAY = DateTimeFormatter.BASIC_ISO_DATE;

    /**
     * What a run did.
     *
     * @param created     partitions created
     * @param folded      view deltas folded (left by an instance that stopped before its own fold)
     * @param finalized   days finalized, with how many rollup rows each changed
     * @param dropped     raw partitions dropped, by day
     * @param keptUnfinal expired days kept because they are not final
     */
    record Report(int created, int folded, Map<LocalDate, Integer> finalized, List<LocalDate> dropped,
            List<LocalDate> keptUnfinal) {

        @Override
        public String toString() {
            return "created " + created + " partitions, folded " + folded + " deltas, finalized " + finalized
                    + ", dropped " + dropped
                    + (keptUnfinal.isEmpty() ? "" : ", kept unfinalized " + keptUnfinal);
        }
    }

    private final JobRunner runner;
    private final JobTransactions transactions;
    private final ViewCounters counters;
    private final JdbcTemplate jdbc;
    private final ViewsProperties properties;
    private final JobProperties jobs;
    private final Clock clock;

    ViewMaintenance(JobRunner runner, JobTransactions transactions, ViewCounters counters, JdbcTemplate jdbc,
            ViewsProperties properties, JobProperties jobs, Clock clock) {
        this.runner = runner;
        this.transactions = transactions;
        this.counters = counters;
        this.jdbc = jdbc;
        this.properties = properties;
        this.jobs = jobs;
        this.clock = clock;
    }

    @Override
    public void afterSingletonsInstantiated() {
        MaintenancePlan plan = plan(clock.instant());
        int created = ensurePartitions(plan);
        log.info("View partitions from {} to {} in place ({} created at start-up)", plan.firstDay(), plan.lastDay(),
                created);
    }

    @Scheduled(initialDelayString = "${reelpipe.feed.jobs.initial-delay:PT10S}",
            fixedRateString = "${reelpipe.views.maintenance-interval:PT15M}")
    void scheduled() {
        if (jobs.enabled()) {
            run();
        }
    }

    /** Runs maintenance here, unless another instance is running it or ran it within the minimum gap. */
    boolean run() {
        Duration atMost = properties.maintenanceInterval().minus(Duration.ofSeconds(10));
        return runner.runOnce(NAME, atMost.isPositive() ? atMost : properties.maintenanceInterval(),
                () -> runAt(clock.instant()).toString());
    }

    /** One run as if the time were {@code now}, without the cross-instance lock (the scheduled run takes it). */
    Report runAt(Instant now) {
        MaintenancePlan plan = plan(now);
        int created = ensurePartitions(plan);
        int folded = counters.fold();
        Map<LocalDate, Integer> finalized = finalizeDays(plan);
        List<LocalDate> dropped = dropExpired(plan);
        for (LocalDate day : plan.keptUnfinal()) {
            log.warn("Raw views of {} are past retention but the day is not final; kept until it is", day);
        }
        return new Report(created, folded, finalized, dropped, plan.keptUnfinal());
    }

    /** The plan for {@code now} from the partitions and final days the database holds. */
    MaintenancePlan plan(Instant now) {
        Map<LocalDate, MaintenancePlan.PartitionState> partitions = new HashMap<>();
        jdbc.query("""
                SELECT c.relname, i.inhrelid IS NOT NULL AS attached, coalesce(i.inhdetachpending, false) AS pending
                  FROM pg_class c
                  LEFT JOIN pg_inherits i ON i.inhrelid = c.oid AND i.inhparent = 'video_views'::regclass
                 WHERE c.relkind = 'r' AND c.relname ~ '^video_views_[0-9]{8}$'
                   AND c.relnamespace = current_schema()::regnamespace
                """, rs -> {
            LocalDate day = LocalDate.parse(rs.getString("relname").substring("video_views_".length()), DAY);
            partitions.put(day, !rs.getBoolean("attached") ? MaintenancePlan.PartitionState.DETACHED
                    : rs.getBoolean("pending") ? MaintenancePlan.PartitionState.DETACH_PENDING
                    : MaintenancePlan.PartitionState.ATTACHED);
        });
        Set<LocalDate> finalDays = new HashSet<>(jdbc.queryForList(
                "SELECT day FROM video_view_finalized", LocalDate.class));
        return MaintenancePlan.of(now, partitions, finalDays, properties);
    }

    int ensurePartitions(MaintenancePlan plan) {
        Integer created = jdbc.queryForObject("SELECT views_ensure_partitions(?, ?)", Integer.class,
                Date.valueOf(plan.firstDay()), Date.valueOf(plan.lastDay()));
        return created == null ? 0 : created;
    }

    private Map<LocalDate, Integer> finalizeDays(MaintenancePlan plan) {
        Map<LocalDate, Integer> finalized = new LinkedHashMap<>();
        for (LocalDate day : plan.toFinalize()) {
            Integer changed = transactions.inTransaction(tx -> tx.sql("SELECT views_finalize_day(?)")
                    .param(Date.valueOf(day)).query(Integer.class).single());
            finalized.put(day, changed);
            if (changed != null && changed > 0) {
                log.warn("Finalizing the views of {} changed {} rollup rows: the flushes had not kept them exact",
                        day, changed);
            }
        }
        return finalized;
    }

    private List<LocalDate> dropExpired(MaintenancePlan plan) {
        List<LocalDate> dropped = new ArrayList<>();
        String timeout = jobs.statementTimeout().toMillis() + "ms";
        plan.toDrop().forEach((day, state) -> {
            String table = "video_views_" + DAY.format(day);
            jdbc.execute((ConnectionCallback<Void>) connection -> {
                // DETACH ... CONCURRENTLY cannot run in a transaction: autocommit, with the jobs' timeout for this
                // connection until it goes back to the pool.
                try (Statement statement = connection.createStatement()) {
                    statement.execute("SET statement_timeout = '" + timeout + "'");
                    try {
                        switch (state) {
                            case ATTACHED -> statement.execute(
                                    "ALTER TABLE video_views DETACH PARTITION " + table + " CONCURRENTLY");
                            case DETACH_PENDING -> statement.execute(
                                    "ALTER TABLE video_views DETACH PARTITION " + table + " FINALIZE");
                            case DETACHED -> { }
                        }
                        statement.execute("DROP TABLE " + table);
                        statement.execute("UPDATE video_view_finalized SET raw_dropped_at = now() WHERE day = '"
                                + day + "'");
                    } finally {
                        statement.execute("RESET statement_timeout");
                    }
                }
                return null;
            });
            dropped.add(day);
        });
        return dropped;
    }
}
