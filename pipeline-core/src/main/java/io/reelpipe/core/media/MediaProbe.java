package io.reelpipe.core.media;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Decides whether a source file is a video ReelPipe can process: sniffs its container from the first bytes, runs the
 * sandboxed ffprobe with only that container's demuxer and the {@code file} protocol allowed, and checks the result
 * against {@link MediaLimits}. Every refusal is a {@link MediaRejectedException} with a reason for the creator.
 */
public final class MediaProbe {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final FfmpegBinaries binaries;
    private final MediaLimits limits;
    private final SandboxedProcess.Limits processLimits;

    /**
     * A source that passed every check.
     *
     * @param format the sniffed container
     * @param info   what ffprobe found
     * @param video  the video stream that will be processed
     */
    public record ProbedSource(ContainerFormat format, MediaInfo info, MediaInfo.Stream video) {}

    public MediaProbe(FfmpegBinaries binaries, MediaLimits limits, Duration timeout) {
        this.binaries = binaries;
        this.limits = limits;
        this.processLimits = new SandboxedProcess.Limits(timeout, Math.max(1, timeout.toSeconds()), 4 * 1024 * 1024);
    }

    /** Sniffs a file's head; a file that is not an accepted container is rejected with what it looks like. */
    public static ContainerFormat sniff(Path file) throws IOException, MediaRejectedException {
        byte[] head = new byte[ContainerFormat.SNIFF_BYTES];
        int n;
        try (InputStream in = Files.newInputStream(file)) {
            n = in.readNBytes(head, 0, head.length);
        }
        int length = n;
        return ContainerFormat.sniff(head, length).orElseThrow(() -> new MediaRejectedException(
                "the file is not a supported video container (it looks like " + ContainerFormat.describe(head, length)
                        + "); accepted: MP4/MOV, WebM/Matroska, MPEG-TS, AVI"));
    }

    /** Sniffs, probes and checks a source file in {@code workDir}. */
    public ProbedSource inspect(Path file, Path workDir) throws IOException, InterruptedException, MediaRejectedException {
        ContainerFormat format = sniff(file);
        List<String> command = List.of(
                binaries.ffprobe().toString(),
                "-v", "error",
                "-protocol_whitelist", "file",
                "-format_whitelist", format.demuxer(),
                "-f", format.demuxer(),
                "-print_format", "json",
                "-show_format",
                "-show_streams",
                "-i", "file:" + file.toAbsolutePath());
        SandboxedProcess.Result result;
        try {
            result = SandboxedProcess.run(command, workDir, processLimits, null);
        } catch (ProcessTimeoutException e) {
            throw new MediaRejectedException("the file could not be read in time (" + e.getMessage() + ")", e);
        }
        if (!result.succeeded()) {
            // ffmpeg names the input path in its diagnostics; the creator gets the diagnostic without it.
            String detail = result.diagnostic().replace("file:" + file.toAbsolutePath() + ": ", "")
                    .replace(file.toAbsolutePath().toString(), "the file");
            throw new MediaRejectedException("the file could not be read as " + format.mimeType() + ": " + detail);
        }
        MediaInfo info = parse(result.stdout());
        MediaInfo.Stream video = check(info);
        return new ProbedSource(format, info, video);
    }

    /** Checks probed media against the limits; returns the video stream to process. */
    MediaInfo.Stream check(MediaInfo info) throws MediaRejectedException {
        if (info.streams().size() > limits.maxStreams()) {
            throw new MediaRejectedException("the file has " + info.streams().size() + " streams; at most "
                    + limits.maxStreams() + " are accepted");
        }
        MediaInfo.Stream video = info.video().orElseThrow(() -> new MediaRejectedException(
                "the file has no video stream" + (info.audio().isPresent() ? " (it is audio only)" : "")));
        if (video.width() <= 0 || video.height() <= 0) {
            throw new MediaRejectedException("the video stream has no frame size (codec " + video.codec() + ")");
        }
        if (video.width() > limits.maxDimension() || video.height() > limits.maxDimension()
                || (long) video.width() * video.height() > limits.maxPixels()) {
            throw new MediaRejectedException("the video is " + video.width() + "x" + video.height()
                    + " pixels; at most " + limits.maxDimension() + " pixels a side and " + limits.maxPixels()
                    + " pixels a frame are accepted");
        }
        if (info.durationSec() > limits.maxDuration().toSeconds()) {
            throw new MediaRejectedException(String.format(Locale.ROOT, "the video is %.0f s long; at most %d s is accepted",
                    info.durationSec(), limits.maxDuration().toSeconds()));
        }
        if (video.frameRate() > limits.maxFrameRate()) {
            throw new MediaRejectedException(String.format(Locale.ROOT, "the video has %.1f frames per second; at most %.0f is accepted",
                    video.frameRate(), limits.maxFrameRate()));
        }
        return video;
    }

    static MediaInfo parse(byte[] json) throws MediaRejectedException {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JacksonException e) {
            throw new MediaRejectedException("ffprobe reported nothing readable about the file", e);
        }
        JsonNode format = root.path("format");
        List<MediaInfo.Stream> streams = new ArrayList<>();
        for (JsonNode s : root.path("streams")) {
            streams.add(new MediaInfo.Stream(
                    s.path("index").asInt(),
                    s.path("codec_type").asString("unknown"),
                    s.path("codec_name").asString("unknown"),
                    s.path("width").asInt(0),
                    s.path("height").asInt(0),
                    rotation(s),
                    rate(s.path("avg_frame_rate").asString("0/0"), s.path("r_frame_rate").asString("0/0")),
                    s.path("pix_fmt").asString(""),
                    s.path("color_transfer").asString(""),
                    s.path("field_order").asString(""),
                    parseLong(s.path("bit_rate").asString("0")),
                    s.path("channels").asInt(0),
                    s.path("disposition").path("attached_pic").asInt(0) == 1,
                    ratio(s.path("sample_aspect_ratio").asString("1:1").replace(':', '/'))));
        }
        return new MediaInfo(
                format.path("format_name").asString(""),
                parseDouble(format.path("duration").asString("0")),
                parseLong(format.path("bit_rate").asString("0")),
                streams);
    }

    /** Display rotation from the display-matrix side data (or the legacy rotate tag), as 0, 90, 180 or 270. */
    private static int rotation(JsonNode stream) {
        double degrees = 0;
        for (JsonNode side : stream.path("side_data_list")) {
            if (side.has("rotation")) {
                degrees = side.path("rotation").asDouble(0);
            }
        }
        if (degrees == 0 && stream.path("tags").has("rotate")) {
            degrees = parseDouble(stream.path("tags").path("rotate").asString("0"));
        }
        int normalised = (int) Math.round(degrees / 90.0) * 90;
        return ((normalised % 360) + 360) % 360;
    }

    private static double rate(String average, String real) {
        double avg = ratio(average);
        return avg > 0 ? avg : ratio(real);
    }

    private static double ratio(String value) {
        int slash = value.indexOf('/');
        if (slash < 0) {
            return parseDouble(value);
        }
        double den = parseDouble(value.substring(slash + 1));
        return den == 0 ? 0 : parseDouble(value.substring(0, slash)) / den;
    }

    private static double parseDouble(String value) {
        try {
            double d = Double.parseDouble(value);
            return Double.isFinite(d) ? d : 0;
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static long parseLong(String value) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
