package io.reelpipe.core.worker;

import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of a worker pool, bound from {@code reelpipe.worker.*}.
 *
 * @param concurrency     jobs one instance runs at once (ffmpeg already uses every core, so 1 by default)
 * @param workDir         where job directories are made
 * @param maxSourceBytes  largest source a worker downloads
 * @param probeTimeout    wall-clock limit of ffprobe
 * @param processTimeout  wall-clock limit of one ffmpeg run
 * @param maxBackoff      longest wait before a failed job is handed back
 * @param shutdownTimeout how long a stopping worker lets its running jobs finish before handing them back
 */
@ConfigurationProperties("reelpipe.worker")
public record WorkerProperties(
        Integer concurrency,
        Path workDir,
        Long maxSourceBytes,
        Duration probeTimeout,
        Duration processTimeout,
        Duration maxBackoff,
        Duration shutdownTimeout) {

    public WorkerProperties {
        concurrency = concurrency == null ? 1 : concurrency;
        workDir = workDir == null ? Path.of(System.getProperty("java.io.tmpdir"), "reelpipe-jobs") : workDir;
        maxSourceBytes = maxSourceBytes == null ? 4L * 1024 * 1024 * 1024 : maxSourceBytes;
        probeTimeout = probeTimeout == null ? Duration.ofSeconds(30) : probeTimeout;
        processTimeout = processTimeout == null ? Duration.ofMinutes(20) : processTimeout;
        maxBackoff = maxBackoff == null ? Duration.ofSeconds(30) : maxBackoff;
        shutdownTimeout = shutdownTimeout == null ? Duration.ofSeconds(60) : shutdownTimeout;
        if (concurrency < 1 || concurrency > 64) {
            throw new IllegalArgumentException("reelpipe.worker.concurrency must be 1..64, got " + concurrency);
        }
        if (maxSourceBytes < 1) {
            throw new IllegalArgumentException("reelpipe.worker.max-source-bytes must be positive, got " + maxSourceBytes);
        }
    }
}
