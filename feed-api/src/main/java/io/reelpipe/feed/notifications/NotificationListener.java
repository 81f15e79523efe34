package io.reelpipe.feed.notifications;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.jdbc.autoconfigure.DataSourceProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Listens on PostgreSQL channel {@code feed_notifications} (V5's trigger announces every new notification there at
 * commit) over one dedicated connection, outside the pool, and hands each to the {@link StreamHub}. Reconnects by
 * itself when the connection is lost; notifications sent meanwhile are not replayed here, but a client's reconnect
 * with {@code Last-Event-ID} fetches what it missed.
 */
@Component
final class NotificationListener implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(NotificationListener.class);
    static final String CHANNEL = "feed_notifications";
    private static final int POLL_MILLIS = 1000;

    private final DataSourceProperties dataSource;
    private final StreamHub hub;
    private final JsonMapper json;
    private final NotificationProperties properties;
    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicBoolean listening = new AtomicBoolean();
    private final Counter received;
    private Thread thread;

    NotificationListener(DataSourceProperties dataSource, StreamHub hub, JsonMapper json,
            NotificationProperties properties, MeterRegistry registry) {
        this.dataSource = dataSource;
        this.hub = hub;
        this.json = json;
        this.properties = properties;
        this.received = Counter.builder("reelpipe.feed.notifications.received")
                .description("Notifications heard from PostgreSQL and passed to this instance's streams")
                .register(registry);
        Gauge.builder("reelpipe.feed.notifications.listening", listening, l -> l.get() ? 1 : 0)
                .description("1 while this instance listens for notifications in PostgreSQL")
                .register(registry);
    }

    @Override
    public void start() {
        if (running.compareAndSet(false, true)) {
            thread = Thread.ofPlatform().name("notification-listener").daemon().start(this::run);
        }
    }

    @Override
    public void stop() {
        running.set(false);
        if (thread != null) {
            thread.interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return running.get();
    }

    /** Whether the dedicated connection is currently listening. */
    boolean isListening() {
        return listening.get();
    }

    private void run() {
        boolean warned = false;
        while (running.get()) {
            try (Connection connection = connect()) {
                try (Statement statement = connection.createStatement()) {
                    statement.execute("LISTEN " + CHANNEL);
                }
                listening.set(true);
                if (warned) {
                    log.info("Listening for notifications again");
                    warned = false;
                }
                PGConnection pg = connection.unwrap(PGConnection.class);
                while (running.get()) {
                    PGNotification[] notifications = pg.getNotifications(POLL_MILLIS);
                    if (notifications != null) {
                        for (PGNotification notification : notifications) {
                            dispatch(notification.getParameter());
                        }
                    }
                }
            } catch (SQLException e) {
                listening.set(false);
                if (!running.get()) {
                    return;
                }
                if (!warned) {
                    log.warn("Lost the notification listener's database connection ({}); live streams pause until it"
                            + " is back", e.toString());
                    warned = true;
                }
                try {
                    Thread.sleep(properties.reconnectDelay());
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
        listening.set(false);
    }

    private Connection connect() throws SQLException {
        Properties info = new Properties();
        if (dataSource.determineUsername() != null) {
            info.setProperty("user", dataSource.determineUsername());
        }
        if (dataSource.determinePassword() != null) {
            info.setProperty("password", dataSource.determinePassword());
        }
        info.setProperty("ApplicationName", "feed-api notifications");
        info.setProperty("connectTimeout", "5");
        // A dead peer is noticed by the keep-alive; the wait for notifications is the driver's, not a socket read.
        info.setProperty("tcpKeepAlive", "true");
        return DriverManager.getConnection(dataSource.determineUrl(), info);
    }

    private void dispatch(String payload) {
        try {
            // Read and written again, so the stream's JSON is exactly the list's.
            Notification notification = json.readValue(payload, Notification.class);
            received.increment();
            hub.deliver(notification.userId(), notification.id(), json.writeValueAsString(notification));
        } catch (RuntimeException e) {
            log.warn("Ignoring a malformed notification payload: {}", e.toString());
        }
    }
}
