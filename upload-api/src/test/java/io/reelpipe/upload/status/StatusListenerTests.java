package io.reelpipe.upload.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import com.rabbitmq.client.Channel;
import io.reelpipe.core.contract.JobEvent;
import io.reelpipe.core.contract.JobKind;
import io.reelpipe.core.contract.MessageCodec;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageProperties;

/** The status listener wakes the outbox relay exactly when an applied event ends a job. */
class StatusListenerTests {

    private final MessageCodec codec = new MessageCodec();
    private final StatusApplier applier = mock(StatusApplier.class);
    private final Channel channel = mock(Channel.class);
    private final AtomicInteger wakes = new AtomicInteger();
    private final StatusListener listener = new StatusListener(applier, codec, wakes::incrementAndGet);

    private static final UUID JOB = UUID.randomUUID();
    private static final UUID VIDEO = UUID.randomUUID();
    private static final Instant AT = Instant.parse("2026-11-25T10:00:00Z");

    private static JobEvent.LadderReady ladderReady() {
        return new JobEvent.LadderReady(UUID.randomUUID(), JOB, VIDEO, JobKind.TRANSCODE, AT, "hls/m.m3u8", 1000, 720,
                1280, List.of());
    }

    private static JobEvent.ThumbnailsReady thumbnailsReady() {
        return new JobEvent.ThumbnailsReady(UUID.randomUUID(), JOB, VIDEO, JobKind.THUMBNAIL, AT, List.of(), null, null,
                null);
    }

    private static JobEvent.Failed failed() {
        return new JobEvent.Failed(UUID.randomUUID(), JOB, VIDEO, JobKind.TRANSCODE, AT, "undecodable");
    }

    private static JobEvent.Started started() {
        return new JobEvent.Started(UUID.randomUUID(), JOB, VIDEO, JobKind.TRANSCODE, AT, 1);
    }

    private static JobEvent.Progress progress() {
        return new JobEvent.Progress(UUID.randomUUID(), JOB, VIDEO, JobKind.TRANSCODE, AT, Map.of("360p", 50));
    }

    private static JobEvent.Playable playable() {
        return new JobEvent.Playable(UUID.randomUUID(), JOB, VIDEO, JobKind.TRANSCODE, AT, "hls/live.m3u8");
    }

    private void deliver(JobEvent event) throws Exception {
        MessageProperties properties = new MessageProperties();
        properties.setDeliveryTag(3);
        listener.onMessage(new Message(codec.write(event), properties), channel);
    }

    @Test
    void aFinishedOrFailedStageEndsItsJobAndNothingElseDoes() {
        assertThat(List.of(ladderReady(), thumbnailsReady(), failed())).allMatch(StatusListener::endsAJob);
        assertThat(List.of(started(), progress(), playable())).noneMatch(StatusListener::endsAJob);
    }

    @Test
    void anAppliedEventThatEndsAJobWakesTheRelayOnce() throws Exception {
        when(applier.apply(any())).thenReturn(true);

        deliver(ladderReady());
        deliver(thumbnailsReady());
        deliver(failed());

        assertThat(wakes).hasValue(3);
        verify(channel, times(3)).basicAck(3, false);
    }

    @Test
    void eventsThatDoNotEndAJobLeaveTheRelayAlone() throws Exception {
        when(applier.apply(any())).thenReturn(true);

        deliver(started());
        deliver(progress());
        deliver(playable());

        assertThat(wakes).hasValue(0);
    }

    @Test
    void aDuplicateEventLeavesTheRelayAlone() throws Exception {
        when(applier.apply(any())).thenReturn(false);

        deliver(ladderReady());

        assertThat(wakes).hasValue(0);
        verify(channel).basicAck(3, false);
    }
}
