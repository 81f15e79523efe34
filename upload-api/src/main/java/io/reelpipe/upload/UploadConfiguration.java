package io.reelpipe.upload;

import io.reelpipe.core.catalog.VideoCatalog;
import io.reelpipe.core.messaging.MessagingConfiguration;
import io.reelpipe.core.storage.StorageConfiguration;
import io.reelpipe.core.storage.StorageProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Shared infrastructure of upload-api: messaging, the media bucket and the catalog. */
@Configuration(proxyBeanMethods = false)
@Import({MessagingConfiguration.class, StorageConfiguration.class})
class UploadConfiguration {

    @Bean
    VideoCatalog videoCatalog(JdbcClient jdbc, StorageProperties storage) {
        return new VideoCatalog(jdbc, storage);
    }
}
