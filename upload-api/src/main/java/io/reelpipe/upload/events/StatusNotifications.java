package io.reelpipe.upload.events;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.UUID;
import javax.sql.DataSource;
import io.reelpipe.upload.background.BackgroundLoop;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Listens to the PostgreSQL channel {@link VideoEvents#CHANNEL} on one dedicated connection and hands each video id
 * to the local {@link VideoStreams}. Notifications are sent by PostgreSQL at commit, so a stream never shows a change
 * that rolled back, whichever instance made it. After a lost connection it reconnects with backoff and refreshes
 * every watched video (notifications sent meanwhile are lost, the current state is not).
 */
@Component
class StatusNotifications extends BackgroundLoop {

    private static final Logger log = LoggerFactory.getLogger(StatusNotifications.class);

    private final DataSource dataSource;
    private final VideoStreams streams;
    StatusNotifications(DataSource dataSource, VideoStreams streams) {
        super("status-notifications");
        this.dataSource = dataSource;
        this.streams = streams;
    }

    @Override
    protected void loop() {
        Duration backoff = Duration.ofMillis(200);
        while (running()) {
            try (Connection connection = dataSource.getConnection()) {
                try {
                    listen(connection);
                    backoff = Duration.ofMillis(200);
                    relay(connection);
                } catch (SQLException | RuntimeException e) {
                    evict(connection, e);
                    throw e;
                }
            } catch (SQLException | RuntimeException e) {
                if (!running()) {
                    return;
                }
                log.warn("status notifications lost their connection, retrying in {} ms: {}", backoff.toMillis(),
                        e.getMessage());
                try {
                    Thread.sleep(backoff);
                } catch (InterruptedException interrupted) {
                    return;
                }
                backoff = backoff.multipliedBy(2).compareTo(Duration.ofSeconds(5)) > 0 ? Duration.ofSeconds(5)
                        : backoff.multipliedBy(2);
            }
        }
    }

    /** LISTENs on {@code connection}, then refreshes every watched video (changes made while not listening). */
    private void listen(Connection connection) throws SQLException {
        connection.setAutoCommit(true);
        try (Statement statement = connection.createStatement()) {
            statement.execute("LISTEN " + VideoEvents.CHANNEL);
        }
        streams.watched().forEach(streams::changed);
    }

    /** Hands each notification on {@code connection} to the streams until the connection fails or the loop stops. */
    private void relay(Connection connection) throws SQLException {
        PGConnection pg = connection.unwrap(PGConnection.class);
        while (running()) {
            PGNotification[] notifications = pg.getNotifications(1000);
            if (notifications == null) {
                continue;
            }
            for (PGNotification notification : notifications) {
                try {
                    streams.changed(UUID.fromString(notification.getParameter()));
                } catch (IllegalArgumentException e) {
                    log.warn("ignoring a malformed status notification '{}'", notification.getParameter());
                }
            }
        }
    }

    /**
     * Takes a failed listening connection out of the pool. Notifications are read from the driver's connection past
     * the pool's proxy, so the pool does not see it break and would hand the dead connection to the next borrower
     * (measured: this loop's own reconnect got it back and failed once more).
     */
    private void evict(Connection connection, Exception cause) {
        try {
            if (dataSource.isWrapperFor(HikariDataSource.class)) {
                dataSource.unwrap(HikariDataSource.class).evictConnection(connection);
            }
        } catch (SQLException | RuntimeException e) {
            cause.addSuppressed(e);
        }
    }
}
