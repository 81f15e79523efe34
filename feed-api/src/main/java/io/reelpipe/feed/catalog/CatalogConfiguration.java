package io.reelpipe.feed.catalog;

import io.reelpipe.core.catalog.VideoCatalog;
import io.reelpipe.core.storage.StorageProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The video catalog the feed reads. The storage settings are bound only to turn object keys into CDN URLs: the feed
 * API never talks to S3 itself, so it takes no {@code ObjectStore}.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(StorageProperties.class)
class CatalogConfiguration {

    @Bean
    VideoCatalog videoCatalog(JdbcClient jdbc, StorageProperties storage) {
        return new VideoCatalog(jdbc, storage);
    }
}
