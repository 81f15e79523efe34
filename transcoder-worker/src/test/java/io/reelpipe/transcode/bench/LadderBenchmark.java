package io.reelpipe.transcode.bench;

import io.reelpipe.core.media.FfmpegBinaries;
import io.reelpipe.core.media.MediaLimits;
import io.reelpipe.core.media.MediaProbe;
import io.reelpipe.testkit.SampleMedia;
import io.reelpipe.transcode.ladder.EncodedLadder;
import io.reelpipe.transcode.ladder.EncoderSettings;
import io.reelpipe.transcode.ladder.LadderEncoder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Ladder transcode wall time, ReelPipe against its two anchors, in one run on one machine: (a) the plain ffmpeg CLI
 * producing the same ladder in one process with the same encoder settings, (b) one ffmpeg run per rung, one after
 * another (the common design). Each side runs {@code runs} times, alternating; medians are compared.
 *
 * <p>Usage: {@code LadderBenchmark [seconds=20] [runs=3] [preset=veryfast]}; the source is a generated 1080x1920
 * portrait clip with motion and a tone.
 */
public final class LadderBenchmark {

    private LadderBenchmark() {}

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        String preset = args.length > 2 ? args[2] : "veryfast";
        Path dir = Files.createTempDirectory("reelpipe-ladder-bench");
        FfmpegBinaries ffmpeg = FfmpegBinaries.bundled();
        Path source = SampleMedia.ffmpeg(dir, "source.mp4", List.of("-f", "lavfi", "-i",
                "testsrc2=size=1080x1920:rate=30:duration=" + seconds, "-f", "lavfi", "-i",
                "sine=frequency=440:sample_rate=48000:duration=" + seconds, "-c:v", "libx264", "-preset", "veryfast",
                "-crf", "18", "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest"));
        MediaProbe.ProbedSource probed = new MediaProbe(ffmpeg, MediaLimits.SHORT_VIDEO, Duration.ofSeconds(30))
                .inspect(source, dir);
        LadderEncoder encoder = new LadderEncoder(ffmpeg, new EncoderSettings(preset, 23, 128, false),
                Duration.ofMinutes(30));

        double[] ours = new double[runs];
        double[] plain = new double[runs];
        double[] perRung = new double[runs];
        for (int run = 0; run < runs; run++) {
            Path out = clean(dir.resolve("ours"));
            long start = System.nanoTime();
            EncodedLadder ladder = encoder.encode(source, probed, dir, out);
            ours[run] = seconds(start);

            out = clean(dir.resolve("plain"));
            start = System.nanoTime();
            run(ffmpeg, plainLadder(source, out, preset));
            plain[run] = seconds(start);

            out = clean(dir.resolve("per-rung"));
            start = System.nanoTime();
            for (EncodedLadder.EncodedRung rung : ladder.rungs()) {
                run(ffmpeg, oneRung(source, out, rung, preset));
            }
            perRung[run] = seconds(start);
            System.out.printf(Locale.ROOT, "run %d: reelpipe %.2f s, plain ffmpeg %.2f s, one run per rung %.2f s%n",
                    run + 1, ours[run], plain[run], perRung[run]);
        }
        double o = median(ours);
        double p = median(plain);
        double r = median(perRung);
        System.out.printf(Locale.ROOT, "%d s 1080x1920 source, preset %s, %d runs, %d cores%n", seconds, preset, runs,
                Runtime.getRuntime().availableProcessors());
        System.out.printf(Locale.ROOT, "median: reelpipe %.2f s | plain ffmpeg %.2f s | one run per rung %.2f s%n", o, p, r);
        System.out.printf(Locale.ROOT, "ratio reelpipe / plain ffmpeg    = %.3f (target <= 1.05)%n", o / p);
        System.out.printf(Locale.ROOT, "ratio reelpipe / one run per rung = %.3f (target <= 0.80)%n", o / r);
    }

    /** The same ladder as ReelPipe's command, written by hand as one plain ffmpeg CLI run. */
    static List<String> plainLadder(Path source, Path out, String preset) {
        return List.of("-i", source.toString(),
                "-filter_complex", "[0:v]fps=30,split=3[a][b][c];[a]scale=360:640[v0];[b]scale=720:1280[v1];"
                        + "[c]scale=1080:1920[v2]",
                "-map", "[v0]", "-map", "[v1]", "-map", "[v2]", "-map", "0:a:0",
                "-c:v", "libx264", "-profile:v", "high", "-preset", preset, "-crf", "23",
                "-g", "60", "-keyint_min", "60", "-sc_threshold", "0", "-flags", "+cgop",
                "-force_key_frames", "expr:gte(t,n_forced*2)",
                "-maxrate:v:0", "1000k", "-bufsize:v:0", "2000k", "-maxrate:v:1", "3000k", "-bufsize:v:1", "6000k",
                "-maxrate:v:2", "6000k", "-bufsize:v:2", "12000k",
                "-c:a", "aac", "-b:a", "128k", "-ac", "2", "-ar", "48000",
                "-f", "hls", "-hls_time", "2", "-hls_playlist_type", "vod", "-hls_segment_type", "fmp4",
                "-var_stream_map", "v:0,agroup:a v:1,agroup:a v:2,agroup:a a:0,agroup:a",
                "-hls_segment_filename", out.resolve("%v_%05d.m4s").toString(), out.resolve("%v.m3u8").toString());
    }

    /** One rung on its own: its own decode, scale and encode, with the audio muxed in. */
    static List<String> oneRung(Path source, Path out, EncodedLadder.EncodedRung rung, String preset) {
        return List.of("-i", source.toString(), "-vf", "fps=30,scale=" + rung.width() + ":" + rung.height(),
                "-c:v", "libx264", "-profile:v", "high", "-preset", preset, "-crf", "23",
                "-g", "60", "-keyint_min", "60", "-sc_threshold", "0", "-flags", "+cgop",
                "-force_key_frames", "expr:gte(t,n_forced*2)",
                "-maxrate", rung.maxrateKbps() + "k", "-bufsize", (rung.maxrateKbps() * 2) + "k",
                "-c:a", "aac", "-b:a", "128k", "-ac", "2", "-ar", "48000",
                "-f", "hls", "-hls_time", "2", "-hls_playlist_type", "vod", "-hls_segment_type", "fmp4",
                "-hls_fmp4_init_filename", rung.name() + "_init.mp4",
                "-hls_segment_filename", out.resolve(rung.name() + "_%05d.m4s").toString(),
                out.resolve(rung.name() + ".m3u8").toString());
    }

    private static void run(FfmpegBinaries ffmpeg, List<String> args) throws Exception {
        List<String> command = new ArrayList<>(List.of(ffmpeg.ffmpeg().toString(), "-hide_banner", "-nostdin",
                "-loglevel", "error", "-y"));
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("LD_LIBRARY_PATH", ffmpeg.ffmpeg().getParent().toString());
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes());
        if (!process.waitFor(30, TimeUnit.MINUTES) || process.exitValue() != 0) {
            throw new IllegalStateException("ffmpeg failed: " + output);
        }
    }

    private static Path clean(Path dir) throws Exception {
        if (Files.exists(dir)) {
            try (var paths = Files.walk(dir)) {
                for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
        return Files.createDirectories(dir);
    }

    private static double seconds(long start) {
        return (System.nanoTime() - start) / 1e9;
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
