package io.reelpipe.transcode;

import static org.assertj.core.api.Assertions.assertThat;

import io.reelpipe.core.contract.JobEvent;
import io.reelpipe.testkit.LocalServices;
import io.reelpipe.testkit.SampleMedia;
import io.reelpipe.transcode.validation.HlsValidator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 of a transcoder worker in the middle of a job: the job is redelivered to the next worker, finishes once, and
 * what players see is one complete rendition set; the dead worker's ffmpeg (its own session, so it outlived the JVM)
 * is reaped when the next worker starts on the machine.
 */
class WorkerCrashIT {

    @TempDir
    Path dir;

    @Test
    void aWorkerKilledMidJobLosesNothingAndTheNextOnePublishesOneCompleteSet() throws Exception {
        Path workRoot = Files.createDirectories(dir.resolve("jobs"));
        Path source = SampleMedia.ffmpeg(dir, "long.mp4", List.of("-f", "lavfi", "-i",
                "testsrc2=size=1280x720:rate=30:duration=40", "-f", "lavfi", "-i", "sine=duration=40",
                "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest"));
        // The harness's own worker is the survivor; the first worker is a separate JVM we can kill -9.
        try (TranscoderHarness harness = new TranscoderHarness(Map.of("reelpipe.worker.work-dir", workRoot.toString()))) {
            harness.app.getBean(org.springframework.amqp.rabbit.listener.SimpleMessageListenerContainer.class).stop();
            Process doomed = startWorkerProcess(harness, workRoot);
            try {
                UUID videoId = UUID.randomUUID();
                harness.store.putFile(io.reelpipe.core.storage.StorageKeys.source(videoId), source,
                        "video/mp4", io.reelpipe.core.storage.CacheControl.PRIVATE,
                        io.reelpipe.core.storage.ObjectStore.Access.PRIVATE);
                harness.publishOnly(videoId);
                JobEvent.Playable firstAttempt = awaitPlayable(harness, videoId);

                doomed.destroyForcibly();
                assertThat(doomed.waitFor(30, TimeUnit.SECONDS)).isTrue();
                List<ProcessHandle> orphans = ffmpegUnder(workRoot);
                assertThat(orphans).as("the killed worker's ffmpeg outlives it").isNotEmpty();

                harness.app.getBean(org.springframework.amqp.rabbit.listener.SimpleMessageListenerContainer.class)
                        .start();
                io.reelpipe.core.worker.WorkDirJanitor.reap(workRoot);
                for (ProcessHandle orphan : orphans) {
                    orphan.onExit().get(10, TimeUnit.SECONDS);
                }

                TranscoderHarness.Outcome outcome = harness.await(videoId, Duration.ofSeconds(240));
                assertThat(outcome.ladder()).as("outcome %s", outcome).isPresent();
                String master = outcome.ladder().get().masterKey();
                assertThat(master).doesNotStartWith(firstAttempt.liveMasterKey().replace("live.m3u8", ""));
                HlsValidator.Report report = new HlsValidator(dir).validate(harness.publicUrl(master));
                assertThat(report.problems()).isEmpty();
                assertThat(report.variants()).extracting(HlsValidator.VariantFacts::name)
                        .containsExactly("360p", "720p");
                assertThat(outcome.events().stream().filter(JobEvent.LadderReady.class::isInstance)).hasSize(1);
            } finally {
                doomed.destroyForcibly();
            }
        }
    }

    private Process startWorkerProcess(TranscoderHarness harness, Path workRoot) throws Exception {
        Map<String, Object> properties = LocalServices.springProperties(harness.namespace, harness.namespace);
        properties.put("reelpipe.transcode.preset", "superfast");
        properties.put("reelpipe.worker.work-dir", workRoot.toString());
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "--enable-native-access=ALL-UNNAMED", "-Xmx384m", "-cp", System.getProperty("java.class.path"),
                TranscoderWorkerApplication.class.getName()));
        command.addAll(List.of(LocalServices.asArgs(properties)));
        return new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve("doomed-worker.log").toFile()).start();
    }

    private static JobEvent.Playable awaitPlayable(TranscoderHarness harness, UUID videoId) {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (System.nanoTime() < deadline) {
            for (JobEvent event : harness.poll(videoId)) {
                if (event instanceof JobEvent.Playable playable) {
                    return playable;
                }
            }
        }
        throw new AssertionError("the first worker never made video " + videoId + " playable");
    }

    private static List<ProcessHandle> ffmpegUnder(Path workRoot) {
        return ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().map(c -> c.contains("ffmpeg") && c.contains(workRoot.toString()))
                        .orElse(false))
                .toList();
    }
}
