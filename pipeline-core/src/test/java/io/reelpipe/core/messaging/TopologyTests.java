package io.reelpipe.core.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reelpipe.core.contract.JobKind;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.Queue;

class TopologyTests {

    private final Topology topology = new Topology("reelpipe", 5);

    @Test
    void everyWorkQueueIsAQuorumQueueWithADeliveryLimitAndADeadLetterQueue() {
        var queues = topology.declarables().getDeclarablesByType(Queue.class);

        for (String name : new String[] {"reelpipe.transcode", "reelpipe.thumbnail", "reelpipe.status"}) {
            Queue queue = queues.stream().filter(q -> q.getName().equals(name)).findFirst().orElseThrow();
            assertThat(queue.isDurable()).isTrue();
            assertThat(queue.getArguments())
                    .containsEntry("x-queue-type", "quorum")
                    .containsEntry("x-delivery-limit", 5)
                    .containsEntry("x-dead-letter-exchange", "reelpipe.dlx")
                    .containsEntry("x-dead-letter-routing-key", name);
            assertThat(queues).extracting(Queue::getName).contains(name + ".dlq");
        }
    }

    @Test
    void namesShareTheNamespace() {
        assertThat(topology.jobQueue(JobKind.TRANSCODE)).isEqualTo("reelpipe.transcode");
        assertThat(new Topology("it-abc", 3).queues()).allMatch(q -> q.startsWith("it-abc."));
    }

    @Test
    void aNamespaceThatIsNotASimpleNameIsRefused() {
        assertThatThrownBy(() -> new Topology("Reel Pipe", 5)).hasMessageContaining("'Reel Pipe'");
        assertThatThrownBy(() -> new Topology("reelpipe", 0)).hasMessageContaining("got 0");
    }
}
