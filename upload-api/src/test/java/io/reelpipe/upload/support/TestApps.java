package io.reelpipe.upload.support;

import io.reelpipe.core.messaging.Topology;
import io.reelpipe.core.storage.StorageProperties;
import io.reelpipe.testkit.LocalServices;
import java.net.URI;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.context.ConfigurableApplicationContext;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;

/** Closing an upload-api started by a test, and removing what it made on the shared engines: its queues and bucket. */
public final class TestApps {

    private TestApps() {}

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
