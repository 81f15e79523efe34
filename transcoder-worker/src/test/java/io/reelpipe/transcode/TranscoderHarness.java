package io.reelpipe.transcode;

import io.reelpipe.core.contract.JobEvent;
import io.reelpipe.core.contract.JobKind;
import io.reelpipe.core.contract.MediaJob;
import io.reelpipe.core.contract.MessageCodec;
import io.reelpipe.core.messaging.ConfirmedPublisher;
import io.reelpipe.core.messaging.Topology;
import io.reelpipe.core.storage.CacheControl;
import io.reelpipe.core.storage.ObjectStore;
import io.reelpipe.core.storage.StorageKeys;
import io.reelpipe.testkit.LocalServices;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.rabbit.connection.CachingConnectionFactory;
import org.springframework.amqp.rabbit.core.RabbitAdmin;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A transcoder worker in this JVM on the real RabbitMQ and S3, with its own namespace and bucket, and the test's side
 * of the conversation: put a source in the bucket, publish its job, collect the worker's events about it.
 */
final class TranscoderHarness implements AutoCloseable {

    final String namespace = LocalServices.uniqueName("it-transcode");
    final ConfigurableApplicationContext app;
    final ObjectStore store;
    final Topology topology;
    private final ConfirmedPublisher publisher;
    private final MessageCodec codec;
    private final CachingConnectionFactory direct;
    private final RabbitTemplate rabbit;

    TranscoderHarness(Map<String, Object> extra) {
        LocalServices.requireUp();
        Map<String, Object> properties = LocalServices.springProperties(namespace, namespace);
        // The fastest preset that still makes High profile streams (ultrafast drops to Constrained Baseline).
        properties.put("reelpipe.transcode.preset", "superfast");
        properties.putAll(extra);
        app = new SpringApplicationBuilder(TranscoderWorkerApplication.class).run(LocalServices.asArgs(properties));
        store = app.getBean(ObjectStore.class);
        topology = app.getBean(Topology.class);
        publisher = app.getBean(ConfirmedPublisher.class);
        codec = app.getBean(MessageCodec.class);
        direct = new CachingConnectionFactory(LocalServices.HOST, LocalServices.RABBIT_PORT);
        rabbit = new RabbitTemplate(direct);
    }

    /** What the worker said about one job. */
    record Outcome(UUID videoId, List<JobEvent> events) {

        Optional<JobEvent.LadderReady> ladder() {
            return find(JobEvent.LadderReady.class);
        }

        Optional<JobEvent.Failed> failed() {
            return find(JobEvent.Failed.class);
        }

        Optional<JobEvent.Playable> playable() {
            return find(JobEvent.Playable.class);
        }

        private <T> Optional<T> find(Class<T> type) {
            return events.stream().filter(type::isInstance).map(type::cast).findFirst();
        }

        @Override
        public String toString() {
            return events.stream().map(e -> e.getClass().getSimpleName() + (e instanceof JobEvent.Failed f
                    ? "(" + f.reason() + ")" : "")).toList().toString();
        }
    }

    /** Uploads a source, publishes its transcode job and waits for the worker's final event about it. */
    Outcome transcode(Path source, Duration within) throws Exception {
        UUID videoId = UUID.randomUUID();
        store.putFile(StorageKeys.source(videoId), source, "application/octet-stream", CacheControl.PRIVATE,
                ObjectStore.Access.PRIVATE);
        return publish(videoId, within);
    }

    Outcome publish(UUID videoId, Duration within) throws Exception {
        publishOnly(videoId);
        return await(videoId, within);
    }

    void publishOnly(UUID videoId) {
        MediaJob job = new MediaJob(UUID.randomUUID(), videoId, JobKind.TRANSCODE, "it-creator",
                StorageKeys.source(videoId), Instant.now());
        publisher.publish(topology.jobsExchange(), topology.jobRoutingKey(JobKind.TRANSCODE), job.jobId(),
                codec.write(job));
    }

    /** Events about a video that arrive within half a second. */
    List<JobEvent> poll(UUID videoId) {
        List<JobEvent> events = new ArrayList<>();
        Message message = rabbit.receive(topology.statusQueue(), 500);
        if (message != null) {
            JobEvent event = codec.read(message.getBody(), JobEvent.class);
            if (event.videoId().equals(videoId)) {
                events.add(event);
            }
        }
        return events;
    }

    /** Collects events about a video until its final one (ladder ready or failed), within a bound. */
    Outcome await(UUID videoId, Duration within) {
        List<JobEvent> events = new ArrayList<>();
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline) {
            Message message = rabbit.receive(topology.statusQueue(), 500);
            if (message == null) {
                continue;
            }
            JobEvent event = codec.read(message.getBody(), JobEvent.class);
            if (!event.videoId().equals(videoId)) {
                continue;
            }
            events.add(event);
            if (event instanceof JobEvent.LadderReady || event instanceof JobEvent.Failed) {
                return new Outcome(videoId, events);
            }
        }
        throw new AssertionError("no final event for video " + videoId + " within " + within + "; saw " + events);
    }

    String publicUrl(String key) {
        return store.publicUrl(key);
    }

    @Override
    public void close() {
        app.close();
        RabbitAdmin admin = new RabbitAdmin(direct);
        topology.queues().forEach(admin::deleteQueue);
        admin.deleteExchange(topology.jobsExchange());
        admin.deleteExchange(topology.eventsExchange());
        admin.deleteExchange(topology.deadLetterExchange());
        direct.destroy();
    }
}
