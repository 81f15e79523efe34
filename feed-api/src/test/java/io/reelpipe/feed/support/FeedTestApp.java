package io.reelpipe.feed.support;

import static org.assertj.core.api.Assertions.assertThat;

import io.reelpipe.feed.FeedApiApplication;
import io.reelpipe.testkit.DevTokens;
import io.reelpipe.testkit.LocalServices;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The feed API started in this JVM for an integration test: on the real database and Redis, under a Redis namespace of
 * its own (so pages cached by other runs never answer), with a signing key of its own for bearer tokens, scheduled
 * jobs off (tests run them by calling them) and SQL statements counted ({@link StatementCounter}). HTTP helpers send
 * requests as an anonymous or a signed-in viewer.
 *
 * <p>The database is {@link LocalServices#JDBC_URL}, unless the system property {@code reelpipe.feed.it.jdbc-url}
 * names another one whose schema is already in place (then Flyway is left out).
 */
public final class FeedTestApp implements AutoCloseable {

    public static final String JDBC_URL = System.getProperty("reelpipe.feed.it.jdbc-url", LocalServices.JDBC_URL);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final ConfigurableApplicationContext app;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final DevTokens tokens;
    private final String base;
    private final String namespace;

    private FeedTestApp(Map<String, Object> extra) throws IOException {
        LocalServices.requireUp();
        this.namespace = LocalServices.uniqueName("feedit");
        Path keys = Files.createTempDirectory("feed-it-keys");
        this.tokens = new DevTokens(keys);
        Map<String, Object> properties = new HashMap<>(LocalServices.springProperties(namespace, namespace));
        properties.put("spring.datasource.url", JDBC_URL);
        if (!JDBC_URL.equals(LocalServices.JDBC_URL)) {
            properties.put("spring.flyway.enabled", false);
        }
        properties.put("reelpipe.feed.cache.namespace", namespace);
        properties.put("reelpipe.jwt.public-key", tokens.publicKeyPem().toString());
        properties.put("reelpipe.feed.jobs.enabled", false);
        properties.put("reelpipe.feed.jobs.min-gap", "0s");
        properties.put("reelpipe.feed.activity.flush-interval", "1h");
        properties.putAll(extra);
        this.app = new SpringApplicationBuilder(FeedApiApplication.class, StatementCounter.class)
                .run(LocalServices.asArgs(properties));
        this.base = "http://127.0.0.1:" + app.getEnvironment().getRequiredProperty("local.server.port");
    }

    public static FeedTestApp start() throws IOException {
        return new FeedTestApp(Map.of());
    }

    /** Starts it with these properties on top of the test defaults. */
    public static FeedTestApp start(Map<String, Object> properties) throws IOException {
        return new FeedTestApp(properties);
    }

    /** A connection to the test database outside the application (for fixtures), not counted. */
    public static JdbcClient database() {
        return JdbcClient.create(new DriverManagerDataSource(JDBC_URL, "reelpipe", "reelpipe"));
    }

    public <T> T bean(Class<T> type) {
        return app.getBean(type);
    }

    public <T> T bean(String name, Class<T> type) {
        return app.getBean(name, type);
    }

    public String baseUrl() {
        return base;
    }

    public String namespace() {
        return namespace;
    }

    /** A valid bearer token for {@code user}. */
    public String token(String user) {
        return tokens.token(user);
    }

    public DevTokens tokens() {
        return tokens;
    }

    public HttpClient http() {
        return http;
    }

    /** A request to {@code pathAndQuery}, signed in as {@code user} unless that is {@code null}. */
    public HttpRequest.Builder request(String pathAndQuery, String user) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + pathAndQuery))
                .timeout(Duration.ofSeconds(30));
        if (user != null) {
            request.header("Authorization", "Bearer " + token(user));
        }
        return request;
    }

    public HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public HttpResponse<String> get(String pathAndQuery, String user) {
        return send(request(pathAndQuery, user).GET().build());
    }

    public HttpResponse<String> put(String path, String user) {
        return send(request(path, user).PUT(HttpRequest.BodyPublishers.noBody()).build());
    }

    public HttpResponse<String> delete(String path, String user) {
        return send(request(path, user).DELETE().build());
    }

    public HttpResponse<String> post(String path, String user, String json) {
        return send(request(path, user).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    /** The body of a 200 answer, parsed. */
    public JsonNode ok(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    public static JsonNode json(HttpResponse<String> response) {
        return JSON.readTree(response.body());
    }

    /** Asserts a JSON error answer with this status and code, whose message contains each of {@code mentions}. */
    public static void assertError(HttpResponse<String> response, int status, String code, String... mentions) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        JsonNode body = json(response);
        assertThat(body.path("error").asString()).isEqualTo(code);
        if (mentions.length > 0) {
            assertThat(body.path("message").asString()).contains(mentions);
        }
    }

    @Override
    public void close() {
        app.close();
    }
}
