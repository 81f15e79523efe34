package io.reelpipe.core.messaging;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageDeliveryMode;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.rabbit.connection.CorrelationData;
import org.springframework.amqp.rabbit.core.RabbitTemplate;

/**
 * Publishes persistent messages and waits for the broker's publisher confirm, so "published" means "the broker has
 * it": a nack, a return (no queue bound) or a timeout is an exception, and the caller keeps the message to retry.
 * Needs a connection factory with correlated confirms and returns enabled.
 */
public final class ConfirmedPublisher {

    private final RabbitTemplate template;
    private final Duration confirmTimeout;

    public ConfirmedPublisher(RabbitTemplate template, Duration confirmTimeout) {
        this.template = template;
        this.template.setMandatory(true);
        this.confirmTimeout = confirmTimeout;
    }

    /**
     * Publishes one JSON message and waits for its confirm.
     *
     * @throws PublishException when the broker did not confirm it; it may or may not have the message, so consumers
     *     deduplicate by message id
     */
    public void publish(String exchange, String routingKey, UUID messageId, byte[] json) {
        MessageProperties properties = new MessageProperties();
        properties.setContentType(MessageProperties.CONTENT_TYPE_JSON);
        properties.setDeliveryMode(MessageDeliveryMode.PERSISTENT);
        properties.setMessageId(messageId.toString());
        CorrelationData correlation = new CorrelationData(messageId.toString());
        try {
            template.send(exchange, routingKey, new Message(json, properties), correlation);
            CorrelationData.Confirm confirm =
                    correlation.getFuture().get(confirmTimeout.toMillis(), TimeUnit.MILLISECONDS);
            if (correlation.getReturned() != null) {
                throw new PublishException("message " + messageId + " to " + exchange + "/" + routingKey
                        + " was returned: " + correlation.getReturned().getReplyText());
            }
            if (!confirm.ack()) {
                throw new PublishException("broker refused message " + messageId + ": " + confirm.reason());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PublishException("interrupted waiting for the confirm of " + messageId, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new PublishException("no confirm for message " + messageId + " within " + confirmTimeout, e);
        } catch (org.springframework.amqp.AmqpException e) {
            throw new PublishException("could not publish message " + messageId + ": " + e.getMessage(), e);
        }
    }

    /** A publish the broker did not confirm; retryable. */
    public static final class PublishException extends RuntimeException {

        PublishException(String message) {
            super(message);
        }

        PublishException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
