package io.reelpipe.upload.outbox;

import io.reelpipe.core.contract.MediaJob;
import io.reelpipe.core.contract.MessageCodec;
import io.reelpipe.core.messaging.Topology;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Writes messages into the outbox table inside the caller's transaction, so a message exists exactly when the change
 * that caused it committed. The {@link OutboxRelay} publishes them.
 */
@Component
public class Outbox {

    private final JdbcClient jdbc;
    private final Topology topology;
    private final MessageCodec codec;

    Outbox(JdbcClient jdbc, Topology topology, MessageCodec codec) {
        this.jdbc = jdbc;
        this.topology = topology;
        this.codec = codec;
    }

    /**
     * Adds a job message; the job id is its message id, so consumers can deduplicate. The job's creator is its fair
     * key: the relay holds it back while that creator has its maximum of jobs in flight on the job's queue.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void add(MediaJob job) {
        jdbc.sql("""
                INSERT INTO outbox (message_id, exchange, routing_key, payload, fair_key)
                VALUES (?, ?, ?, ?::jsonb, ?)
                """)
                .param(job.jobId())
                .param(topology.jobsExchange())
                .param(topology.jobRoutingKey(job.kind()))
                .param(codec.writeString(job))
                .param(job.ownerId())
                .update();
    }
}
