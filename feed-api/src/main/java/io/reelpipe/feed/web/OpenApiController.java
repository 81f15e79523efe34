package io.reelpipe.feed.web;

import io.reelpipe.cache.http.CachedBody;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.springframework.core.io.ClassPathResource;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /v1/openapi.yaml}: the API's OpenAPI 3.1 description, the file committed at
 * {@code feed-api/src/main/resources/openapi/feed-api.yaml} (a test checks it lists every endpoint). Static: public
 * for an hour, with its ETag.
 */
@RestController
final class OpenApiController {

    static final String LOCATION = "openapi/feed-api.yaml";

    private final CachedBody document;

    OpenApiController() {
        try (InputStream in = new ClassPathResource(LOCATION).getInputStream()) {
            this.document = CachedBody.of(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException("the OpenAPI description " + LOCATION + " is missing from the jar", e);
        }
    }

    @GetMapping("/v1/openapi.yaml")
    void openApi(HttpServletRequest request, HttpServletResponse response) throws IOException {
        CachedResponses.send(document, "application/yaml", CachedResponses.STATIC, request, response);
    }
}
