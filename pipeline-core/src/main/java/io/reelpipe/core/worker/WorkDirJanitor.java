package io.reelpipe.core.worker;

import io.reelpipe.core.contract.JobKind;
import io.reelpipe.core.media.SandboxedProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cleans up after workers that died without cleaning up (kill -9, out of memory, power loss): job directories are
 * named after the JVM that made them, and when that JVM is gone its directory is deleted and the ffmpeg it started,
 * which runs in its own session and so outlives its parent, is killed with its process group. Directories of live
 * JVMs, including other workers sharing the same root, are left alone.
 */
public final class WorkDirJanitor {

    private static final Logger log = LoggerFactory.getLogger(WorkDirJanitor.class);

    private WorkDirJanitor() {}

    /** The prefix of a job directory made by this JVM. */
    static String jobDirPrefix(JobKind kind) {
        return kind.name().toLowerCase(Locale.ROOT) + "-" + ProcessHandle.current().pid() + "-";
    }

    /**
     * Reaps the job directories under {@code workRoot} whose JVM is gone.
     *
     * @return how many directories were reaped
     */
    public static int reap(Path workRoot) {
        if (!Files.isDirectory(workRoot)) {
            return 0;
        }
        int reaped = 0;
        try (Stream<Path> dirs = Files.list(workRoot)) {
            for (Path dir : dirs.filter(Files::isDirectory).toList()) {
                Optional<Long> owner = ownerPid(dir.getFileName().toString());
                if (owner.isEmpty() || ProcessHandle.of(owner.get()).map(ProcessHandle::isAlive).orElse(false)) {
                    continue;
                }
                killOrphan(dir);
                deleteTree(dir);
                reaped++;
            }
        } catch (IOException e) {
            log.warn("could not reap job directories under {}: {}", workRoot, e.toString());
        }
        if (reaped > 0) {
            log.info("reaped {} job directories left by dead workers under {}", reaped, workRoot);
        }
        return reaped;
    }

    static Optional<Long> ownerPid(String name) {
        String[] parts = name.split("-");
        if (parts.length < 3) {
            return Optional.empty();
        }
        try {
            return Optional.of(Long.parseLong(parts[1]));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** Kills the recorded child's process group, if that pid is still an ffmpeg or ffprobe of this directory. */
    private static void killOrphan(Path dir) throws IOException {
        Path pidFile = dir.resolve(SandboxedProcess.PID_FILE);
        if (!Files.exists(pidFile)) {
            return;
        }
        long pid;
        try {
            pid = Long.parseLong(Files.readString(pidFile).strip());
        } catch (NumberFormatException e) {
            return;
        }
        Optional<ProcessHandle> child = ProcessHandle.of(pid);
        boolean ours = child.flatMap(h -> h.info().commandLine())
                .map(cmd -> (cmd.contains("ffmpeg") || cmd.contains("ffprobe")) && cmd.contains(dir.toString()))
                .orElse(false);
        if (!ours) {
            return;
        }
        log.warn("killing orphaned ffmpeg process group {} of {}", pid, dir);
        try {
            new ProcessBuilder("kill", "-KILL", "--", "-" + pid).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        child.get().destroyForcibly();
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
