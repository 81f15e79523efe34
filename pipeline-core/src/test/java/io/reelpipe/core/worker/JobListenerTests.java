package io.reelpipe.core.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyBoolean;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;

import com.rabbitmq.client.Channel;
import io.reelpipe.core.contract.JobEvent;
import io.reelpipe.core.contract.JobKind;
import io.reelpipe.core.contract.MediaJob;
import io.reelpipe.core.contract.MessageCodec;
import io.reelpipe.core.media.MediaRejectedException;
import io.reelpipe.core.messaging.ConfirmedPublisher;
import io.reelpipe.core.messaging.Topology;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mockito.InOrder;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageProperties;

class JobListenerTests {

    @TempDir
    Path root;

    private final MessageCodec codec = new MessageCodec();
    private final Topology topology = new Topology("t", 3);
    private final ConfirmedPublisher publisher = mock(ConfirmedPublisher.class);
    private final Channel channel = mock(Channel.class);
    private final List<JobEvent> published = new ArrayList<>();
    private final MediaJob job = new MediaJob(UUID.randomUUID(), UUID.randomUUID(), JobKind.TRANSCODE, "u", "src/k",
            Instant.parse("2026-11-24T10:00:00Z"));

    JobListenerTests() {
        doAnswer(call -> published.add(codec.read(call.getArgument(3), JobEvent.class)))
                .when(publisher).publish(anyString(), anyString(), any(), any());
    }

    private JobListener listener(JobHandler handler) {
        return new JobListener(JobKind.TRANSCODE, handler, publisher, topology, codec, root, Clock.systemUTC(),
                Duration.ofMillis(1));
    }

    private Message delivery(byte[] body, Integer deliveryCount) {
        MessageProperties properties = new MessageProperties();
        properties.setDeliveryTag(7);
        if (deliveryCount != null) {
            properties.setHeader("x-delivery-count", deliveryCount);
        }
        return new Message(body, properties);
    }

    private Message delivery(Integer deliveryCount) {
        return delivery(codec.write(job), deliveryCount);
    }

    private JobEvent success(JobContext context) {
        return context.events().ladderReady("hls/m.m3u8", 1000, 720, 1280, List.of());
    }

    @Test
    void aSuccessfulJobIsAcknowledgedOnlyAfterItsResultWasConfirmed() throws Exception {
        listener(this::success).onMessage(delivery(null), channel);

        InOrder order = inOrder(publisher, channel);
        order.verify(publisher).publish(eq("t.events"), eq("transcode.started"), any(), any());
        order.verify(publisher).publish(eq("t.events"), eq("transcode.ladderready"), any(), any());
        order.verify(channel).basicAck(7, false);
        assertThat(published).hasSize(2);
    }

    @Test
    void theJobDirectoryIsPrivateAndGoneAfterwards() throws Exception {
        List<Path> seen = new ArrayList<>();
        listener(context -> {
            seen.add(context.workDir());
            Files.writeString(context.workDir().resolve("frame.png"), "x");
            return success(context);
        }).onMessage(delivery(null), channel);

        assertThat(seen.getFirst().getParent()).isEqualTo(root);
        assertThat(seen.getFirst()).doesNotExist();
    }

    @Test
    void aRejectedInputIsReportedAndNeverRetried() throws Exception {
        listener(context -> {
            throw new MediaRejectedException("the file has no video stream");
        }).onMessage(delivery(null), channel);

        assertThat(published.getLast()).isInstanceOfSatisfying(JobEvent.Failed.class,
                f -> assertThat(f.reason()).isEqualTo("the file has no video stream"));
        verify(channel).basicAck(7, false);
        verify(channel, never()).basicNack(anyLong(), anyBoolean(), anyBoolean());
    }

    @Test
    void aTransientFailureIsHandedBackForRedeliveryBeforeTheLastAttempt() throws Exception {
        listener(context -> {
            throw new IOException("S3 is unreachable");
        }).onMessage(delivery(1), channel);

        verify(channel).basicNack(7, false, true);
        assertThat(published).noneMatch(JobEvent.Failed.class::isInstance);
    }

    @Test
    void theLastAllowedDeliveryReportsTheFailureInsteadOfRetrying() throws Exception {
        listener(context -> {
            throw new IOException("S3 is unreachable");
        }).onMessage(delivery(2), channel);

        assertThat(published.getLast()).isInstanceOfSatisfying(JobEvent.Failed.class,
                f -> assertThat(f.reason()).contains("after 3 attempts", "S3 is unreachable"));
        verify(channel).basicAck(7, false);
    }

    @Test
    void aMalformedMessageGoesStraightToTheDeadLetterQueue() throws Exception {
        listener(this::success).onMessage(delivery("{not json".getBytes(StandardCharsets.UTF_8), null), channel);

        verify(channel).basicReject(7, false);
        assertThat(published).isEmpty();
    }

    @Test
    void whenTheBrokerCannotConfirmTheResultTheJobIsHandedBack() throws Exception {
        JobListener listener = listener(this::success);
        doThrow(new RuntimeException("no confirm")).when(publisher)
                .publish(anyString(), eq("transcode.ladderready"), any(), any());

        listener.onMessage(delivery(null), channel);

        verify(channel, never()).basicAck(anyLong(), anyBoolean());
        verify(channel).basicNack(7, false, true);
    }

    @Test
    void backoffGrowsExponentiallyUpToItsCap() {
        JobListener listener = new JobListener(JobKind.TRANSCODE, this::success, publisher, topology, codec, root,
                Clock.systemUTC(), Duration.ofSeconds(3));

        assertThat(listener.backoff(1)).isEqualTo(Duration.ofMillis(500));
        assertThat(listener.backoff(2)).isEqualTo(Duration.ofSeconds(1));
        assertThat(listener.backoff(5)).isEqualTo(Duration.ofSeconds(3));
    }
}
