package io.reelpipe.core.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SandboxedProcessTests {

    @TempDir
    Path dir;

    private final SandboxedProcess.Limits limits = new SandboxedProcess.Limits(Duration.ofSeconds(10), 10, 1024);

    @Test
    void aChildRunsInItsDirectoryWithAnEmptyEnvironment() throws Exception {
        SandboxedProcess.Result result = SandboxedProcess.run(
                List.of("/bin/sh", "-c", "pwd; env | sort | cut -d= -f1 | tr '\\n' ' '"), dir, limits, null);

        assertThat(result.succeeded()).isTrue();
        String out = new String(result.stdout(), StandardCharsets.UTF_8);
        assertThat(out).startsWith(dir.toRealPath().toString());
        assertThat(out).doesNotContain("JAVA_HOME", "USER ", "AWS", "SPRING");
    }

    @Test
    void aChildRunsNicerByTheNicenessOfItsLimits() throws Exception {
        SandboxedProcess.Result niced = SandboxedProcess.run(List.of("/usr/bin/nice"), dir,
                new SandboxedProcess.Limits(Duration.ofSeconds(10), 10, 1024, 7), null);
        SandboxedProcess.Result normal = SandboxedProcess.run(List.of("/usr/bin/nice"), dir, limits, null);

        // nice adds to the caller's own niceness, whatever the build runs at.
        int own = Integer.parseInt(new String(normal.stdout(), StandardCharsets.UTF_8).strip());
        assertThat(Integer.parseInt(new String(niced.stdout(), StandardCharsets.UTF_8).strip()))
                .isEqualTo(Math.min(19, own + 7));
    }

    @Test
    void aNicedChildsSchedulingGroupIsNicedTooWhereTheKernelGroupsSessions() throws Exception {
        Path autogroup = Path.of("/proc/self/autogroup");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isReadable(autogroup), "no autogroup scheduling here");

        SandboxedProcess.Result niced = SandboxedProcess.run(List.of("/bin/cat", autogroup.toString()), dir,
                new SandboxedProcess.Limits(Duration.ofSeconds(10), 10, 1024, 7), null);

        // "/autogroup-<id> nice <n>": a group of the child's own (setsid), niced, while this JVM's group is not.
        String group = new String(niced.stdout(), StandardCharsets.UTF_8).strip();
        assertThat(group).endsWith(" nice 7").isNotEqualTo(Files.readString(autogroup).strip());
    }

    @Test
    void nicenessOutsideZeroToNineteenIsRefused() {
        assertThatThrownBy(() -> new SandboxedProcess.Limits(Duration.ofSeconds(1), 1, 0, 20))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("niceness 20");
    }

    @Test
    void aChildThatOutlivesItsWallClockIsKilledWithItsWholeProcessGroup() throws Exception {
        Path pidFile = dir.resolve("grandchild.pid");

        assertThatThrownBy(() -> SandboxedProcess.run(
                List.of("/bin/sh", "-c", "sleep 60 & echo $! > " + pidFile + "; wait"), dir,
                new SandboxedProcess.Limits(Duration.ofMillis(500), 10, 0), null))
                .isInstanceOf(ProcessTimeoutException.class)
                .hasMessageContaining("was killed");

        long grandchild = Long.parseLong(Files.readString(pidFile).strip());
        ProcessHandle.of(grandchild).ifPresent(handle -> {
            try {
                handle.onExit().get(5, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new AssertionError("the background child " + grandchild + " survived its group", e);
            }
        });
    }

    @Test
    void standardErrorIsKeptAsATailAndStreamedAsLines() throws Exception {
        List<String> lines = new CopyOnWriteArrayList<>();

        SandboxedProcess.Result result = SandboxedProcess.run(
                List.of("/bin/sh", "-c", "i=0; while [ $i -lt 3000 ]; do echo line$i >&2; i=$((i+1)); done; exit 3"),
                dir, limits, lines::add);

        assertThat(result.exitCode()).isEqualTo(3);
        assertThat(result.stderrTail()).endsWith("line2999\n").hasSizeLessThanOrEqualTo(32 * 1024);
        assertThat(lines).hasSize(3000).endsWith("line2999");
    }

    @Test
    void outputOverTheLimitIsAnError() {
        assertThatThrownBy(() -> SandboxedProcess.run(List.of("/bin/sh", "-c", "head -c 5000 /dev/zero"), dir, limits,
                null)).hasMessageContaining("more than 1024 bytes");
    }
}
