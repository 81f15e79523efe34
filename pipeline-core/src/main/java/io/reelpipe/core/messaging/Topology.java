package io.reelpipe.core.messaging;

import io.reelpipe.core.contract.JobKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.springframework.amqp.core.Binding;
import org.springframework.amqp.core.BindingBuilder;
import org.springframework.amqp.core.Declarable;
import org.springframework.amqp.core.Declarables;
import org.springframework.amqp.core.DirectExchange;
import org.springframework.amqp.core.Queue;
import org.springframework.amqp.core.QueueBuilder;
import org.springframework.amqp.core.TopicExchange;

/**
 * The RabbitMQ topology every service declares (declaring is idempotent, so each declares all of it and start-up
 * order does not matter). Names share a namespace so test runs and environments can live on one broker.
 *
 * <p>Jobs go through the direct exchange {@code <ns>.jobs} to one durable quorum queue per {@link JobKind}; workers'
 * events go through the topic exchange {@code <ns>.events} to the status queue. Every work queue dead-letters to its
 * own {@code .dlq} queue once a message has been delivered {@code deliveryLimit} times, so a poison message stops
 * being retried and stays visible to operators.
 *
 * @param namespace     prefix of every name, such as {@code reelpipe}
 * @param deliveryLimit deliveries of one message before it is dead-lettered
 */
public record Topology(String namespace, int deliveryLimit) {

    public Topology {
        if (namespace == null || !namespace.matches("[a-z0-9][a-z0-9._-]{0,63}")) {
            throw new IllegalArgumentException("AMQP namespace must be 1-64 of [a-z0-9._-], got '" + namespace + "'");
        }
        if (deliveryLimit < 1 || deliveryLimit > 100) {
            throw new IllegalArgumentException("delivery limit must be 1..100, got " + deliveryLimit);
        }
    }

    public String jobsExchange() {
        return namespace + ".jobs";
    }

    public String eventsExchange() {
        return namespace + ".events";
    }

    public String deadLetterExchange() {
        return namespace + ".dlx";
    }

    public String jobRoutingKey(JobKind kind) {
        return kind.name().toLowerCase(Locale.ROOT);
    }

    public String jobQueue(JobKind kind) {
        return namespace + "." + jobRoutingKey(kind);
    }

    public String statusQueue() {
        return namespace + ".status";
    }

    public static String deadLetterQueue(String queue) {
        return queue + ".dlq";
    }

    /** Every queue this topology declares, work queues first. */
    public List<String> queues() {
        List<String> queues = new ArrayList<>();
        for (JobKind kind : JobKind.values()) {
            queues.add(jobQueue(kind));
        }
        queues.add(statusQueue());
        for (String queue : List.copyOf(queues)) {
            queues.add(deadLetterQueue(queue));
        }
        return queues;
    }

    /** The exchanges, queues and bindings, ready for a {@code RabbitAdmin} to declare. */
    public Declarables declarables() {
        List<Declarable> all = new ArrayList<>();
        DirectExchange jobs = new DirectExchange(jobsExchange(), true, false);
        TopicExchange events = new TopicExchange(eventsExchange(), true, false);
        DirectExchange dlx = new DirectExchange(deadLetterExchange(), true, false);
        all.add(jobs);
        all.add(events);
        all.add(dlx);
        for (JobKind kind : JobKind.values()) {
            Queue queue = workQueue(jobQueue(kind));
            all.add(queue);
            all.add(BindingBuilder.bind(queue).to(jobs).with(jobRoutingKey(kind)));
            all.addAll(deadLetterPair(queue.getName(), dlx));
        }
        Queue status = workQueue(statusQueue());
        all.add(status);
        all.add(BindingBuilder.bind(status).to(events).with("#"));
        all.addAll(deadLetterPair(status.getName(), dlx));
        return new Declarables(all);
    }

    private Queue workQueue(String name) {
        return QueueBuilder.durable(name)
                .quorum()
                .deliveryLimit(deliveryLimit)
                .deadLetterExchange(deadLetterExchange())
                .deadLetterRoutingKey(name)
                .build();
    }

    private static List<Declarable> deadLetterPair(String queue, DirectExchange dlx) {
        Queue dlq = QueueBuilder.durable(deadLetterQueue(queue)).quorum().build();
        Binding binding = BindingBuilder.bind(dlq).to(dlx).with(queue);
        return List.of(dlq, binding);
    }
}
