package io.reelpipe.upload.outbox;

import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The relay's admission control: which unsent outbox rows may be published next so that one creator's bulk upload
 * cannot starve everybody else's jobs.
 *
 * <p>A <em>lane</em> is one creator's rows for one queue (the row's {@code fair_key}, {@code exchange} and
 * {@code routing_key}). A row is <em>in flight</em> while it is sent, its job row is still {@code QUEUED} or
 * {@code RUNNING}, and it was sent less than the in-flight lease ago. A lane may have at most
 * {@code max-in-flight-per-creator} rows in flight; its further rows are <em>held back</em>. The admissible rows of all
 * lanes are ranked within their lane by id and taken in order of rank, then id: round-robin over creators, oldest
 * first within a creator. Rows without a {@code fair_key} (not jobs) form no lane and are never held back.
 *
 * <p>Slots cannot leak: a job that finishes or fails frees its slot when the status consumer records it, a deleted
 * video takes its job rows with it (so its rows no longer count), and a job whose end is never reported (dead-lettered
 * after crashing workers) stops counting when its lease runs out.
 *
 * <p>The lanes with unsent rows are found with a skip scan of the index {@code outbox_unsent_fair} (one index probe per
 * lane, however many rows a lane holds), each lane's in-flight rows through {@code outbox_sent_fair} and the jobs'
 * primary key, and each lane's oldest admissible rows again through {@code outbox_unsent_fair}: the cost grows with
 * the number of lanes, not with the rows held back (plans in docs/architecture.md).
 */
final class FairShare {

    /** The lanes with unsent rows and how many more rows each may have in flight ({@code free}). */
    private static final String LANES = """
            WITH RECURSIVE lanes AS (
                (SELECT fair_key, exchange, routing_key FROM outbox
                  WHERE sent_at IS NULL AND fair_key IS NOT NULL
                  ORDER BY fair_key, exchange, routing_key LIMIT 1)
                UNION ALL
                SELECT next.fair_key, next.exchange, next.routing_key
                  FROM lanes l
                 CROSS JOIN LATERAL (
                       SELECT o.fair_key, o.exchange, o.routing_key FROM outbox o
                        WHERE o.sent_at IS NULL
                          AND (o.fair_key, o.exchange, o.routing_key) > (l.fair_key, l.exchange, l.routing_key)
                        ORDER BY o.fair_key, o.exchange, o.routing_key LIMIT 1) next
            ), allowance AS (
                SELECT l.fair_key, l.exchange, l.routing_key, greatest(0, :maxInFlight - in_flight.n) AS free
                  FROM lanes l
                 CROSS JOIN LATERAL (
                       SELECT count(*) AS n FROM outbox s JOIN jobs j ON j.id = s.message_id
                        WHERE s.fair_key = l.fair_key AND s.exchange = l.exchange AND s.routing_key = l.routing_key
                          AND s.sent_at > now() - :leaseMillis * interval '1 millisecond'
                          AND j.status IN ('QUEUED', 'RUNNING')) in_flight
            )
            """;

    private static final String CANDIDATES = LANES + """
            , candidates AS (
                SELECT c.id, c.rank
                  FROM allowance a
                 CROSS JOIN LATERAL (
                       SELECT o.id, row_number() OVER (ORDER BY o.id) AS rank FROM outbox o
                        WHERE o.sent_at IS NULL
                          AND o.fair_key = a.fair_key AND o.exchange = a.exchange AND o.routing_key = a.routing_key
                        ORDER BY o.id LIMIT least(a.free, :limit)) c
                UNION ALL
                (SELECT id, 1::bigint FROM outbox WHERE sent_at IS NULL AND fair_key IS NULL ORDER BY id LIMIT :limit)
            )
            SELECT id FROM candidates ORDER BY rank, id LIMIT :limit
            """;

    private static final String HELD_BACK = LANES + """
            SELECT count(*) FROM allowance a
             CROSS JOIN LATERAL (
                   SELECT 1 FROM outbox o
                    WHERE o.sent_at IS NULL
                      AND o.fair_key = a.fair_key AND o.exchange = a.exchange AND o.routing_key = a.routing_key
                   OFFSET a.free) held
            """;

    private final JdbcClient jdbc;
    private final int maxInFlight;
    private final long leaseMillis;

    FairShare(JdbcClient jdbc, OutboxProperties properties) {
        this.jdbc = jdbc;
        this.maxInFlight = properties.maxInFlightPerCreator();
        this.leaseMillis = properties.inFlightLease().toMillis();
    }

    /**
     * Ids of up to {@code limit} admissible unsent rows, in the order to publish them. Rows locked by another relay
     * are included (locks are invisible here), so a relay that then skips them never reaches past a lane's
     * allowance.
     */
    List<Long> candidates(int limit) {
        return jdbc.sql(CANDIDATES)
                .param("maxInFlight", maxInFlight)
                .param("leaseMillis", leaseMillis)
                .param("limit", limit)
                .query(Long.class)
                .list();
    }

    /** Unsent rows waiting because their lane has its maximum in flight. */
    long heldBack() {
        Long held = jdbc.sql(HELD_BACK)
                .param("maxInFlight", maxInFlight)
                .param("leaseMillis", leaseMillis)
                .query(Long.class)
                .single();
        return held == null ? 0 : held;
    }
}
