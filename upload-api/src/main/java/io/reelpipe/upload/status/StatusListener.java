package io.reelpipe.upload.status;

import com.rabbitmq.client.Channel;
import io.reelpipe.core.contract.JobEvent;
import io.reelpipe.core.contract.MessageCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.rabbit.listener.api.ChannelAwareMessageListener;

/**
 * Consumes workers' events from the status queue and acknowledges each only after its transaction committed. A
 * malformed event is dead-lettered; a database failure hands the event back (after a pause) to be retried, and the
 * queue's delivery limit dead-letters one that can never apply. When an event ends a job, the outbox relay is woken:
 * the job's creator may have its next job waiting for the slot this one held.
 */
final class StatusListener implements ChannelAwareMessageListener {

    private static final Logger log = LoggerFactory.getLogger(StatusListener.class);
    private static final long RETRY_PAUSE_MS = 1_000;

    private final StatusApplier applier;
    private final MessageCodec codec;
    private final Runnable jobEnded;

    StatusListener(StatusApplier applier, MessageCodec codec, Runnable jobEnded) {
        this.applier = applier;
        this.codec = codec;
        this.jobEnded = jobEnded;
    }

    /** Whether {@code event} reports the end of its job, done or failed. */
    static boolean endsAJob(JobEvent event) {
        return switch (event) {
            case JobEvent.LadderReady _, JobEvent.ThumbnailsReady _, JobEvent.Failed _ -> true;
            case JobEvent.Started _, JobEvent.Progress _, JobEvent.Playable _ -> false;
        };
    }

    @Override
    public void onMessage(Message message, Channel channel) throws Exception {
        long tag = message.getMessageProperties().getDeliveryTag();
        JobEvent event;
        try {
            event = codec.read(message.getBody(), JobEvent.class);
        } catch (MessageCodec.MalformedMessageException e) {
            log.error("dead-lettering a malformed status event: {}", e.getMessage());
            channel.basicReject(tag, false);
            return;
        }
        try {
            if (applier.apply(event) && endsAJob(event)) {
                jobEnded.run();
            }
            channel.basicAck(tag, false);
        } catch (RuntimeException e) {
            log.warn("could not apply {} for video {}, retrying: {}", event.getClass().getSimpleName(),
                    event.videoId(), e.getMessage());
            Thread.sleep(RETRY_PAUSE_MS);
            channel.basicNack(tag, false, true);
        }
    }
}
