package io.reelpipe.feed.feeds;

import io.reelpipe.cache.http.CachedBody;
import io.reelpipe.feed.web.CachedResponses;
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
 * The cached trending page ({@link TrendingPages}) answered ahead of Spring MVC's dispatch and request metrics, for
 * the requests {@link TrendingEdgeHandler} leaves to the servlet container: browsers of other origins (this filter runs
 * right after the CORS filter, which adds their headers) and revalidations ({@code If-None-Match}, answered 304 here).
 */
final class CachedTrendingFilter implements Filter {

    private final TrendingPages pages;

    CachedTrendingFilter(TrendingPages pages) {
        this.pages = pages;
    }

    @Override
    public void doFilter(ServletRequest servletRequest, ServletResponse servletResponse, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest request = (HttpServletRequest) servletRequest;
        CachedBody page = "GET".equals(request.getMethod())
                ? pages.fresh(request.getQueryString(), TrendingPages.Layer.SERVLET)
                : null;
        if (page == null) {
            chain.doFilter(servletRequest, servletResponse);
            return;
        }
        CachedResponses.sendJson(page, CachedResponses.PUBLIC_TRENDING, request, (HttpServletResponse) servletResponse);
    }

    /** Registers the filter first, for the trending path only. */
    @Configuration(proxyBeanMethods = false)
    static class Registration {

        @Bean
        FilterRegistrationBean<CachedTrendingFilter> cachedTrendingFilter(TrendingPages pages) {
            FilterRegistrationBean<CachedTrendingFilter> registration =
                    new FilterRegistrationBean<>(new CachedTrendingFilter(pages));
            registration.addUrlPatterns(TrendingPages.PATH);
            // Right after the CORS filter (when browsers of other origins are allowed), ahead of everything else.
            registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 1);
            return registration;
        }
    }
}
