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
 *
 * <p>The {@code Cache-Control} values of the API, per the brief: trending is public for 5 minutes, recommendations
 * private for a minute, static documents public for an hour; anything that depends on the viewer is never public.
 */
public final class CachedResponses {

    /** Trending: the same for everybody, recomputed every 5 minutes. */
    public static final String PUBLIC_TRENDING = "public, max-age=300";
    /** A signed-in viewer's recommendations. */
    public static final String PRIVATE_RECOMMENDATIONS = "private, max-age=60";
    /** Other responses that depend on the viewer: kept by the client only, revalidated (cheaply, by ETag) each time. */
    public static final String PRIVATE_REVALIDATE = "private, no-cache";
    /** Documents that change only with a deployment, such as the OpenAPI description. */
    public static final String STATIC = "public, max-age=3600";

    private CachedResponses() {}

    public static void sendJson(CachedBody body, String cacheControl, HttpServletRequest request,
            HttpServletResponse response) throws IOException {
        send(body, MediaType.APPLICATION_JSON_VALUE, cacheControl, request, response);
    }

    /**
     * Like {@link #sendJson}, for a response whose content depends on whether (and who) the request is signed in:
     * shared caches must key it by the {@code Authorization} header.
     */
    public static void sendJsonVaryingByViewer(CachedBody body, String cacheControl, HttpServletRequest request,
            HttpServletResponse response) throws IOException {
        response.addHeader(HttpHeaders.VARY, HttpHeaders.AUTHORIZATION);
        sendJson(body, cacheControl, request, response);
    }

    public static void send(CachedBody body, String contentType, String cacheControl, HttpServletRequest request,
            HttpServletResponse response) throws IOException {
        response.setHeader(HttpHeaders.CACHE_CONTROL, cacheControl);
        // Sets the ETag header, and on a match the 304 status, per RFC 9110 (weak comparison for If-None-Match).
        if (new ServletWebRequest(request, response).checkNotModified(body.etag())) {
            return;
        }
        response.setContentType(contentType);
        response.setContentLength(body.length());
        body.writeTo(response.getOutputStream());
    }
}
