package io.reelpipe.feed.feeds;

import io.reelpipe.cache.http.CachedBody;
import io.reelpipe.feed.web.CachedResponses;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.http.MimeTypes;
import org.eclipse.jetty.http.PreEncodedHttpField;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.springframework.boot.jetty.JettyServerCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The cached trending page answered by Jetty itself, in front of the servlet container: a plain {@code GET} of the
 * first page (no {@code Origin}, no {@code If-None-Match}) that this instance holds fresh is written from memory
 * without a servlet request, filter chain or dispatch. Everything else goes on to the servlet container, where
 * {@link CachedTrendingFilter} answers the same page to browsers of other origins (after the CORS filter) and the
 * controller answers the rest.
 */
final class TrendingEdgeHandler extends Handler.Wrapper {

    private static final PreEncodedHttpField CONTENT_TYPE =
            new PreEncodedHttpField(HttpHeader.CONTENT_TYPE, MimeTypes.Type.APPLICATION_JSON.asString());
    private static final PreEncodedHttpField CACHE_CONTROL =
            new PreEncodedHttpField(HttpHeader.CACHE_CONTROL, CachedResponses.PUBLIC_TRENDING);

    private final TrendingPages pages;

    TrendingEdgeHandler(Handler next, TrendingPages pages) {
        super(next);
        this.pages = pages;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        HttpFields headers = request.getHeaders();
        if (!HttpMethod.GET.is(request.getMethod())
                || !TrendingPages.PATH.equals(request.getHttpURI().getPath())
                || headers.contains(HttpHeader.ORIGIN)
                || headers.contains(HttpHeader.IF_NONE_MATCH)) {
            return super.handle(request, response, callback);
        }
        CachedBody page = pages.fresh(request.getHttpURI().getQuery(), TrendingPages.Layer.JETTY);
        if (page == null) {
            return super.handle(request, response, callback);
        }
        response.setStatus(HttpStatus.OK_200);
        HttpFields.Mutable out = response.getHeaders();
        out.add(CONTENT_TYPE);
        out.add(CACHE_CONTROL);
        out.add(HttpHeader.ETAG, page.etag());
        out.add(HttpHeader.CONTENT_LENGTH, page.length());
        response.write(true, page.bodyBuffer(), callback);
        return true;
    }

    /** Puts the handler in front of whatever Spring Boot made the server's handler (the servlet context). */
    @Configuration(proxyBeanMethods = false)
    static class Installation {

        @Bean
        JettyServerCustomizer trendingEdgeHandler(TrendingPages pages) {
            return server -> server.setHandler(new TrendingEdgeHandler(server.getHandler(), pages));
        }
    }
}
