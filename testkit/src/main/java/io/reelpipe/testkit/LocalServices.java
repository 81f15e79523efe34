package io.reelpipe.testkit;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The real engines integration tests run against, on loopback, as {@code infra/local/services.sh ensure} leaves them
 * (which {@code bin/reelpipe test} runs first). Environment variables override each endpoint.
 */
public final class LocalServices {

    public static final String HOST = "127.0.0.1";
    public static final int POSTGRES_PORT = intEnv("REELPIPE_PG_PORT", 5432);
    public static final int RABBIT_PORT = intEnv("REELPIPE_RABBIT_PORT", 5672);
    public static final int REDIS_PORT = intEnv("REELPIPE_REDIS_PORT", 6379);
    public static final int S3_PORT = intEnv("REELPIPE_S3_PORT", 9000);
    public static final int CDN_PORT = intEnv("REELPIPE_CDN_PORT", 8088);
    public static final String JDBC_URL = "jdbc:postgresql://" + HOST + ":" + POSTGRES_PORT + "/reelpipe_test";
    public static final String S3_ENDPOINT = "http://" + HOST + ":" + S3_PORT;
    public static final String CDN_BASE = "http://" + HOST + ":" + CDN_PORT;
    public static final String S3_ACCESS_KEY = env("REELPIPE_S3_ACCESS_KEY", "reelpipe");
    public static final String S3_SECRET_KEY = env("REELPIPE_S3_SECRET_KEY", "reelpipe-local-secret");

    private LocalServices() {}

    /** Fails with the command that fixes it when an engine is not listening. */
    public static void requireUp() {
        Map<String, Integer> ports = new LinkedHashMap<>();
        ports.put("PostgreSQL", POSTGRES_PORT);
        ports.put("RabbitMQ", RABBIT_PORT);
        ports.put("Redis", REDIS_PORT);
        ports.put("S3 (s3proxy)", S3_PORT);
        ports.put("CDN edge (nginx)", CDN_PORT);
        ports.forEach((name, port) -> {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(HOST, port), 2000);
            } catch (IOException e) {
                throw new IllegalStateException(name + " is not listening on " + HOST + ":" + port
                        + "; run infra/local/services.sh ensure (bin/reelpipe test does it for you)", e);
            }
        });
    }

    /**
     * Spring properties that point a service at the local engines, with its own AMQP namespace and bucket so test
     * classes never see each other's messages or objects. Start the service with {@link #asArgs}: passed to
     * {@code SpringApplicationBuilder.properties(...)} they would only be defaults, and the service's application.yml
     * (its production bucket and namespace) would win.
     */
    public static Map<String, Object> springProperties(String namespace, String bucket) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("spring.datasource.url", JDBC_URL);
        p.put("spring.datasource.username", "reelpipe");
        p.put("spring.datasource.password", "reelpipe");
        p.put("spring.rabbitmq.host", HOST);
        p.put("spring.rabbitmq.port", RABBIT_PORT);
        p.put("spring.data.redis.host", HOST);
        p.put("spring.data.redis.port", REDIS_PORT);
        p.put("reelpipe.amqp.namespace", namespace);
        p.put("reelpipe.storage.endpoint", S3_ENDPOINT);
        p.put("reelpipe.storage.bucket", bucket);
        p.put("reelpipe.storage.access-key", S3_ACCESS_KEY);
        p.put("reelpipe.storage.secret-key", S3_SECRET_KEY);
        p.put("reelpipe.storage.public-base-url", CDN_BASE);
        p.put("server.port", 0);
        p.put("management.server.port", "");
        return p;
    }

    /**
     * Properties as command-line arguments. Pass these to {@code SpringApplicationBuilder.run(...)}: unlike
     * {@code properties(...)}, which sets defaults, they take precedence over the service's application.yml.
     */
    public static String[] asArgs(Map<String, Object> properties) {
        return properties.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new);
    }

    /** A fresh lower-case name for a namespace or bucket. */
    public static String uniqueName(String prefix) {
        return prefix + "-" + Long.toString(System.nanoTime(), 36) + Integer.toString((int) (Math.random() * 1000), 36);
    }

    private static int intEnv(String name, int fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : Integer.parseInt(value.trim());
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
