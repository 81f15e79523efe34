package io.reelpipe.thumbnail;

import io.reelpipe.core.contract.JobKind;
import io.reelpipe.core.worker.WorkerConfiguration;
import io.reelpipe.core.worker.WorkerKind;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/**
 * Entry point of the thumbnail worker pool: consumes thumbnail jobs with the shared worker loop of pipeline-core and
 * turns each into poster images (see {@code io.reelpipe.thumbnail.poster}).
 */
@SpringBootApplication
@ConfigurationPropertiesScan
@Import(WorkerConfiguration.class)
public class ThumbnailWorkerApplication {

    public static void main(String[] args) {
        SpringApplication.run(ThumbnailWorkerApplication.class, args);
    }

    @Bean
    WorkerKind workerKind() {
        return new WorkerKind(JobKind.THUMBNAIL);
    }
}
