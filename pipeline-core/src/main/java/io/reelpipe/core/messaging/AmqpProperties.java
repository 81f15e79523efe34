package io.reelpipe.core.messaging;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The messaging settings every service shares, bound from {@code reelpipe.amqp.*} (the broker connection itself is
 * Spring Boot's {@code spring.rabbitmq.*}).
 *
 * @param namespace      prefix of every exchange and queue name
 * @param deliveryLimit  deliveries of one message before it is dead-lettered
 * @param confirmTimeout how long a publish waits for the broker's confirm
 */
@ConfigurationProperties("reelpipe.amqp")
public record AmqpProperties(String namespace, Integer deliveryLimit, Duration confirmTimeout) {

    public AmqpProperties {
        namespace = namespace == null ? "reelpipe" : namespace;
        deliveryLimit = deliveryLimit == null ? 5 : deliveryLimit;
        confirmTimeout = confirmTimeout == null ? Duration.ofSeconds(10) : confirmTimeout;
        if (confirmTimeout.isNegative() || confirmTimeout.isZero()) {
            throw new IllegalArgumentException("reelpipe.amqp.confirm-timeout must be positive, got " + confirmTimeout);
        }
    }

    public Topology topology() {
        return new Topology(namespace, deliveryLimit);
    }
}
