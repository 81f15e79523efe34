package io.reelpipe.thumbnail;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Entry point of the thumbnail worker pool. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class ThumbnailWorkerApplication {

    public static void main(String[] args) {
        SpringApplication.run(ThumbnailWorkerApplication.class, args);
    }
}
