package io.reelpipe.feed.views;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What one maintenance run does, decided from the clock and what the database holds (no I/O, so tests check every
 * rule with a fixed clock):
 *
 * <ul>
 *   <li><b>ensure</b> raw partitions from yesterday to {@code partitions-ahead} days after today (and the rollup
 *       months they fall in);</li>
 *   <li><b>finalize</b> every closed day whose raw partition is attached and which is not final yet, once
 *       {@code finalize-delay} has passed after its end: all of them, oldest first, so days missed while no
 *       maintenance ran are caught up as long as their raw rows exist;</li>
 *   <li><b>drop</b> the raw partitions of days more than {@code retention-days} before today, but only days that are
 *       final; an expired day that is not final is kept (and reported) until it is.</li>
 * </ul>
 *
 * @param today      the current day (UTC)
 * @param firstDay   the first day whose raw partition must exist
 * @param lastDay    the last day whose raw partition must exist
 * @param toFinalize the days to finalize, oldest first
 * @param toDrop     the raw partitions to drop, oldest first, with what is attached of each
 * @param keptUnfinal expired days kept because they are not final
 */
record MaintenancePlan(LocalDate today, LocalDate firstDay, LocalDate lastDay, List<LocalDate> toFinalize,
        SortedMap<LocalDate, PartitionState> toDrop, List<LocalDate> keptUnfinal) {

    /** Where a raw partition stands. */
    enum PartitionState {
        /** A partition of {@code video_views}. */
        ATTACHED,
        /** A {@code DETACH ... CONCURRENTLY} was interrupted: it needs {@code DETACH ... FINALIZE}. */
        DETACH_PENDING,
        /** A table of its own, detached but not dropped (a run stopped between the two). */
        DETACHED
    }

    static MaintenancePlan of(Instant now, Map<LocalDate, PartitionState> partitions, Set<LocalDate> finalDays,
            ViewsProperties properties) {
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        LocalDate expired = today.minusDays(properties.retentionDays());
        Duration delay = properties.finalizeDelay();
        List<LocalDate> finalize = new ArrayList<>();
        SortedMap<LocalDate, PartitionState> drop = new TreeMap<>();
        List<LocalDate> kept = new ArrayList<>();
        for (Map.Entry<LocalDate, PartitionState> partition : new TreeMap<>(partitions).entrySet()) {
            LocalDate day = partition.getKey();
            boolean isFinal = finalDays.contains(day);
            Instant closed = day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
            if (!isFinal && partition.getValue() == PartitionState.ATTACHED && !now.isBefore(closed.plus(delay))) {
                finalize.add(day);
                isFinal = true;
            }
            if (day.isBefore(expired)) {
                if (isFinal) {
                    drop.put(day, partition.getValue());
                } else {
                    kept.add(day);
                }
            }
        }
        return new MaintenancePlan(today, today.minusDays(1), today.plusDays(properties.partitionsAhead()),
                List.copyOf(finalize), drop, List.copyOf(kept));
    }
}
