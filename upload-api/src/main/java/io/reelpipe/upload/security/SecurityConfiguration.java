package io.reelpipe.upload.security;

import io.reelpipe.core.security.BearerTokens;
import io.reelpipe.core.security.JwtProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Bearer-token security: every {@code /v1} endpoint needs a JWT as {@link BearerTokens} defines it (RS256 by the
 * configured key, configured issuer and audience, unexpired, a valid user id as subject). Health and metrics stay open
 * for the orchestrator (they bind to loopback or the cluster network only).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(JwtProperties.class)
class SecurityConfiguration {

    @Bean
    SecurityFilterChain securityFilterChain(HttpSecurity http) throws Exception {
        http.authorizeHttpRequests(requests -> requests
                        .requestMatchers("/actuator/health/**", "/actuator/health", "/actuator/info", "/actuator/prometheus")
                        .permitAll()
                        // tus discovery (and CORS preflight) carry no credentials.
                        .requestMatchers(HttpMethod.OPTIONS, "/v1/uploads", "/v1/uploads/*")
                        .permitAll()
                        .anyRequest()
                        .authenticated())
                .csrf(csrf -> csrf.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .oauth2ResourceServer(oauth -> oauth.jwt(Customizer.withDefaults()));
        return http.build();
    }

    @Bean
    JwtDecoder jwtDecoder(JwtProperties properties) {
        return BearerTokens.decoder(properties);
    }
}
