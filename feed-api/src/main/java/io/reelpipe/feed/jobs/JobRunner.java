package io.reelpipe.feed.jobs;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import net.javacrumbs.shedlock.core.LockConfiguration;
import net.javacrumbs.shedlock.core.LockingTaskExecutor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Runs a job once across all instances and makes it observable: a ShedLock lock per job name (held at most
 * {@code atMost}, and at least {@link JobProperties#minGap()} so an instance whose schedule is a little behind does
 * not run it again), a timer {@code reelpipe.feed.job.duration} (tags {@code job}, {@code result}
 * = {@code success}|{@code failure}), a counter {@code reelpipe.feed.job.skipped} (another instance held the lock),
 * a gauge {@code reelpipe.feed.job.last.success} (epoch seconds of the last success on this instance), and a log line
 * per run with the job's own summary.
 */
@Component
public final class JobRunner {

    private static final Logger log = LoggerFactory.getLogger(JobRunner.class);

    private final LockingTaskExecutor locks;
    private final MeterRegistry registry;
    private final JobProperties properties;
    private final Map<String, AtomicLong> lastSuccess = new ConcurrentHashMap<>();

    JobRunner(LockingTaskExecutor locks, MeterRegistry registry, JobProperties properties) {
        this.locks = locks;
        this.registry = registry;
        this.properties = properties;
    }

    /**
     * Runs {@code job} here unless another instance holds (or recently held) its lock.
     *
     * @param name   the job's name: its lock and its metrics' {@code job} tag
     * @param atMost how long the lock is held at most, should this instance die while running it
     * @param job    the work; returns a summary for the log
     * @return whether this instance ran it
     * @throws RuntimeException what the job threw
     */
    public boolean runOnce(String name, Duration atMost, Supplier<String> job) {
        LockConfiguration lock = new LockConfiguration(Instant.now(), name, atMost, properties.minGap());
        LockingTaskExecutor.TaskResult<String> result;
        long started = System.nanoTime();
        try {
            result = locks.executeWithLock(job::get, lock);
        } catch (RuntimeException | Error e) {
            record(name, "failure", started);
            log.error("Job {} failed after {} ms", name, millisSince(started), e);
            throw e;
        } catch (Throwable e) {
            record(name, "failure", started);
            throw new IllegalStateException("job " + name + " failed", e);
        }
        if (!result.wasExecuted()) {
            Counter.builder("reelpipe.feed.job.skipped")
                    .description("Scheduled runs left to another instance, which held the job's lock")
                    .tag("job", name).register(registry).increment();
            log.debug("Job {} is running or ran recently on another instance; skipped", name);
            return false;
        }
        record(name, "success", started);
        lastSuccess.computeIfAbsent(name, this::lastSuccessGauge).set(Instant.now().getEpochSecond());
        log.info("Job {} done in {} ms: {}", name, millisSince(started), result.getResult());
        return true;
    }

    private void record(String name, String outcome, long started) {
        Timer.builder("reelpipe.feed.job.duration").description("How long a scheduled job's runs take")
                .tag("job", name).tag("result", outcome).register(registry)
                .record(Duration.ofNanos(System.nanoTime() - started));
    }

    private AtomicLong lastSuccessGauge(String name) {
        AtomicLong value = new AtomicLong();
        Gauge.builder("reelpipe.feed.job.last.success", value, AtomicLong::get)
                .description("When the job last succeeded on this instance, epoch seconds")
                .tag("job", name).register(registry);
        return value;
    }

    private static long millisSince(long started) {
        return Duration.ofNanos(System.nanoTime() - started).toMillis();
    }
}
