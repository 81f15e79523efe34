package io.reelpipe.transcode;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Entry point of the transcoder worker pool. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class TranscoderWorkerApplication {

    public static void main(String[] args) {
        SpringApplication.run(TranscoderWorkerApplication.class, args);
    }
}
