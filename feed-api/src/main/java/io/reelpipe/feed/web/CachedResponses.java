package io.reelpipe.feed.web;

import io.reelpipe.cache.http.CachedBody;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.context.request.ServletWebRequest;

/**
 * The way cached JSON leaves the API: a {@link CachedBody} sent with its strong {@code ETag} and a
 * {@code Cache-Control} header, or {@code 304 Not Modified} when the client's {@code If-None-Match} already names it.
 * The body is written straight from the cached array: no serialization and no copy on a hit.
 */
public final class CachedResponses {

    private CachedResponses() {}

    public static void sendJson(CachedBody body, String cacheControl, HttpServletRequest request,
            HttpServletResponse response) throws IOException {
        response.setHeader(HttpHeaders.CACHE_CONTROL, cacheControl);
        // Sets the ETag header, and on a match the 304 status, per RFC 9110 (weak comparison for If-None-Match).
        if (new ServletWebRequest(request, response).checkNotModified(body.etag())) {
            return;
        }
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        response.setContentLength(body.length());
        body.writeTo(response.getOutputStream());
    }
}
