package io.reelpipe.e2e;

import io.reelpipe.core.messaging.Topology;
import io.reelpipe.feed.FeedApiApplication;
import io.reelpipe.testkit.DevTokens;
import io.reelpipe.testkit.LocalServices;
import io.reelpipe.thumbnail.ThumbnailWorkerApplication;
import io.reelpipe.transcode.TranscoderWorkerApplication;
import io.reelpipe.upload.UploadApiApplication;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The four services in this JVM, each its own Spring context as they would be separate processes, on the real
 * engines, with their own AMQP namespace and bucket.
 */
final class LocalPipeline implements AutoCloseable {

    private static final List<String> SECURITY_AUTO_CONFIGURATIONS = List.of(
            "org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration",
            "org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration",
            "org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration",
            "org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterAutoConfiguration",
            "org.springframework.boot.security.autoconfigure.actuate.web.servlet.ManagementWebSecurityAutoConfiguration",
            "org.springframework.boot.security.oauth2.server.resource.autoconfigure.web."
                    + "OAuth2ResourceServerWebSecurityAutoConfiguration");

    final DevTokens tokens;
    final String namespace = LocalServices.uniqueName("it-e2e");
    final String uploadApi;
    final String feedApi;
    private final List<ConfigurableApplicationContext> apps = new ArrayList<>();

    /**
     * Starts upload-api, both workers and feed-api.
     *
     * @param keys  where the test's token key goes
     * @param extra properties for every service
     */
    LocalPipeline(Path keys, Map<String, Object> extra) {
        LocalServices.requireUp();
        tokens = new DevTokens(keys);
        Map<String, Object> properties = LocalServices.springProperties(namespace, namespace);
        properties.put("reelpipe.jwt.public-key", tokens.publicKeyPem().toString());
        properties.putAll(extra);
        // The web page upload-api serves calls feed-api from the browser: each must know the other's address.
        int feedPort = freePort();
        Map<String, Object> uploadProperties = new java.util.LinkedHashMap<>(properties);
        uploadProperties.put("reelpipe.page.feed-api-url", "http://127.0.0.1:" + feedPort);
        ConfigurableApplicationContext upload =
                new SpringApplicationBuilder(UploadApiApplication.class).run(LocalServices.asArgs(uploadProperties));
        apps.add(upload);
        uploadApi = "http://127.0.0.1:" + upload.getEnvironment().getProperty("local.server.port");
        // One JVM holds every service's classpath; the others must not pick up upload-api's Spring Security web
        // configuration, which their own deployables do not carry (feed-api verifies tokens without it).
        Map<String, Object> workers = new java.util.LinkedHashMap<>(properties);
        workers.put("spring.autoconfigure.exclude", String.join(",", SECURITY_AUTO_CONFIGURATIONS));
        apps.add(new SpringApplicationBuilder(TranscoderWorkerApplication.class).run(LocalServices.asArgs(workers)));
        apps.add(new SpringApplicationBuilder(ThumbnailWorkerApplication.class).run(LocalServices.asArgs(workers)));
        Map<String, Object> feedProperties = new java.util.LinkedHashMap<>(workers);
        feedProperties.put("server.port", feedPort);
        feedProperties.put("reelpipe.cors.allowed-origins", uploadApi);
        ConfigurableApplicationContext feed =
                new SpringApplicationBuilder(FeedApiApplication.class).run(LocalServices.asArgs(feedProperties));
        apps.add(feed);
        feedApi = "http://127.0.0.1:" + feed.getEnvironment().getProperty("local.server.port");
    }

    /** A loopback port nobody listens on right now (feed-api's, which upload-api must know before it starts). */
    private static int freePort() {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("no free loopback port for feed-api", e);
        }
    }

    @Override
    public void close() {
        for (ConfigurableApplicationContext app : apps.reversed()) {
            app.close();
        }
        CachingConnectionFactory rabbit = new CachingConnectionFactory(LocalServices.HOST, LocalServices.RABBIT_PORT);
        RabbitAdmin admin = new RabbitAdmin(rabbit);
        new Topology(namespace, 5).queues().forEach(admin::deleteQueue);
        rabbit.destroy();
    }
}
