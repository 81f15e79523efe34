package io.reelpipe.upload.page;

import java.time.Duration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.CacheControl;
import org.springframework.web.servlet.config.annotation.ResourceHandlerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Serves the page's scripts and styles from {@code classpath:/page/app/} under {@code /app/}, cached for an hour as the
 * brief sets for static files (hls.js comes from its WebJar under {@code /webjars/}, cached the same way by
 * {@code spring.web.resources.cache}).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(PageProperties.class)
class PageConfiguration implements WebMvcConfigurer {

    static final Duration STATIC_MAX_AGE = Duration.ofHours(1);

    @Override
    public void addResourceHandlers(ResourceHandlerRegistry registry) {
        registry.addResourceHandler("/app/**")
                .addResourceLocations("classpath:/page/app/")
                .setCacheControl(CacheControl.maxAge(STATIC_MAX_AGE).cachePublic())
                .setEtagGenerator(new ContentTags()::of);
    }
}
