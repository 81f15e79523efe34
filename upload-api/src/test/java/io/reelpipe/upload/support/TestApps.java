package io.reelpipe.upload.support;

import io.reelpipe.core.contract.JobEvent;
import io.reelpipe.core.contract.MessageCodec;
import io.reelpipe.core.messaging.ConfirmedPublisher;
import io.reelpipe.core.messaging.Topology;
import io.reelpipe.core.storage.StorageProperties;
import io.reelpipe.testkit.DevTokens;
import io.reelpipe.testkit.LocalServices;
import io.reelpipe.upload.UploadApiApplication;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;

/**
 * Starting an upload-api for a test on the shared engines (its own AMQP namespace, bucket and limit keys, the test's
 * signing key), and closing it again, removing what it made there: its queues and its bucket.
 */
public final class TestApps {

    private TestApps() {}

    /** Properties of an upload-api of its own, named after {@code prefix}, trusting {@code tokens}. */
    public static Map<String, Object> properties(String prefix, DevTokens tokens, Path dir) {
        String ns = LocalServices.uniqueName(prefix);
        Map<String, Object> properties = LocalServices.springProperties(ns, ns);
        properties.put("reelpipe.jwt.public-key", tokens.publicKeyPem().toString());
        properties.put("reelpipe.limits.key-prefix", ns);
        properties.put("reelpipe.uploads.spool-dir", dir.resolve("spool").toString());
        return properties;
    }

    public static ConfigurableApplicationContext start(Map<String, Object> properties) {
        return new SpringApplicationBuilder(UploadApiApplication.class).run(LocalServices.asArgs(properties));
    }

    /** Publishes a worker's event to the app's events exchange, as a worker would (confirmed by the broker). */
    public static void publish(ConfigurableApplicationContext app, JobEvent event) {
        Topology topology = app.getBean(Topology.class);
        app.getBean(ConfirmedPublisher.class).publish(topology.eventsExchange(), event.routingKey(), event.eventId(),
                app.getBean(MessageCodec.class).write(event));
    }

    /** The HTTP base URL of a started upload-api. */
    public static String base(ConfigurableApplicationContext app) {
        return "http://127.0.0.1:" + app.getEnvironment().getProperty("local.server.port");
    }

    /** A file of {@code size} bytes that sniffs as a video: {@code head} (a real clip) first, then random bytes. */
    public static byte[] videoLike(byte[] head, int size) {
        byte[] bytes = new byte[size];
        new Random(size).nextBytes(bytes);
        System.arraycopy(head, 0, bytes, 0, Math.min(head.length, size));
        return bytes;
    }

    /** Closes {@code app}, then deletes its AMQP queues and empties and deletes its bucket. */
    public static void closeAndClean(ConfigurableApplicationContext app) {
        if (app == null) {
            return;
        }
        Topology topology = app.getBean(Topology.class);
        String bucket = app.getBean(StorageProperties.class).bucket();
        app.close();
        CachingConnectionFactory rabbit = new CachingConnectionFactory(LocalServices.HOST, LocalServices.RABBIT_PORT);
        try {
            topology.queues().forEach(new RabbitAdmin(rabbit)::deleteQueue);
        } finally {
            rabbit.destroy();
        }
        try (S3Client s3 = S3Client.builder()
                .region(Region.US_EAST_1)
                .endpointOverride(URI.create(LocalServices.S3_ENDPOINT))
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(LocalServices.S3_ACCESS_KEY, LocalServices.S3_SECRET_KEY)))
                .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build())
                .build()) {
            s3.listMultipartUploadsPaginator(b -> b.bucket(bucket)).uploads().forEach(u ->
                    s3.abortMultipartUpload(b -> b.bucket(bucket).key(u.key()).uploadId(u.uploadId())));
            s3.listObjectsV2Paginator(b -> b.bucket(bucket)).contents().forEach(o ->
                    s3.deleteObject(b -> b.bucket(bucket).key(o.key())));
            s3.deleteBucket(b -> b.bucket(bucket));
        }
    }
}
