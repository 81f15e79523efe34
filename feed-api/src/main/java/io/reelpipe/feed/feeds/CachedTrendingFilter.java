package io.reelpipe.feed.feeds;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.reelpipe.cache.http.CachedBody;
import io.reelpipe.feed.cache.FeedCaches;
import io.reelpipe.feed.web.CachedResponses;
import io.reelpipe.feed.web.Paging;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/**
 * The hottest public page, {@code GET /v1/trending/videos} (first page, any valid {@code limit}), answered straight
 * from this instance's memory when it holds the page fresh, ahead of the web framework's dispatch and request
 * metrics: a cached trending page costs a map lookup and a write. Anything else, and any miss, goes on to
 * {@link FeedController}, which also keeps the cache filled. Counted in {@code reelpipe.feed.fast.hits}.
 */
final class CachedTrendingFilter implements Filter {

    static final String PATH = "/v1/trending/videos";

    private final FeedCaches caches;
    private final Counter served;

    CachedTrendingFilter(FeedCaches caches, MeterRegistry registry) {
        this.caches = caches;
        this.served = Counter.builder("reelpipe.feed.fast.hits")
                .description("Cached trending pages served ahead of the web framework")
                .register(registry);
    }

    @Override
    public void doFilter(ServletRequest servletRequest, ServletResponse servletResponse, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest request = (HttpServletRequest) servletRequest;
        int limit = "GET".equals(request.getMethod()) ? firstPageLimit(request.getQueryString()) : 0;
        byte[] page = limit == 0 ? null : caches.trending()
                .peek(new FeedRequest(FeedType.TRENDING, null, limit, null, null).cacheKey());
        if (page == null) {
            chain.doFilter(servletRequest, servletResponse);
            return;
        }
        served.increment();
        CachedResponses.sendJson(CachedBody.decode(page), CachedResponses.PUBLIC_TRENDING, request,
                (HttpServletResponse) servletResponse);
    }

    /** The limit of a first-page query ({@code null} or exactly {@code limit=N}, N valid), or 0 for anything else. */
    static int firstPageLimit(String query) {
        if (query == null || query.isEmpty()) {
            return Paging.DEFAULT_LIMIT;
        }
        if (!query.startsWith("limit=") || query.length() > "limit=".length() + 2) {
            return 0;
        }
        int limit = 0;
        for (int i = "limit=".length(); i < query.length(); i++) {
            char c = query.charAt(i);
            if (c < '0' || c > '9') {
                return 0;
            }
            limit = limit * 10 + (c - '0');
        }
        return limit >= 1 && limit <= Paging.MAX_LIMIT ? limit : 0;
    }

    /** Registers the filter first, for the trending path only. */
    @Configuration(proxyBeanMethods = false)
    static class Registration {

        @Bean
        FilterRegistrationBean<CachedTrendingFilter> cachedTrendingFilter(FeedCaches caches, MeterRegistry registry) {
            FilterRegistrationBean<CachedTrendingFilter> registration =
                    new FilterRegistrationBean<>(new CachedTrendingFilter(caches, registry));
            registration.addUrlPatterns(PATH);
            // Right after the CORS filter (when browsers of other origins are allowed), ahead of everything else.
            registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 1);
            return registration;
        }
    }
}
