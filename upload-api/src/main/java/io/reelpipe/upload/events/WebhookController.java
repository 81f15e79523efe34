package io.reelpipe.upload.events;

import io.reelpipe.upload.security.CurrentUser;
import io.reelpipe.upload.web.ApiException;
import java.io.IOException;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * A creator's webhook endpoints: {@code POST /v1/webhooks} registers one ({@code url}, optional {@code events}) and
 * returns its signing secret, once; {@code GET} lists them (without secrets); {@code DELETE /v1/webhooks/{id}}
 * removes one. Endpoints of other creators are 404.
 */
@RestController
class WebhookController {

    static final Set<String> EVENTS = Set.of(VideoEvents.READY, VideoEvents.FAILED, VideoEvents.RENDITION_READY);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final JdbcClient jdbc;
    private final WebhookTargets targets;
    private final WebhookProperties properties;

    WebhookController(JdbcClient jdbc, WebhookTargets targets, WebhookProperties properties) {
        this.jdbc = jdbc;
        this.targets = targets;
        this.properties = properties;
    }

    /**
     * A registered endpoint.
     *
     * @param secret only in the answer to the registration
     */
    record Webhook(UUID id, String url, List<String> events, String secret, Instant createdAt) {}

    @PostMapping("/v1/webhooks")
    @Transactional
    ResponseEntity<Webhook> register(@RequestBody JsonNode body, @AuthenticationPrincipal Jwt jwt) throws IOException {
        CurrentUser user = CurrentUser.of(jwt);
        if (body == null || !body.isObject()) {
            throw invalid("the body must be a JSON object with a 'url'");
        }
        for (String name : body.propertyNames()) {
            if (!name.equals("url") && !name.equals("events")) {
                throw new ApiException(HttpStatus.BAD_REQUEST, "unknown_field",
                        "unknown field '" + (name.length() > 40 ? name.substring(0, 40) : name) + "'; accepted: url, events");
            }
        }
        String url = body.path("url").isString() ? body.path("url").asString() : null;
        String refusal = targets.refusal(url);
        if (refusal != null) {
            throw invalid(refusal);
        }
        Set<String> events = new LinkedHashSet<>();
        if (body.has("events")) {
            if (!body.path("events").isArray() || body.path("events").isEmpty()) {
                throw invalid("events must be a non-empty array of " + String.join(", ", EVENTS));
            }
            for (JsonNode event : body.path("events")) {
                if (!event.isString() || !EVENTS.contains(event.asString())) {
                    throw invalid("unknown event " + event + "; known: " + String.join(", ", EVENTS));
                }
                events.add(event.asString());
            }
        } else {
            events.addAll(List.of(VideoEvents.READY, VideoEvents.FAILED, VideoEvents.RENDITION_READY));
        }
        jdbc.sql("INSERT INTO profiles (id) VALUES (?) ON CONFLICT (id) DO NOTHING").param(user.id()).update();
        jdbc.sql("SELECT pg_advisory_xact_lock(hashtext(?))").param("webhooks:" + user.id()).query((rs, n) -> 1).list();
        long existing = jdbc.sql("SELECT count(*) FROM webhook_subscriptions WHERE owner_id = ?").param(user.id())
                .query(Long.class).single();
        if (existing >= properties.maxPerCreator()) {
            throw new ApiException(HttpStatus.CONFLICT, "too_many_webhooks",
                    "a creator may register at most " + properties.maxPerCreator() + " webhooks");
        }
        byte[] secretBytes = new byte[32];
        RANDOM.nextBytes(secretBytes);
        String secret = "whsec_" + HexFormat.of().formatHex(secretBytes);
        UUID id = UUID.randomUUID();
        Instant createdAt = jdbc.sql("""
                INSERT INTO webhook_subscriptions (id, owner_id, url, secret, events) VALUES (?, ?, ?, ?, ?)
                RETURNING created_at
                """).param(id).param(user.id()).param(url).param(secret).param(events.toArray(String[]::new))
                .query((rs, n) -> rs.getTimestamp(1).toInstant()).single();
        return ResponseEntity.created(URI.create("/v1/webhooks/" + id))
                .body(new Webhook(id, url, new ArrayList<>(events), secret, createdAt));
    }

    @GetMapping("/v1/webhooks")
    Map<String, List<Webhook>> list(@AuthenticationPrincipal Jwt jwt) {
        List<Webhook> webhooks = jdbc.sql("""
                SELECT id, url, events, created_at FROM webhook_subscriptions WHERE owner_id = ? ORDER BY created_at
                """).param(CurrentUser.of(jwt).id())
                .query((rs, n) -> new Webhook(rs.getObject("id", UUID.class), rs.getString("url"),
                        List.of((String[]) rs.getArray("events").getArray()), null,
                        rs.getTimestamp("created_at").toInstant()))
                .list();
        return Map.of("webhooks", webhooks);
    }

    @DeleteMapping("/v1/webhooks/{id}")
    ResponseEntity<Void> delete(@PathVariable("id") UUID id, @AuthenticationPrincipal Jwt jwt) {
        int deleted = jdbc.sql("DELETE FROM webhook_subscriptions WHERE id = ? AND owner_id = ?")
                .param(id).param(CurrentUser.of(jwt).id()).update();
        if (deleted == 0) {
            throw new ApiException(HttpStatus.NOT_FOUND, "not_found", "no webhook " + id);
        }
        return ResponseEntity.noContent().build();
    }

    private static ApiException invalid(String message) {
        return new ApiException(HttpStatus.BAD_REQUEST, "invalid_field", message);
    }
}
