package io.reelpipe.core.media;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Runs ffmpeg or ffprobe as a sandboxed child process: its own session and process group (so the whole group can be
 * killed), CPU-time, address-space and open-file limits, an empty environment, a private working directory and a
 * wall-clock timeout. A crash of native code kills the child, never the worker JVM.
 *
 * <p>Arguments are a list, never a shell string, and callers pass only values they generated (paths inside the job
 * directory, numbers, fixed option names): a user string never reaches an argument.
 */
public final class SandboxedProcess {

    /** File in the working directory holding the pid (and process group) of the running child. */
    public static final String PID_FILE = ".sandbox.pid";

    private static final int STDERR_TAIL_BYTES = 16 * 1024;
    private static final Path SETSID = Path.of("/usr/bin/setsid");
    private static final Path PRLIMIT = Path.of("/usr/bin/prlimit");
    private static final Path NICE = Path.of("/usr/bin/nice");
    private static final Path SH = Path.of("/bin/sh");

    /**
     * Limits of one run.
     *
     * @param wallClock    killed after this long
     * @param cpuSeconds   RLIMIT_CPU for the child
     * @param maxStdout    standard output kept (ffprobe's JSON); more is an error
     * @param niceness     CPU scheduling niceness, 0 (normal) to 19 (only idle CPU): work that is not on the path to
     *                     playable yields to work that is when both share a node
     */
    public record Limits(Duration wallClock, long cpuSeconds, int maxStdout, int niceness) {

        public Limits {
            if (wallClock.isNegative() || wallClock.isZero() || cpuSeconds < 1 || maxStdout < 0 || niceness < 0
                    || niceness > 19) {
                throw new IllegalArgumentException("invalid process limits: " + wallClock + ", " + cpuSeconds + ", "
                        + maxStdout + ", niceness " + niceness);
            }
        }

        /** Limits at normal CPU priority. */
        public Limits(Duration wallClock, long cpuSeconds, int maxStdout) {
            this(wallClock, cpuSeconds, maxStdout, 0);
        }
    }

    /**
     * What a finished run left behind.
     *
     * @param exitCode   the exit status (128 + signal for a signal)
     * @param stdout     standard output, up to the limit
     * @param stderrTail the last bytes of standard error
     */
    public record Result(int exitCode, byte[] stdout, String stderrTail) {

        public boolean succeeded() {
            return exitCode == 0;
        }

        /**
         * The last diagnostic line of standard error, at most 300 characters, or "no diagnostic". The key=value
         * lines of ffmpeg's {@code -progress} output share the stream and are skipped.
         */
        public String diagnostic() {
            String[] lines = stderrTail.strip().split("\n");
            for (int i = lines.length - 1; i >= 0; i--) {
                String line = lines[i].strip();
                if (!line.isEmpty() && !line.matches("[a-z_0-9]+=.*")) {
                    return line.length() > 300 ? line.substring(0, 300) : line;
                }
            }
            return "no diagnostic";
        }
    }

    private SandboxedProcess() {}

    /**
     * Runs {@code command} in {@code workDir} and waits for it.
     *
     * @param stderrLines receives each line of standard error as it arrives (progress), or {@code null}
     * @throws ProcessTimeoutException when the wall clock ran out; the process group has been killed
     */
    public static Result run(List<String> command, Path workDir, Limits limits, Consumer<String> stderrLines)
            throws IOException, InterruptedException {
        List<String> argv = new ArrayList<>();
        if (Files.isExecutable(SETSID)) {
            argv.add(SETSID.toString());
        }
        if (Files.isExecutable(PRLIMIT)) {
            argv.add(PRLIMIT.toString());
            argv.add("--cpu=" + limits.cpuSeconds());
            argv.add("--nofile=256");
            argv.add("--core=0");
            argv.add("--");
        }
        if (limits.niceness() > 0 && Files.isExecutable(NICE) && Files.isExecutable(SH)) {
            // With autogroup scheduling (the kernel's default) a new session is a scheduling group of its own and
            // niceness only ranks threads inside their group, so the group is niced too, from inside it (after
            // setsid; from outside, a race could nice the JVM's own group). Without autogroup the write just fails.
            String nice = Integer.toString(limits.niceness());
            argv.addAll(List.of(SH.toString(), "-c",
                    "{ echo " + nice + " > /proc/self/autogroup; } 2>/dev/null; exec \"$0\" -n " + nice + " \"$@\"",
                    NICE.toString()));
        }
        argv.addAll(command);
        ProcessBuilder builder = new ProcessBuilder(argv).directory(workDir.toFile());
        Map<String, String> env = builder.environment();
        env.clear();
        env.put("PATH", "/usr/bin:/bin");
        // The bundled ffmpeg finds its own shared libraries (libva and friends) beside it.
        env.put("LD_LIBRARY_PATH", Path.of(command.getFirst()).toAbsolutePath().getParent().toString());
        env.put("HOME", workDir.toString());
        env.put("TMPDIR", workDir.toString());
        builder.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        Process process = builder.start();
        // Recorded so a worker that restarts after being killed can reap a child that outlived it (own session).
        Files.writeString(workDir.resolve(PID_FILE), Long.toString(process.pid()));
        StreamDrain stdout = new StreamDrain(process.getInputStream(), limits.maxStdout(), null);
        StreamDrain stderr = new StreamDrain(process.getErrorStream(), -STDERR_TAIL_BYTES, stderrLines);
        Thread.ofVirtual().start(stdout);
        Thread.ofVirtual().start(stderr);
        try {
            if (!process.waitFor(limits.wallClock().toMillis(), TimeUnit.MILLISECONDS)) {
                killGroup(process);
                throw new ProcessTimeoutException(
                        command.getFirst() + " ran longer than " + limits.wallClock().toSeconds() + " s and was killed");
            }
        } catch (InterruptedException e) {
            killGroup(process);
            throw e;
        }
        stdout.await();
        stderr.await();
        if (stdout.overflowed) {
            throw new IOException(command.getFirst() + " wrote more than " + limits.maxStdout() + " bytes of output");
        }
        return new Result(process.exitValue(), stdout.bytes(), stderr.text());
    }

    /** Kills the child's whole process group, then anything left of its descendants. */
    static void killGroup(Process process) throws InterruptedException {
        long pid = process.pid();
        try {
            new ProcessBuilder("kill", "-KILL", "--", "-" + pid)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start()
                    .waitFor(5, TimeUnit.SECONDS);
        } catch (IOException e) {
            throw new UncheckedIOException("could not run kill for process group " + pid, e);
        } finally {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            process.waitFor(5, TimeUnit.SECONDS);
        }
    }

    /** Reads one stream of the child to its end: keeps the head (stdout) or the tail (stderr, negative limit). */
    private static final class StreamDrain implements Runnable {

        private final InputStream in;
        private final int limit;
        private final Consumer<String> lines;
        private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
        private final java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(1);
        private final StringBuilder line = new StringBuilder();
        private volatile boolean overflowed;
        private volatile IOException failure;

        StreamDrain(InputStream in, int limit, Consumer<String> lines) {
            this.in = in;
            this.limit = limit;
            this.lines = lines;
        }

        @Override
        public void run() {
            byte[] buffer = new byte[8192];
            try (in) {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    keep(buffer, n);
                    if (lines != null) {
                        split(buffer, n);
                    }
                }
            } catch (IOException e) {
                failure = e;
            } finally {
                done.countDown();
            }
        }

        private synchronized void keep(byte[] buffer, int n) {
            if (limit >= 0) {
                if (kept.size() + n > limit) {
                    overflowed = true;
                    return;
                }
                kept.write(buffer, 0, n);
            } else {
                kept.write(buffer, 0, n);
                int max = -limit;
                if (kept.size() > 2 * max) {
                    byte[] all = kept.toByteArray();
                    kept.reset();
                    kept.write(all, all.length - max, max);
                }
            }
        }

        private void split(byte[] buffer, int n) {
            for (int i = 0; i < n; i++) {
                char c = (char) (buffer[i] & 0xff);
                if (c == '\n' || c == '\r') {
                    if (!line.isEmpty()) {
                        lines.accept(line.toString());
                        line.setLength(0);
                    }
                } else if (line.length() < 4096) {
                    line.append(c);
                }
            }
        }

        void await() throws InterruptedException, IOException {
            if (!done.await(30, TimeUnit.SECONDS)) {
                throw new IOException("child process output did not end after the process exited");
            }
            if (failure != null) {
                throw failure;
            }
        }

        synchronized byte[] bytes() {
            return kept.toByteArray();
        }

        synchronized String text() {
            byte[] all = kept.toByteArray();
            int max = -limit;
            int from = Math.max(0, all.length - max);
            return new String(all, from, all.length - from, StandardCharsets.UTF_8);
        }
    }
}
