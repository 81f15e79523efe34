package io.reelpipe.core.worker;

import com.rabbitmq.client.Channel;
import io.reelpipe.core.contract.JobEvent;
import io.reelpipe.core.contract.JobKind;
import io.reelpipe.core.contract.MediaJob;
import io.reelpipe.core.contract.MessageCodec;
import io.reelpipe.core.media.MediaRejectedException;
import io.reelpipe.core.messaging.ConfirmedPublisher;
import io.reelpipe.core.messaging.Topology;
import io.reelpipe.core.storage.StorageKeys;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.rabbit.listener.api.ChannelAwareMessageListener;

/**
 * The messaging side of a worker: takes a job delivery, runs the {@link JobHandler} in a fresh directory, publishes
 * the outcome with publisher confirms and only then acknowledges the delivery (manual acks). So a worker killed at any
 * moment leaves the job unacknowledged and RabbitMQ redelivers it; the redelivery writes a new attempt's keys and
 * the status consumer keeps the first complete result.
 *
 * <ul>
 *   <li>success: publish the handler's event, ack;
 *   <li>{@link MediaRejectedException} or a malformed message: publish {@code Failed} with the reason, ack (never
 *       retried);
 *   <li>anything else: back off, then nack with requeue until the last allowed delivery, where it publishes
 *       {@code Failed} and acks; the queue's delivery limit dead-letters whatever still escapes (a worker crashing on
 *       the same message every time).
 * </ul>
 */
public final class JobListener implements ChannelAwareMessageListener {

    private static final Logger log = LoggerFactory.getLogger(JobListener.class);

    private final JobKind kind;
    private final JobHandler handler;
    private final ConfirmedPublisher publisher;
    private final Topology topology;
    private final MessageCodec codec;
    private final Path workRoot;
    private final Clock clock;
    private final Duration maxBackoff;

    public JobListener(
            JobKind kind,
            JobHandler handler,
            ConfirmedPublisher publisher,
            Topology topology,
            MessageCodec codec,
            Path workRoot,
            Clock clock,
            Duration maxBackoff) {
        this.kind = kind;
        this.handler = handler;
        this.publisher = publisher;
        this.topology = topology;
        this.codec = codec;
        this.workRoot = workRoot;
        this.clock = clock;
        this.maxBackoff = maxBackoff;
    }

    @Override
    public void onMessage(Message message, Channel channel) throws Exception {
        long tag = message.getMessageProperties().getDeliveryTag();
        MediaJob job;
        try {
            job = codec.read(message.getBody(), MediaJob.class);
        } catch (MessageCodec.MalformedMessageException e) {
            log.error("dead-lettering a malformed {} job: {}", kind, e.getMessage());
            channel.basicReject(tag, false);
            return;
        }
        if (job.kind() != kind) {
            log.error("dead-lettering job {} of kind {} that reached the {} queue", job.jobId(), job.kind(), kind);
            channel.basicReject(tag, false);
            return;
        }
        int delivery = deliveryNumber(message);
        Files.createDirectories(workRoot);
        Path workDir = Files.createTempDirectory(workRoot, WorkDirJanitor.jobDirPrefix(kind));
        JobContext context = new JobContext(job, workDir, StorageKeys.newAttempt(), delivery, clock, this::publish);
        try {
            publish(context.events().started());
            JobEvent result = handler.handle(context);
            publish(result);
            channel.basicAck(tag, false);
            log.info("{} job {} for video {} done (delivery {})", kind, job.jobId(), job.videoId(), delivery);
        } catch (MediaRejectedException e) {
            log.info("{} job {} for video {} rejected: {}", kind, job.jobId(), job.videoId(), e.getMessage());
            try {
                publish(context.events().failed(e.getMessage()));
                channel.basicAck(tag, false);
            } catch (RuntimeException publishFailure) {
                retryOrGiveUp(channel, tag, context, publishFailure);
            }
        } catch (InterruptedException e) {
            // Shutting down: hand the job back so another worker takes it.
            channel.basicNack(tag, false, true);
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            retryOrGiveUp(channel, tag, context, e);
        } finally {
            deleteTree(workDir);
        }
    }

    private void retryOrGiveUp(Channel channel, long tag, JobContext context, Exception e) throws IOException {
        MediaJob job = context.job();
        if (context.delivery() >= topology.deliveryLimit()) {
            log.error("{} job {} for video {} failed on its last delivery {}", kind, job.jobId(), job.videoId(),
                    context.delivery(), e);
            try {
                publish(context.events().failed("processing failed after " + context.delivery() + " attempts: "
                        + e.getMessage()));
                channel.basicAck(tag, false);
            } catch (RuntimeException publishFailure) {
                e.addSuppressed(publishFailure);
                channel.basicNack(tag, false, true);
            }
            return;
        }
        Duration backoff = backoff(context.delivery());
        log.warn("{} job {} for video {} failed on delivery {}, retrying in {} ms", kind, job.jobId(),
                job.videoId(), context.delivery(), backoff.toMillis(), e);
        try {
            Thread.sleep(backoff);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
        channel.basicNack(tag, false, true);
    }

    /** Exponential backoff from 500 ms, capped. */
    Duration backoff(int delivery) {
        long millis = 500L << Math.min(delivery - 1, 10);
        return Duration.ofMillis(Math.min(millis, maxBackoff.toMillis()));
    }

    private void publish(JobEvent event) {
        publisher.publish(topology.eventsExchange(), event.routingKey(), event.eventId(), codec.write(event));
    }

    /** Quorum queues count deliveries in {@code x-delivery-count} (absent on the first). */
    private static int deliveryNumber(Message message) {
        Object count = message.getMessageProperties().getHeaders().get("x-delivery-count");
        if (count instanceof Number n) {
            return n.intValue() + 1;
        }
        return Boolean.TRUE.equals(message.getMessageProperties().getRedelivered()) ? 2 : 1;
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            // The directory is private to this execution; a leftover costs disk only, so report it and go on.
            log.warn("could not delete job directory {}: {}", dir, e.toString());
        }
    }
}
