package io.reelpipe.upload.tus;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Adds {@code Tus-Resumable} to every response under {@code /v1/uploads}, refusals by the security chain (401)
 * included, as the protocol asks; and honours {@code X-HTTP-Method-Override: PATCH|DELETE|HEAD} on a {@code POST} to an
 * upload, for clients behind proxies that only pass GET and POST (tus recommends it). Registered ahead of every other
 * filter, so security and the controller see the overridden method.
 */
final class TusHeaderFilter extends OncePerRequestFilter {

    private static final java.util.Set<String> OVERRIDABLE = java.util.Set.of("PATCH", "DELETE", "HEAD");

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getRequestURI();
        return !(path.equals("/v1/uploads") || path.startsWith("/v1/uploads/")) || path.startsWith("/v1/uploads/direct");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        response.setHeader("Tus-Resumable", TusController.VERSION);
        String override = request.getHeader("X-HTTP-Method-Override");
        if ("POST".equals(request.getMethod()) && override != null && OVERRIDABLE.contains(override)
                && request.getRequestURI().startsWith("/v1/uploads/")) {
            chain.doFilter(new HttpServletRequestWrapper(request) {
                @Override
                public String getMethod() {
                    return override;
                }
            }, response);
            return;
        }
        chain.doFilter(request, response);
    }

    /** Registers the filter first in the chain. */
    @Configuration(proxyBeanMethods = false)
    static class Registration {

        @Bean
        FilterRegistrationBean<TusHeaderFilter> tusHeaderFilter() {
            FilterRegistrationBean<TusHeaderFilter> registration = new FilterRegistrationBean<>(new TusHeaderFilter());
            registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
            registration.addUrlPatterns("/v1/uploads", "/v1/uploads/*");
            return registration;
        }
    }
}
