package io.reelpipe.upload.status;

import io.reelpipe.core.contract.MessageCodec;
import io.reelpipe.core.messaging.Topology;
import io.reelpipe.upload.outbox.OutboxRelay;
import org.springframework.amqp.core.AcknowledgeMode;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.amqp.rabbit.listener.SimpleMessageListenerContainer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The status queue consumer. */
@Configuration(proxyBeanMethods = false)
class StatusConfiguration {

    @Bean
    SimpleMessageListenerContainer statusListenerContainer(
            ConnectionFactory connectionFactory, Topology topology, StatusApplier applier, MessageCodec codec,
            OutboxRelay relay) {
        SimpleMessageListenerContainer container = new SimpleMessageListenerContainer(connectionFactory);
        container.setQueueNames(topology.statusQueue());
        container.setAcknowledgeMode(AcknowledgeMode.MANUAL);
        container.setPrefetchCount(20);
        container.setConcurrentConsumers(2);
        container.setMissingQueuesFatal(false);
        container.setMessageListener(new StatusListener(applier, codec, relay::wake));
        return container;
    }
}
