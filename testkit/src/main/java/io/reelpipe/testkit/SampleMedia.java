package io.reelpipe.testkit;

import io.reelpipe.core.media.FfmpegBinaries;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Media for tests: the real files in {@code ../shared/media} (skipped with a message when that folder is absent, so a
 * lone clone still passes) and files generated with ffmpeg's lavfi sources.
 */
public final class SampleMedia {

    private SampleMedia() {}

    /** The shared media folder, or {@code null} when this checkout has none beside it. */
    public static Path sharedFolder() {
        String root = System.getenv("REELPIPE_ROOT");
        Path base = root != null ? Path.of(root) : Path.of("").toAbsolutePath();
        for (Path dir = base; dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolveSibling("shared").resolve("media");
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    /** A file of {@code ../shared/media}; aborts (skips) the test with a clear message when it is not there. */
    public static Path shared(String name) {
        Path folder = sharedFolder();
        Assumptions.assumeTrue(folder != null && Files.isRegularFile(folder.resolve(name)),
                "skipped: ../shared/media/" + name + " is not beside this checkout (CI always has it)");
        return folder.resolve(name);
    }

    /**
     * Generates a test video with lavfi: a moving test pattern and a tone.
     *
     * @param seconds  duration
     * @param width    frame width
     * @param height   frame height
     * @param audio    whether to add a sine tone
     */
    public static Path generate(Path dir, String name, double seconds, int width, int height, boolean audio)
            throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of(
                "-f", "lavfi", "-i", "testsrc2=size=" + width + "x" + height + ":rate=30:duration=" + seconds));
        if (audio) {
            args.addAll(List.of("-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000:duration=" + seconds));
        }
        args.addAll(List.of("-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p"));
        if (audio) {
            args.addAll(List.of("-c:a", "aac", "-shortest"));
        }
        return ffmpeg(dir, name, args);
    }

    /** Runs the bundled ffmpeg with {@code args} and writes {@code dir/name}. */
    public static Path ffmpeg(Path dir, String name, List<String> args) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        Path out = dir.resolve(name);
        FfmpegBinaries binaries = FfmpegBinaries.bundled();
        List<String> command = new ArrayList<>(List.of(binaries.ffmpeg().toString(), "-hide_banner", "-nostdin",
                "-loglevel", "error", "-y"));
        command.addAll(args);
        command.add(out.toString());
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("LD_LIBRARY_PATH", binaries.ffmpeg().getParent().toString());
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes());
        if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new IOException("ffmpeg could not generate " + name + ": " + output);
        }
        return out;
    }
}
