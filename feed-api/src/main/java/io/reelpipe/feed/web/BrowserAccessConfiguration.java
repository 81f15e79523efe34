package io.reelpipe.feed.web;

import io.reelpipe.core.security.CorsProperties;
import java.util.List;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;
import org.springframework.web.filter.CorsFilter;

/**
 * CORS for the web page's origins ({@code reelpipe.cors.allowed-origins}; none by default, and then no filter): the
 * page is served by upload-api and reads feeds, posts views and toggles likes here. The filter runs first, ahead of
 * the cached-trending fast path, so every answer a browser reads carries the headers and preflights never reach a
 * controller. Bearer tokens, not cookies: no credentials.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(CorsProperties.class)
class BrowserAccessConfiguration {

    @Bean
    FilterRegistrationBean<CorsFilter> corsFilter(CorsProperties properties) {
        CorsConfiguration cors = new CorsConfiguration();
        cors.setAllowedOrigins(properties.allowedOrigins());
        cors.setAllowedMethods(List.of("GET", "HEAD", "POST", "PUT", "DELETE"));
        cors.setAllowedHeaders(List.of("Authorization", "Content-Type", "If-None-Match", "Idempotency-Key",
                "Last-Event-ID"));
        cors.setExposedHeaders(List.of("ETag", "Retry-After"));
        cors.setMaxAge(properties.maxAge());
        UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
        source.registerCorsConfiguration("/v1/**", cors);
        FilterRegistrationBean<CorsFilter> registration = new FilterRegistrationBean<>(new CorsFilter(source));
        registration.addUrlPatterns("/v1/*");
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        registration.setEnabled(!properties.allowedOrigins().isEmpty());
        return registration;
    }
}
