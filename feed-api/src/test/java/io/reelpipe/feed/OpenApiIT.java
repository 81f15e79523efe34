package io.reelpipe.feed;

import static org.assertj.core.api.Assertions.assertThat;

import io.reelpipe.feed.support.FeedTestApp;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/** The committed OpenAPI description is the one served, and it lists every endpoint the application maps. */
class OpenApiIT {

    private static FeedTestApp app;

    @BeforeAll
    static void start() throws Exception {
        app = FeedTestApp.start();
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
    }

    @Test
    void everyMappedEndpointIsDescribed() {
        String served = app.get("/v1/openapi.yaml", null).body();
        Set<String> missing = new TreeSet<>();
        app.bean("requestMappingHandlerMapping", RequestMappingHandlerMapping.class).getHandlerMethods().forEach((mapping, method) -> {
            for (String path : mapping.getPatternValues()) {
                for (var verb : mapping.getMethodsCondition().getMethods()) {
                    if (path.startsWith("/v1/") && !served.contains("\n  " + path + ":")) {
                        missing.add(verb + " " + path);
                    }
                }
            }
        });

        assertThat(missing).as("endpoints missing from openapi/feed-api.yaml").isEmpty();
    }
}
