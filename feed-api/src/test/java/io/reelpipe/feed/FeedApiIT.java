package io.reelpipe.feed;

import static java.time.temporal.ChronoUnit.MICROS;
import static org.assertj.core.api.Assertions.assertThat;

import io.reelpipe.feed.support.FeedTestApp;
import io.reelpipe.testkit.LocalServices;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The feed API in-process on the real reelpipe_test database and Redis. Other tests share that database, so this one
 * inserts videos under ids of its own, asserts only about those (their order, which of them appear, which never do)
 * and pages through the feed until it has seen all of them.
 */
class FeedApiIT {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final String OWNER = LocalServices.uniqueName("feedit-owner");
    /** An hour ago, to PostgreSQL's microsecond, so only rows other tests made in the last hour are paged through. */
    private static final Instant T0 = Instant.now().minus(Duration.ofHours(1)).truncatedTo(MICROS);
    private static final String THUMBNAIL_KEY_SUFFIX = "/abcdefgh12345678/poster-360.webp";

    private record Fixture(UUID id, String visibility, String status, Instant createdAt) {

        boolean inFeed() {
            return visibility.equals("PUBLIC") && status.equals("READY");
        }

        String masterKey() {
            return "hls/" + id + "/abcdefgh12345678/master.m3u8";
        }
    }

    private static final List<Fixture> FIXTURES = new ArrayList<>();
    private static final Fixture PUBLIC_NEWEST = fixture("PUBLIC", "READY", 1_000);
    private static final Fixture PRIVATE_READY = fixture("PRIVATE", "READY", 1_500);
    private static final Fixture PUBLIC_2 = fixture("PUBLIC", "READY", 2_000);
    private static final Fixture PUBLIC_PROCESSING = fixture("PUBLIC", "PROCESSING", 2_500);
    private static final Fixture PUBLIC_TIE_A = fixture("PUBLIC", "READY", 3_000);
    private static final Fixture PUBLIC_TIE_B = fixture("PUBLIC", "READY", 3_000);
    private static final Fixture UNLISTED_READY = fixture("UNLISTED", "READY", 3_500);
    private static final Fixture PUBLIC_5 = fixture("PUBLIC", "READY", 4_000);
    private static final Fixture PUBLIC_FAILED = fixture("PUBLIC", "FAILED", 4_500);
    private static final Fixture PUBLIC_OLDEST = fixture("PUBLIC", "READY", 5_000);

    private static FeedTestApp app;
    private static String base;

    private static Fixture fixture(String visibility, String status, long millisBeforeT0) {
        Fixture fixture = new Fixture(UUID.randomUUID(), visibility, status, T0.minusMillis(millisBeforeT0));
        FIXTURES.add(fixture);
        return fixture;
    }

    @BeforeAll
    static void startTheApiAndInsertVideos() throws SQLException, IOException {
        app = FeedTestApp.start();
        base = app.baseUrl();
        insertFixtures();
    }

    @AfterAll
    static void removeVideosAndStop() throws SQLException {
        try (Connection db = database()) {
            try (PreparedStatement delete = db.prepareStatement("DELETE FROM videos WHERE owner_id = ?")) {
                delete.setString(1, OWNER);
                delete.executeUpdate();
            }
            try (PreparedStatement delete = db.prepareStatement("DELETE FROM profiles WHERE id = ?")) {
                delete.setString(1, OWNER);
                delete.executeUpdate();
            }
        } finally {
            if (app != null) {
                app.close();
            }
        }
    }

    private static Connection database() throws SQLException {
        return DriverManager.getConnection(FeedTestApp.JDBC_URL, "reelpipe", "reelpipe");
    }

    private static void insertFixtures() throws SQLException {
        try (Connection db = database()) {
            try (PreparedStatement profile = db.prepareStatement(
                    "INSERT INTO profiles (id, handle, display_name) VALUES (?, ?, ?)")) {
                profile.setString(1, OWNER);
                profile.setString(2, OWNER);
                profile.setString(3, "Feed IT");
                profile.executeUpdate();
            }
            try (PreparedStatement video = db.prepareStatement("""
                    INSERT INTO videos (id, owner_id, title, visibility, status, source_key, source_bytes,
                                        source_sha256, source_format, hls_master_key, duration_ms, width, height,
                                        created_at, ready_at)
                    VALUES (?, ?, ?, ?, ?, ?, 1000, ?, 'mp4', ?, 4000, 1080, 1920, ?, ?)
                    """)) {
                for (Fixture f : FIXTURES) {
                    boolean ready = f.status().equals("READY");
                    OffsetDateTime created = OffsetDateTime.ofInstant(f.createdAt(), ZoneOffset.UTC);
                    video.setObject(1, f.id());
                    video.setString(2, OWNER);
                    video.setString(3, f.visibility() + " " + f.status());
                    video.setString(4, f.visibility());
                    video.setString(5, f.status());
                    video.setString(6, "src/" + f.id() + "/original");
                    video.setString(7, "0".repeat(64));
                    video.setString(8, ready ? f.masterKey() : null);
                    video.setObject(9, created);
                    video.setObject(10, ready ? created.plusSeconds(30) : null);
                    video.addBatch();
                }
                video.executeBatch();
            }
            try (PreparedStatement thumbnail = db.prepareStatement("""
                    INSERT INTO thumbnails (video_id, format, width, height, object_key, content_type)
                    VALUES (?, 'webp', 360, 640, ?, 'image/webp')
                    """)) {
                thumbnail.setObject(1, PUBLIC_NEWEST.id());
                thumbnail.setString(2, "img/" + PUBLIC_NEWEST.id() + THUMBNAIL_KEY_SUFFIX);
                thumbnail.executeUpdate();
            }
        }
    }

    /** This test's videos the feed must show, in feed order: newest first, ties by id descending as PostgreSQL does. */
    private static List<UUID> expectedFeed() {
        return FIXTURES.stream()
                .filter(Fixture::inFeed)
                .sorted(Comparator.comparing(Fixture::createdAt).thenComparing(f -> f.id().toString()).reversed())
                .map(Fixture::id)
                .toList();
    }

    private static HttpResponse<String> get(String pathAndQuery, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + pathAndQuery))
                .timeout(Duration.ofSeconds(10));
        if (headers.length > 0) {
            request.headers(headers);
        }
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode json(HttpResponse<String> response) {
        return JSON.readTree(response.body());
    }

    /** Every page's items, following nextCursor from the top until all of this test's videos were seen. */
    private static List<List<JsonNode>> pagesUntilAllSeen(int limit) {
        Set<UUID> wanted = new HashSet<>(expectedFeed());
        List<List<JsonNode>> pages = new ArrayList<>();
        String cursor = null;
        for (int n = 0; n < 2_000; n++) {
            HttpResponse<String> response =
                    get("/v1/feed?type=latest&limit=" + limit + (cursor == null ? "" : "&cursor=" + cursor));
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            JsonNode page = json(response);
            List<JsonNode> items = new ArrayList<>();
            page.get("items").forEach(items::add);
            pages.add(items);
            items.forEach(item -> wanted.remove(id(item)));
            JsonNode next = page.get("nextCursor");
            if (wanted.isEmpty() || next.isNull()) {
                return pages;
            }
            assertThat(items).as("a page with a next cursor is full").hasSize(limit);
            cursor = next.asString();
        }
        throw new AssertionError("did not reach this test's videos in 2000 pages");
    }

    private static UUID id(JsonNode item) {
        return UUID.fromString(item.get("id").asString());
    }

    private static List<UUID> ids(List<List<JsonNode>> pages) {
        return pages.stream().flatMap(List::stream).map(FeedApiIT::id).toList();
    }

    private static void assertError(HttpResponse<String> response, int status, String code, String... mentions) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/json"));
        JsonNode error = json(response);
        assertThat(error.get("error").asString()).isEqualTo(code);
        String message = error.get("message").asString();
        assertThat(message).isNotBlank();
        for (String mention : mentions) {
            assertThat(message).contains(mention);
        }
    }

    @Test
    void theLatestFeedShowsOnlyPublicReadyVideosNewestFirst() {
        assertThat(expectedFeed()).startsWith(PUBLIC_NEWEST.id(), PUBLIC_2.id())
                .endsWith(PUBLIC_5.id(), PUBLIC_OLDEST.id());

        List<UUID> seen = ids(pagesUntilAllSeen(50));

        List<UUID> mine = seen.stream().filter(id -> FIXTURES.stream().anyMatch(f -> f.id().equals(id))).toList();
        assertThat(mine).containsExactlyElementsOf(expectedFeed());
        assertThat(seen).doesNotContain(PRIVATE_READY.id(), PUBLIC_PROCESSING.id(), UNLISTED_READY.id(),
                PUBLIC_FAILED.id());
    }

    @Test
    void feedItemsCarryCdnUrlsForPlaylistAndThumbnails() {
        JsonNode item = pagesUntilAllSeen(50).stream().flatMap(List::stream)
                .filter(candidate -> id(candidate).equals(PUBLIC_NEWEST.id()))
                .findFirst().orElseThrow();

        String cdn = LocalServices.CDN_BASE + "/" + app.namespace() + "/";
        assertThat(item.get("hlsUrl").asString()).isEqualTo(cdn + PUBLIC_NEWEST.masterKey());
        assertThat(item.get("thumbnails").get(0).get("url").asString())
                .isEqualTo(cdn + "img/" + PUBLIC_NEWEST.id() + THUMBNAIL_KEY_SUFFIX);
        assertThat(item.get("createdAt").asString()).isEqualTo(PUBLIC_NEWEST.createdAt().toString());
        assertThat(item.get("ownerId").asString()).isEqualTo(OWNER);
    }

    @Test
    void pagingWithTheCursorHasNoDuplicatesOrGapsEvenAcrossTiedCreationTimes() {
        List<List<JsonNode>> pages = pagesUntilAllSeen(2);

        List<UUID> all = ids(pages);
        assertThat(all).doesNotHaveDuplicates();
        assertThat(pages).allSatisfy(page -> assertThat(page).hasSizeLessThanOrEqualTo(2));
        List<UUID> mine = all.stream().filter(new HashSet<>(expectedFeed())::contains).toList();
        assertThat(mine).containsExactlyElementsOf(expectedFeed());
        assertThat(expectedFeed()).contains(PUBLIC_TIE_A.id(), PUBLIC_TIE_B.id());
    }

    @Test
    void theLimitMustBeBetweenOneAndFifty() {
        assertError(get("/v1/feed?type=latest&limit=0"), 400, "invalid_limit", "between 1 and 50", "0");
        assertError(get("/v1/feed?type=latest&limit=51"), 400, "invalid_limit", "51");
        assertError(get("/v1/feed?type=latest&limit=ten"), 400, "invalid_limit", "integer", "'ten'");

        assertThat(json(get("/v1/feed?type=latest&limit=1")).get("items").size()).isEqualTo(1);
        assertThat(json(get("/v1/feed?type=latest&limit=50")).get("items").size()).isLessThanOrEqualTo(50);
        assertThat(json(get("/v1/feed?type=latest")).get("items").size()).isLessThanOrEqualTo(20);
    }

    @Test
    void aMalformedCursorIsABadRequestWithAReason() {
        assertError(get("/v1/feed?type=latest&cursor=not-a-cursor%21"), 400, "invalid_cursor", "base64url");
        assertError(get("/v1/feed?type=latest&cursor=AAAA"), 400, "invalid_cursor", "not one this service issued");
    }

    @Test
    void anUnknownOrMissingFeedTypeIsABadRequestNamingTheValue() {
        assertError(get("/v1/feed?type=sound"), 400, "unknown_feed_type", "'sound'", "/v1/sounds/{id}/videos");
        assertError(get("/v1/feed?type=bogus"), 400, "unknown_feed_type", "'bogus'", "latest");
        assertError(get("/v1/feed"), 400, "missing_type", "'type'");
    }

    @Test
    void aPageCarriesAStrongEtagAndAnswersAMatchingIfNoneMatchWith304() {
        for (int attempt = 0; attempt < 5; attempt++) {
            HttpResponse<String> first = get("/v1/feed?type=latest&limit=5");
            assertThat(first.statusCode()).isEqualTo(200);
            assertThat(first.headers().firstValue("Cache-Control")).hasValue("public, max-age=2");
            String etag = first.headers().firstValue("ETag").orElseThrow();
            assertThat(etag).matches("\"[A-Za-z0-9_-]+\"");

            assertThat(get("/v1/feed?type=latest&limit=5", "If-None-Match", "\"something-else\"").statusCode())
                    .isEqualTo(200);
            HttpResponse<String> again = get("/v1/feed?type=latest&limit=5", "If-None-Match", etag);
            if (again.statusCode() == 200) {
                // Another test's video reached the first page in between: the page changed, and so did its tag.
                assertThat(again.headers().firstValue("ETag")).isNotEqualTo(first.headers().firstValue("ETag"));
                continue;
            }
            assertThat(again.statusCode()).isEqualTo(304);
            assertThat(again.body()).isEmpty();
            assertThat(again.headers().firstValue("ETag")).hasValue(etag);
            return;
        }
        throw new AssertionError("the first page changed on every one of 5 attempts");
    }

    @Test
    void aPublicOrUnlistedReadyVideoIsShownByItsId() {
        HttpResponse<String> response = get("/v1/videos/" + PUBLIC_NEWEST.id());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode video = json(response);
        assertThat(video.get("id").asString()).isEqualTo(PUBLIC_NEWEST.id().toString());
        assertThat(video.get("status").asString()).isEqualTo("READY");
        assertThat(response.headers().firstValue("ETag")).isPresent();
        assertThat(get("/v1/videos/" + PUBLIC_NEWEST.id(), "If-None-Match",
                response.headers().firstValue("ETag").orElseThrow()).statusCode()).isEqualTo(304);

        assertThat(get("/v1/videos/" + UNLISTED_READY.id()).statusCode()).isEqualTo(200);
    }

    @Test
    void aPrivateUnfinishedOrUnknownVideoIsNotFound() {
        assertError(get("/v1/videos/" + PRIVATE_READY.id()), 404, "video_not_found", PRIVATE_READY.id().toString());
        assertError(get("/v1/videos/" + PUBLIC_PROCESSING.id()), 404, "video_not_found");
        assertError(get("/v1/videos/" + UUID.randomUUID()), 404, "video_not_found");
    }

    @Test
    void aMalformedVideoIdIsABadRequestAndAnUnknownPathAJson404() {
        assertError(get("/v1/videos/not-a-uuid"), 400, "invalid_id", "UUID", "'not-a-uuid'");
        HttpResponse<String> unknown = get("/v1/nothing-here");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(json(unknown).get("error").asString()).isEqualTo("not_found");
    }

    @Test
    void aWrongMethodIsAJson405NamingTheAllowedOnes() throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/v1/feed?type=latest"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(405);
        assertThat(json(response).get("error").asString()).isEqualTo("method_not_allowed");
        assertThat(response.headers().firstValue("Allow"))
                .hasValueSatisfying(allow -> assertThat(allow).contains("GET"));
    }

    @Test
    void healthAndCacheMetricsAreExposed() {
        get("/v1/feed?type=latest&limit=3");
        get("/v1/feed?type=latest&limit=3");

        HttpResponse<String> health = get("/actuator/health/readiness");
        assertThat(health.statusCode()).as(health.body()).isEqualTo(200);
        String metrics = get("/actuator/prometheus").body();
        assertThat(metrics).contains("reelpipe_cache_hits_total{").contains("cache=\"feed-latest\"")
                .contains("tier=\"l1\"");
    }

    @Test
    void everyDatabaseConnectionHasAFiveSecondStatementTimeout() {
        JdbcClient jdbc = JdbcClient.create(app.bean(DataSource.class));

        assertThat(jdbc.sql("SHOW statement_timeout").query(String.class).single()).isEqualTo("5s");
    }
}
