package io.reelpipe.upload.events;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.reelpipe.upload.background.BackgroundLoop;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Delivers the webhook outbox: claims due rows (a short lease on {@code next_attempt_at}, {@code SKIP LOCKED}, so
 * instances share the work and a crashed one's rows come back), POSTs each signed with {@link WebhookSignature}, and
 * records the outcome: 2xx is delivered; anything else (or no answer within the timeout) is retried after an
 * exponentially growing pause until the configured number of attempts, then given up. Delivery is at least once:
 * receivers deduplicate by the {@code ReelPipe-Delivery} id.
 */
@Component
class WebhookDispatcher extends BackgroundLoop {

    private static final Logger log = LoggerFactory.getLogger(WebhookDispatcher.class);
    private static final int BATCH = 20;

    private final JdbcClient jdbc;
    private final WebhookProperties properties;
    private final WebhookTargets targets;
    private final HttpClient http;
    private final Clock clock = Clock.systemUTC();
    private final Counter delivered;
    private final Counter failed;
    private java.time.Instant nextPurge = java.time.Instant.EPOCH;

    WebhookDispatcher(JdbcClient jdbc, WebhookProperties properties, WebhookTargets targets, MeterRegistry meters) {
        super("webhook-dispatcher");
        this.jdbc = jdbc;
        this.properties = properties;
        this.targets = targets;
        this.http = HttpClient.newBuilder().connectTimeout(properties.timeout())
                .followRedirects(HttpClient.Redirect.NEVER).build();
        this.delivered = Counter.builder("reelpipe.webhooks.delivered").register(meters);
        this.failed = Counter.builder("reelpipe.webhooks.failed.attempts").register(meters);
    }

    private record Due(UUID id, String type, String payload, int attempts, String url, String secret) {}

    /** Delivers what is due now; returns how many rows it attempted. */
    int deliverDue() {
        purgeHourly();
        List<Due> due = jdbc.sql("""
                UPDATE webhook_deliveries d
                   SET attempts = d.attempts + 1, next_attempt_at = now() + make_interval(secs => ?)
                  FROM webhook_subscriptions s
                 WHERE s.id = d.subscription_id AND d.id IN (
                       SELECT id FROM webhook_deliveries
                        WHERE delivered_at IS NULL AND gave_up_at IS NULL AND next_attempt_at <= now()
                        ORDER BY next_attempt_at LIMIT ? FOR UPDATE SKIP LOCKED)
                RETURNING d.id, d.event_type, d.payload, d.attempts, s.url, s.secret
                """).param(properties.timeout().multipliedBy(3).toMillis() / 1000.0).param(BATCH)
                .query((rs, n) -> new Due(rs.getObject("id", UUID.class), rs.getString("event_type"),
                        rs.getString("payload"), rs.getInt("attempts"), rs.getString("url"), rs.getString("secret")))
                .list();
        for (Due delivery : due) {
            attempt(delivery);
        }
        return due.size();
    }

    /** Deletes delivered rows after a week and given-up ones after a month (kept that long for support). */
    private void purgeHourly() {
        if (clock.instant().isBefore(nextPurge)) {
            return;
        }
        nextPurge = clock.instant().plus(Duration.ofHours(1));
        jdbc.sql("""
                DELETE FROM webhook_deliveries
                 WHERE delivered_at < now() - interval '7 days' OR gave_up_at < now() - interval '30 days'
                """).update();
    }

    private void attempt(Due delivery) {
        Integer status = null;
        String error;
        String refusal = targets.refusal(delivery.url());
        if (refusal != null) {
            error = refusal;
        } else {
            try {
                HttpResponse<Void> response = http.send(HttpRequest.newBuilder(URI.create(delivery.url()))
                        .timeout(properties.timeout())
                        .header("Content-Type", "application/json")
                        .header("User-Agent", "ReelPipe-Webhooks/1")
                        .header("ReelPipe-Event", delivery.type())
                        .header("ReelPipe-Delivery", delivery.id().toString())
                        .header("ReelPipe-Signature", WebhookSignature.header(delivery.secret(),
                                clock.instant().getEpochSecond(), delivery.payload()))
                        .POST(HttpRequest.BodyPublishers.ofString(delivery.payload()))
                        .build(), HttpResponse.BodyHandlers.discarding());
                status = response.statusCode();
                error = status / 100 == 2 ? null : "answered " + status;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                error = e.getClass().getSimpleName() + ": " + e.getMessage();
            }
        }
        if (error == null) {
            delivered.increment();
            jdbc.sql("UPDATE webhook_deliveries SET delivered_at = now(), last_status = ?, last_error = NULL WHERE id = ?")
                    .param(status).param(delivery.id()).update();
            return;
        }
        failed.increment();
        boolean giveUp = delivery.attempts() >= properties.maxAttempts();
        Duration pause = properties.backoff(delivery.attempts());
        jdbc.sql("""
                UPDATE webhook_deliveries
                   SET last_status = ?, last_error = ?, next_attempt_at = now() + make_interval(secs => ?),
                       gave_up_at = CASE WHEN ? THEN now() END
                 WHERE id = ?
                """).param(status).param(error.length() > 500 ? error.substring(0, 500) : error)
                .param(pause.toMillis() / 1000.0).param(giveUp).param(delivery.id()).update();
        if (giveUp) {
            log.warn("gave up webhook delivery {} to {} after {} attempts: {}", delivery.id(), delivery.url(),
                    delivery.attempts(), error);
        }
    }

    @Override
    protected void loop() {
        while (running()) {
            try {
                if (deliverDue() < BATCH) {
                    Thread.sleep(properties.pollInterval());
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                log.warn("webhook dispatcher pass failed: {}", e.getMessage());
                try {
                    Thread.sleep(properties.pollInterval());
                } catch (InterruptedException interrupted) {
                    return;
                }
            }
        }
    }
}
