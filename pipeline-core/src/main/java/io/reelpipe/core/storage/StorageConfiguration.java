package io.reelpipe.core.storage;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The media bucket for services that read or write objects; the bucket is created at start-up if missing. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(StorageProperties.class)
public class StorageConfiguration {

    @Bean(destroyMethod = "close")
    ObjectStore objectStore(StorageProperties properties) {
        ObjectStore store = new ObjectStore(properties);
        store.ensureBucket();
        return store;
    }
}
