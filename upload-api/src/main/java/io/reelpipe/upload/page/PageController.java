package io.reelpipe.upload.page;

import io.reelpipe.core.storage.StorageProperties;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * The page's document and its settings. The document is revalidated on every load ({@code no-cache} with a strong
 * {@code ETag}), so a deploy shows at once, while its scripts and styles under {@code /app/} are cached for an hour;
 * it carries a Content-Security-Policy that lets scripts come from this origin only and lets the page talk to exactly
 * feed-api and the CDN edge.
 */
@RestController
class PageController {

    private static final MediaType HTML = new MediaType(MediaType.TEXT_HTML, StandardCharsets.UTF_8);

    private final byte[] document;
    private final String documentTag;
    private final String contentSecurityPolicy;
    private final Map<String, Object> settings;

    PageController(PageProperties page, StorageProperties storage) {
        this.document = read("page/index.html");
        this.documentTag = "\"" + ContentTags.of(document) + "\"";
        String feed = PageProperties.origin(page.feedApiUrl());
        String cdn = PageProperties.origin(storage.publicBaseUrl());
        this.contentSecurityPolicy = "default-src 'none'; script-src 'self'; style-src 'self'; "
                + "img-src 'self' data: blob: " + cdn + "; media-src 'self' blob: " + cdn + "; "
                + "connect-src 'self' " + feed + " " + cdn + "; worker-src 'self' blob:; "
                + "base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
        this.settings = Map.of("feedApi", page.feedApiBase(), "uploadChunkBytes", page.uploadChunkSize().toBytes());
    }

    @GetMapping({"/", "/index.html"})
    ResponseEntity<byte[]> document(@RequestHeader(name = HttpHeaders.IF_NONE_MATCH, required = false) String tag) {
        boolean unchanged = documentTag.equals(tag);
        ResponseEntity.BodyBuilder response = (unchanged ? ResponseEntity.status(304) : ResponseEntity.ok())
                .cacheControl(CacheControl.noCache())
                .eTag(documentTag)
                .header("Content-Security-Policy", contentSecurityPolicy)
                .header("Referrer-Policy", "no-referrer");
        return unchanged ? response.build() : response.contentType(HTML).body(document);
    }

    @GetMapping(path = "/app/settings.json", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Map<String, Object>> settings() {
        return ResponseEntity.ok().cacheControl(CacheControl.noCache()).body(settings);
    }

    private static byte[] read(String path) {
        try (InputStream in = new ClassPathResource(path).getInputStream()) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("the web page's " + path + " is missing from the classpath", e);
        }
    }

}
