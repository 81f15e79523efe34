package io.reelpipe.feed;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Entry point of the feed API. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class FeedApiApplication {

    public static void main(String[] args) {
        SpringApplication.run(FeedApiApplication.class, args);
    }
}
