package io.reelpipe.upload.tus;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Adds {@code Tus-Resumable} to every response under {@code /v1/uploads}, refusals by the security chain (401)
 * included, as the protocol asks; registered ahead of every other filter.
 */
final class TusHeaderFilter extends OncePerRequestFilter {

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getRequestURI();
        return !(path.equals("/v1/uploads") || path.startsWith("/v1/uploads/")) || path.startsWith("/v1/uploads/direct");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        response.setHeader("Tus-Resumable", TusController.VERSION);
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
