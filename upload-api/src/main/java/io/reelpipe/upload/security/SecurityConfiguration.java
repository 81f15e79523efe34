package io.reelpipe.upload.security;

import io.reelpipe.core.security.BearerTokens;
import io.reelpipe.core.security.CorsProperties;
import io.reelpipe.core.security.JwtProperties;
import jakarta.servlet.DispatcherType;
import java.util.List;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.CorsConfigurationSource;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;

/**
 * Bearer-token security: every {@code /v1} endpoint needs a JWT as {@link BearerTokens} defines it (RS256 by the
 * configured key, configured issuer and audience, unexpired, a valid user id as subject). Health and metrics stay open
 * for the orchestrator (they bind to loopback or the cluster network only).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({JwtProperties.class, CorsProperties.class})
class SecurityConfiguration {

    @Bean
    SecurityFilterChain securityFilterChain(HttpSecurity http) throws Exception {
        http.authorizeHttpRequests(requests -> requests
                        .requestMatchers("/actuator/health/**", "/actuator/health", "/actuator/info", "/actuator/prometheus")
                        .permitAll()
                        // An error page for a request already let through (a missing page asset is a 404, not a 401).
                        .dispatcherTypeMatchers(DispatcherType.ERROR)
                        .permitAll()
                        // The web page and its assets: the page signs in with a bearer token of its own.
                        .requestMatchers(HttpMethod.GET, "/", "/index.html", "/app/**", "/webjars/**")
                        .permitAll()
                        // tus discovery (and CORS preflight) carry no credentials.
                        .requestMatchers(HttpMethod.OPTIONS, "/v1/uploads", "/v1/uploads/*")
                        .permitAll()
                        .anyRequest()
                        .authenticated())
                .cors(Customizer.withDefaults())
                .csrf(csrf -> csrf.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .oauth2ResourceServer(oauth -> oauth.jwt(Customizer.withDefaults()));
        return http.build();
    }

    /**
     * CORS for the configured origins only: the tus and upload headers a browser client sends and must read (tus-js-
     * client reads {@code Location}, {@code Upload-Offset} and friends). Bearer tokens, not cookies: no credentials.
     */
    @Bean
    CorsConfigurationSource corsConfigurationSource(CorsProperties properties) {
        UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
        if (properties.allowedOrigins().isEmpty()) {
            return source;
        }
        CorsConfiguration cors = new CorsConfiguration();
        cors.setAllowedOrigins(properties.allowedOrigins());
        cors.setAllowedMethods(List.of("GET", "POST", "PATCH", "HEAD", "DELETE", "OPTIONS"));
        cors.setAllowedHeaders(List.of("Authorization", "Content-Type", "Tus-Resumable", "Upload-Length",
                "Upload-Offset", "Upload-Metadata", "Upload-Checksum", "Upload-Defer-Length",
                "X-HTTP-Method-Override", "X-Requested-With"));
        cors.setExposedHeaders(List.of("Location", "Upload-Offset", "Upload-Length", "Upload-Expires",
                "Upload-Metadata", "Tus-Resumable", "Tus-Version", "Tus-Extension", "Tus-Max-Size",
                "Tus-Checksum-Algorithm", "ReelPipe-Video", "Retry-After"));
        cors.setMaxAge(properties.maxAge());
        source.registerCorsConfiguration("/v1/**", cors);
        return source;
    }

    @Bean
    JwtDecoder jwtDecoder(JwtProperties properties) {
        return BearerTokens.decoder(properties);
    }
}
