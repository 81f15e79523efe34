package io.reelpipe.feed.views;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Group commit: requests hand their views to an in-memory queue and wait; one flusher thread per instance takes
 * everything pending (waiting at most {@code flush-interval} after the oldest pending request for more to arrive, up
 * to {@code batch-size} events), writes it in one transaction, and only after the commit completes the requests'
 * futures, which is when they answer. Under load the batches grow by themselves: while one flush runs, the next one's
 * events pile up, so the cost of a round trip and a commit (an fsync) is shared by thousands of views.
 *
 * <p>Bounded: at most {@code queue-capacity} events wait; a request that would go beyond is refused at once
 * ({@link ViewWriter.Overloaded}, which the API answers with 503 and Retry-After), so memory stays bounded and clients
 * back off. A crash loses only what is in this queue, which no client has been told is stored.
 *
 * <p>A lifecycle bean that starts before the web server and stops after it, so the requests still running at shutdown
 * get their flush; what is left once the flusher has stopped is refused.
 */
final class GroupCommitWriter implements ViewWriter, SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(GroupCommitWriter.class);

    private record Pending(List<ViewStore.RawView> views, CompletableFuture<boolean[]> done, long enqueuedNanos) {}

    private final Function<List<ViewStore.RawView>, Set<ViewStore.Key>> store;
    private final int batchSize;
    private final int capacity;
    private final long intervalNanos;
    private final LinkedBlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final AtomicInteger queued = new AtomicInteger();
    private final Thread flusher;
    private volatile boolean accepting = true;
    private volatile boolean running = true;
    private final DistributionSummary flushSizes;
    private final Timer flushed;
    private final Timer failed;
    private final Counter overloaded;

    /**
     * @param store writes a batch of views with distinct keys in one transaction and returns the keys it inserted
     *              ({@link ViewStore#record})
     */
    GroupCommitWriter(Function<List<ViewStore.RawView>, Set<ViewStore.Key>> store, ViewsProperties properties,
            MeterRegistry registry) {
        this.store = store;
        this.batchSize = properties.batchSize();
        this.capacity = properties.queueCapacity();
        this.intervalNanos = properties.flushInterval().toNanos();
        this.flusher = Thread.ofPlatform().name("views-flusher").daemon(true).unstarted(this::run);
        this.flushSizes = DistributionSummary.builder("reelpipe.views.flush.size")
                .description("Views written per flush (one transaction)").baseUnit("events")
                .publishPercentiles(0.5, 0.99).register(registry);
        this.flushed = flushTimer(registry, "success");
        this.failed = flushTimer(registry, "failure");
        this.overloaded = Counter.builder("reelpipe.views.overloaded")
                .description("View requests refused with 503 because the flush queue was full or shutting down")
                .register(registry);
        Gauge.builder("reelpipe.views.queue.depth", queued, AtomicInteger::get)
                .description("Views waiting for a flush on this instance").baseUnit("events").register(registry);
    }

    private static Timer flushTimer(MeterRegistry registry, String result) {
        return Timer.builder("reelpipe.views.flush.duration")
                .description("How long a flush (one transaction of pending views) takes")
                .tag("result", result).publishPercentiles(0.5, 0.99).register(registry);
    }

    @Override
    public CompletableFuture<boolean[]> write(List<ViewStore.RawView> views) {
        if (!accepting || !flusher.isAlive()) {
            overloaded.increment();
            return CompletableFuture.failedFuture(new Overloaded("this instance is not taking views (shutting down)"));
        }
        int n = views.size();
        for (int now = queued.get(); ; now = queued.get()) {
            if (now + n > capacity) {
                overloaded.increment();
                return CompletableFuture.failedFuture(new Overloaded(
                        "this instance has " + now + " views waiting to be stored, its most; retry shortly"));
            }
            if (queued.compareAndSet(now, now + n)) {
                break;
            }
        }
        Pending pending = new Pending(views, new CompletableFuture<>(), System.nanoTime());
        queue.add(pending);
        return pending.done();
    }

    private void run() {
        Pending carry = null;
        while (true) {
            Pending first = carry != null ? carry : take();
            carry = null;
            if (first == null) {
                if (!running && queue.isEmpty()) {
                    return;
                }
                continue;
            }
            List<Pending> batch = new ArrayList<>();
            batch.add(first);
            int events = first.views().size();
            long deadline = first.enqueuedNanos() + intervalNanos;
            while (events < batchSize) {
                Pending next = poll(deadline - System.nanoTime());
                if (next == null) {
                    break;
                }
                if (events + next.views().size() > batchSize) {
                    carry = next;
                    break;
                }
                batch.add(next);
                events += next.views().size();
            }
            flush(batch, events);
        }
    }

    private Pending take() {
        return poll(running ? TimeUnit.MILLISECONDS.toNanos(100) : 0);
    }

    private Pending poll(long waitNanos) {
        if (waitNanos <= 0 || !running) {
            return queue.poll();
        }
        try {
            return queue.poll(waitNanos, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            // Only a shutdown interrupts the flusher: from here on it drains what is queued without waiting.
            running = false;
            Thread.currentThread().interrupt();
            return queue.poll();
        }
    }

    private void flush(List<Pending> batch, int events) {
        long started = System.nanoTime();
        // The first view of a key in the batch goes to the database; a second one (the same view sent twice, in two
        // requests flushed together) is a duplicate of it.
        Set<ViewStore.Key> seen = new HashSet<>(events * 2);
        List<ViewStore.RawView> unique = new ArrayList<>(events);
        boolean[][] first = new boolean[batch.size()][];
        for (int p = 0; p < first.length; p++) {
            List<ViewStore.RawView> views = batch.get(p).views();
            first[p] = new boolean[views.size()];
            for (int i = 0; i < first[p].length; i++) {
                first[p][i] = seen.add(views.get(i).key());
                if (first[p][i]) {
                    unique.add(views.get(i));
                }
            }
        }
        Set<ViewStore.Key> inserted;
        try {
            inserted = unique.isEmpty() ? Set.of() : store.apply(unique);
        } catch (RuntimeException e) {
            queued.addAndGet(-events);
            failed.record(Duration.ofNanos(System.nanoTime() - started));
            log.warn("A flush of {} views failed; their {} requests answer 503 and will be retried: {}", events,
                    batch.size(), e.toString());
            for (Pending pending : batch) {
                pending.done().completeExceptionally(e);
            }
            return;
        }
        queued.addAndGet(-events);
        flushed.record(Duration.ofNanos(System.nanoTime() - started));
        flushSizes.record(events);
        for (int p = 0; p < first.length; p++) {
            List<ViewStore.RawView> views = batch.get(p).views();
            boolean[] counted = new boolean[views.size()];
            for (int i = 0; i < counted.length; i++) {
                counted[i] = first[p][i] && inserted.contains(views.get(i).key());
            }
            batch.get(p).done().complete(counted);
        }
    }

    @Override
    public void start() {
        flusher.start();
    }

    @Override
    public void stop() {
        accepting = false;
        running = false;
        try {
            if (!flusher.join(Duration.ofSeconds(30))) {
                log.error("The view flusher did not finish within 30 s; views still queued are refused");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (Pending pending = queue.poll(); pending != null; pending = queue.poll()) {
            pending.done().completeExceptionally(new Overloaded("this instance is shutting down"));
        }
    }

    @Override
    public boolean isRunning() {
        return flusher.isAlive();
    }

    /** Starts before the web server takes requests and stops after it has finished them (graceful shutdown). */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 4096;
    }
}
