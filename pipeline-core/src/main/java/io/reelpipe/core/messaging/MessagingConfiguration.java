package io.reelpipe.core.messaging;

import io.reelpipe.core.contract.MessageCodec;
import org.springframework.amqp.core.Declarables;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Messaging beans every service that talks to RabbitMQ imports: the topology (declared by Spring AMQP's admin on
 * connect, so it also comes back after a broker restart), the codec and the confirming publisher.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(AmqpProperties.class)
public class MessagingConfiguration {

    @Bean
    Topology topology(AmqpProperties properties) {
        return properties.topology();
    }

    @Bean
    Declarables reelpipeTopology(Topology topology) {
        return topology.declarables();
    }

    @Bean
    MessageCodec messageCodec() {
        return new MessageCodec();
    }

    @Bean
    ConfirmedPublisher confirmedPublisher(RabbitTemplate template, AmqpProperties properties) {
        return new ConfirmedPublisher(template, properties.confirmTimeout());
    }
}
