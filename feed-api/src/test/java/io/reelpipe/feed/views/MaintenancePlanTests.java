package io.reelpipe.feed.views;

import static io.reelpipe.feed.views.MaintenancePlan.PartitionState.ATTACHED;
import static io.reelpipe.feed.views.MaintenancePlan.PartitionState.DETACHED;
import static io.reelpipe.feed.views.MaintenancePlan.PartitionState.DETACH_PENDING;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MaintenancePlanTests {

    private static final ViewsProperties PROPERTIES = TestProperties.retention(7, 3, Duration.ofHours(2));
    private static final LocalDate TODAY = LocalDate.parse("2031-06-10");

    @Test
    void partitionsAreWantedFromYesterdayToThreeDaysAhead() {
        MaintenancePlan plan = MaintenancePlan.of(at("2031-06-10T23:59:59Z"), Map.of(), Set.of(), PROPERTIES);

        assertThat(plan.today()).isEqualTo(TODAY);
        assertThat(plan.firstDay()).isEqualTo(TODAY.minusDays(1));
        assertThat(plan.lastDay()).isEqualTo(TODAY.plusDays(3));
    }

    @Test
    void aClosedDayIsFinalizedOnceTheDelayAfterItsEndHasPassed() {
        Map<LocalDate, MaintenancePlan.PartitionState> partitions = days(TODAY.minusDays(1), TODAY, TODAY.plusDays(1));

        assertThat(MaintenancePlan.of(at("2031-06-10T01:59:59Z"), partitions, Set.of(), PROPERTIES).toFinalize())
                .isEmpty();
        assertThat(MaintenancePlan.of(at("2031-06-10T02:00:00Z"), partitions, Set.of(), PROPERTIES).toFinalize())
                .containsExactly(TODAY.minusDays(1));
    }

    @Test
    void everyMissedDayWhoseRawRowsExistIsCaughtUpOldestFirst() {
        Map<LocalDate, MaintenancePlan.PartitionState> partitions = days(TODAY.minusDays(4), TODAY.minusDays(3),
                TODAY.minusDays(2), TODAY.minusDays(1), TODAY, TODAY.plusDays(2));

        MaintenancePlan plan = MaintenancePlan.of(at("2031-06-10T12:00:00Z"), partitions, Set.of(TODAY.minusDays(3)),
                PROPERTIES);

        assertThat(plan.toFinalize()).containsExactly(TODAY.minusDays(4), TODAY.minusDays(2), TODAY.minusDays(1));
    }

    @Test
    void rawPartitionsGoAfterTheRetentionOnlyOnceTheirDayIsFinal() {
        Map<LocalDate, MaintenancePlan.PartitionState> partitions = days(TODAY.minusDays(7), TODAY.minusDays(8),
                TODAY.minusDays(9));
        partitions.put(TODAY.minusDays(10), DETACH_PENDING);
        partitions.put(TODAY.minusDays(11), DETACHED);
        partitions.put(TODAY.minusDays(12), DETACHED);
        Set<LocalDate> finalDays = Set.of(TODAY.minusDays(7), TODAY.minusDays(8), TODAY.minusDays(10),
                TODAY.minusDays(11));

        MaintenancePlan plan = MaintenancePlan.of(at("2031-06-10T00:00:00Z"), partitions, finalDays, PROPERTIES);

        assertThat(plan.toFinalize()).as("an attached expired day is finalized first, then dropped")
                .containsExactly(TODAY.minusDays(9));
        assertThat(plan.toDrop()).containsExactly(entry(TODAY.minusDays(11), DETACHED),
                entry(TODAY.minusDays(10), DETACH_PENDING), entry(TODAY.minusDays(9), ATTACHED),
                entry(TODAY.minusDays(8), ATTACHED));
        assertThat(plan.keptUnfinal()).as("a detached table of a day never finalized is kept")
                .containsExactly(TODAY.minusDays(12));
    }

    @Test
    void aDayIsKeptForSevenFullDaysAfterItEnds() {
        Map<LocalDate, MaintenancePlan.PartitionState> partitions = days(TODAY.minusDays(8), TODAY.minusDays(7));
        Set<LocalDate> finalDays = Set.of(TODAY.minusDays(8), TODAY.minusDays(7));

        assertThat(MaintenancePlan.of(at("2031-06-10T00:00:00Z"), partitions, finalDays, PROPERTIES).toDrop())
                .containsOnlyKeys(TODAY.minusDays(8));
        assertThat(MaintenancePlan.of(at("2031-06-09T23:59:59Z"), partitions, finalDays, PROPERTIES).toDrop())
                .isEmpty();
    }

    @Test
    void todayAndTheFutureAreNeverFinalizedNorDropped() {
        Map<LocalDate, MaintenancePlan.PartitionState> partitions = days(TODAY, TODAY.plusDays(1), TODAY.plusDays(3));

        MaintenancePlan plan = MaintenancePlan.of(at("2031-06-10T23:00:00Z"), partitions, Set.of(), PROPERTIES);

        assertThat(plan.toFinalize()).isEmpty();
        assertThat(plan.toDrop()).isEmpty();
        assertThat(plan.keptUnfinal()).isEmpty();
    }

    private static Instant at(String instant) {
        return Instant.parse(instant);
    }

    private static Map<LocalDate, MaintenancePlan.PartitionState> days(LocalDate... days) {
        Map<LocalDate, MaintenancePlan.PartitionState> partitions = new HashMap<>();
        for (LocalDate day : days) {
            partitions.put(day, ATTACHED);
        }
        return partitions;
    }
}
