package io.reelpipe.feed.notifications;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The live notification streams, bound from {@code reelpipe.feed.notifications.*}.
 *
 * @param streamTimeout      how long one SSE connection lasts before the client reconnects (with
 *                           {@code Last-Event-ID}, to get what it missed); 30 minutes by default
 * @param heartbeat          how often an idle stream gets a comment line, so proxies keep it open; 25 s by default
 * @param maxStreamsPerUser  how many streams one user may hold open on one instance; 5 by default
 * @param reconnectDelay     how long the listener waits before reconnecting to PostgreSQL after losing it; 1 s
 */
@ConfigurationProperties("reelpipe.feed.notifications")
record NotificationProperties(Duration streamTimeout, Duration heartbeat, Integer maxStreamsPerUser,
        Duration reconnectDelay) {

    NotificationProperties {
        streamTimeout = streamTimeout == null ? Duration.ofMinutes(30) : streamTimeout;
        heartbeat = heartbeat == null ? Duration.ofSeconds(25) : heartbeat;
        maxStreamsPerUser = maxStreamsPerUser == null ? 5 : maxStreamsPerUser;
        reconnectDelay = reconnectDelay == null ? Duration.ofSeconds(1) : reconnectDelay;
        if (!streamTimeout.isPositive() || !heartbeat.isPositive() || !reconnectDelay.isPositive()) {
            throw new IllegalArgumentException("reelpipe.feed.notifications durations must be positive, got "
                    + streamTimeout + ", " + heartbeat + ", " + reconnectDelay);
        }
        if (maxStreamsPerUser < 1) {
            throw new IllegalArgumentException(
                    "reelpipe.feed.notifications.max-streams-per-user must be positive, got " + maxStreamsPerUser);
        }
    }
}
