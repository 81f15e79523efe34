package io.reelpipe.upload.outbox;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.reelpipe.core.messaging.ConfirmedPublisher;
import io.reelpipe.upload.background.BackgroundLoop;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Publishes committed outbox rows to RabbitMQ and marks each sent only after the broker confirmed it. Which rows, and
 * in which order, is the {@link FairShare}'s choice: at most {@code max-in-flight-per-creator} jobs of a creator per
 * queue in flight, creators taken round-robin. The chosen rows are then claimed with {@code FOR UPDATE SKIP LOCKED},
 * so any number of upload-api instances relay in parallel without publishing a row twice in the normal case; after a
 * crash between confirm and commit a row is published again, which consumers absorb by message id. While the broker
 * is down rows wait, and the relay retries with backoff. The status consumer {@linkplain #wake() wakes} the relay when
 * a job ends, so a creator's next job follows at once instead of at the next poll.
 */
@Component
public class OutboxRelay extends BackgroundLoop {

    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final ConfirmedPublisher publisher;
    private final OutboxProperties properties;
    private final FairShare fairShare;
    private final Semaphore wakeUp = new Semaphore(0);
    private final Counter published;
    private final Counter failures;

    OutboxRelay(
            JdbcClient jdbc,
            TransactionTemplate transactions,
            ConfirmedPublisher publisher,
            OutboxProperties properties,
            MeterRegistry meters) {
        super("outbox-relay");
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.publisher = publisher;
        this.properties = properties;
        this.fairShare = new FairShare(jdbc, properties);
        this.published = Counter.builder("reelpipe.outbox.published").register(meters);
        this.failures = Counter.builder("reelpipe.outbox.publish.failures").register(meters);
        Gauge.builder("reelpipe.outbox.pending", this, OutboxRelay::pendingQuietly)
                .description("Outbox rows not yet confirmed by the broker")
                .register(meters);
        Gauge.builder("reelpipe.outbox.held.back", this, OutboxRelay::heldBackQuietly)
                .description("Unsent job rows waiting because their creator has the most jobs in flight on that queue")
                .register(meters);
    }

    /** Asks the relay to look now (after a commit, or after a job ended) instead of at its next poll. */
    public void wake() {
        wakeUp.release();
    }

    @Override
    protected void loop() {
        Duration backoff = Duration.ZERO;
        while (running()) {
            try {
                int sent = relayBatch();
                backoff = Duration.ZERO;
                if (sent == properties.batchSize()) {
                    continue;
                }
                wakeUp.tryAcquire(properties.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
                wakeUp.drainPermits();
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                failures.increment();
                backoff = backoff.isZero() ? Duration.ofMillis(200)
                        : backoff.multipliedBy(2).compareTo(properties.maxBackoff()) > 0 ? properties.maxBackoff()
                        : backoff.multipliedBy(2);
                log.warn("outbox relay could not publish, retrying in {} ms: {}", backoff.toMillis(), e.getMessage());
                try {
                    Thread.sleep(backoff);
                } catch (InterruptedException interrupted) {
                    return;
                }
            }
        }
    }

    /**
     * Publishes one batch of admissible unsent rows in one transaction, in the fair share's order.
     *
     * @return rows published and marked sent
     */
    int relayBatch() {
        BatchResult result = transactions.execute(status -> {
            // Twice the batch: a relay that finds another's rows locked still fills its batch from the rest.
            Long[] candidates = fairShare.candidates(properties.batchSize() * 2).toArray(Long[]::new);
            if (candidates.length == 0) {
                return new BatchResult(0, null);
            }
            List<Row> rows = jdbc.sql("""
                    SELECT id, message_id, exchange, routing_key, payload::text AS payload
                      FROM outbox
                     WHERE id = ANY(?) AND sent_at IS NULL
                     ORDER BY array_position(?, id)
                     LIMIT ?
                       FOR UPDATE SKIP LOCKED
                    """)
                    .param(candidates)
                    .param(candidates)
                    .param(properties.batchSize())
                    .query((rs, n) -> new Row(rs.getLong("id"), rs.getObject("message_id", UUID.class),
                            rs.getString("exchange"), rs.getString("routing_key"), rs.getString("payload")))
                    .list();
            List<Long> confirmed = new ArrayList<>();
            RuntimeException failure = null;
            for (Row row : rows) {
                try {
                    publisher.publish(row.exchange(), row.routingKey(), row.messageId(),
                            row.payload().getBytes(StandardCharsets.UTF_8));
                    confirmed.add(row.id());
                } catch (RuntimeException e) {
                    failure = e;
                    jdbc.sql("UPDATE outbox SET attempts = attempts + 1, last_error = ? WHERE id = ?")
                            .param(truncate(e.getMessage()))
                            .param(row.id())
                            .update();
                    break;
                }
            }
            if (!confirmed.isEmpty()) {
                jdbc.sql("UPDATE outbox SET sent_at = now(), attempts = attempts + 1 WHERE id = ANY(?)")
                        .param(confirmed.toArray(Long[]::new))
                        .update();
                published.increment(confirmed.size());
            }
            // Commit what was confirmed and the error either way; a failure is raised after the commit.
            return new BatchResult(confirmed.size(), failure);
        });
        if (result == null) {
            return 0;
        }
        if (result.failure() != null) {
            throw new RelayFailure(result.sent(), result.failure());
        }
        return result.sent();
    }

    private double pendingQuietly() {
        try {
            Long pending = jdbc.sql("SELECT count(*) FROM outbox WHERE sent_at IS NULL").query(Long.class).single();
            return pending == null ? 0 : pending;
        } catch (RuntimeException e) {
            return Double.NaN;
        }
    }

    private double heldBackQuietly() {
        try {
            return fairShare.heldBack();
        } catch (RuntimeException e) {
            return Double.NaN;
        }
    }

    private static String truncate(String message) {
        String text = message == null ? "unknown error" : message;
        return text.length() > 500 ? text.substring(0, 500) : text;
    }

    private record BatchResult(int sent, RuntimeException failure) {}

    private record Row(long id, UUID messageId, String exchange, String routingKey, String payload) {}

    /** A publish failed part-way through a batch. */
    static final class RelayFailure extends RuntimeException {

        RelayFailure(int confirmed, RuntimeException cause) {
            super("published " + confirmed + " rows, then: " + cause.getMessage(), cause);
        }
    }
}
