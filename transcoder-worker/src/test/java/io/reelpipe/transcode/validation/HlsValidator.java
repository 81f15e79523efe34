package io.reelpipe.transcode.validation;

import io.reelpipe.core.media.FfmpegBinaries;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Checks a published HLS ladder against RFC 8216 and Apple's authoring rules as ReelPipe promises them, fetching
 * everything through the CDN edge like a player: master tags and attributes, VOD media playlists with honest target
 * durations, 2 s segments (the first may be 1 s: fast start), an IDR frame at the start of every segment of every rung, segment boundaries aligned across
 * rungs, {@code BANDWIDTH}/{@code AVERAGE-BANDWIDTH} within 10% of the measured peak and average, {@code CODECS},
 * {@code RESOLUTION} and {@code FRAME-RATE} matching the streams. Every violation is collected, not just the first.
 */
public final class HlsValidator {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Pattern ATTRIBUTE = Pattern.compile("([A-Z0-9-]+)=(\"[^\"]*\"|[^,]*)");
    private static final double SEGMENT_SECONDS = 2.0;
    private static final double FAST_START_SECONDS = 1.0;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Path dir;
    private final List<String> problems = new ArrayList<>();

    /** What was found, for further assertions. */
    public record Report(List<String> problems, List<VariantFacts> variants, boolean audio, String master) {}

    /**
     * One variant as published and as ffprobe sees it.
     *
     * @param name          directory name
     * @param width         stream width
     * @param height        stream height
     * @param frameRate     stream frame rate
     * @param codecs        the CODECS attribute
     * @param segmentStarts presentation time of each segment's first frame
     * @param fieldOrder    ffprobe's field order
     * @param colorTransfer ffprobe's transfer characteristic
     * @param pixelFormat   ffprobe's pixel format
     * @param file          the variant's init and segments concatenated (a fragmented MP4)
     */
    public record VariantFacts(String name, int width, int height, double frameRate, String codecs,
            List<Double> segmentStarts, String fieldOrder, String colorTransfer, String pixelFormat, Path file) {}

    public HlsValidator(Path dir) {
        this.dir = dir;
    }

    public Report validate(String masterUrl) throws IOException, InterruptedException {
        URI masterUri = URI.create(masterUrl);
        String master = fetchText(masterUri);
        expect(master.startsWith("#EXTM3U"), "master does not start with #EXTM3U");
        expect(master.contains("#EXT-X-INDEPENDENT-SEGMENTS"), "master lacks EXT-X-INDEPENDENT-SEGMENTS");
        List<String> lines = master.lines().toList();
        String audioUri = null;
        for (String line : lines) {
            if (line.startsWith("#EXT-X-MEDIA:") && line.contains("TYPE=AUDIO")) {
                audioUri = attributes(line).get("URI");
            }
        }
        Segments audio = null;
        if (audioUri != null) {
            audio = mediaPlaylist(masterUri.resolve(audioUri), "audio");
        }
        List<VariantFacts> variants = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (!lines.get(i).startsWith("#EXT-X-STREAM-INF:")) {
                continue;
            }
            Map<String, String> attrs = attributes(lines.get(i));
            String uri = lines.get(i + 1).strip();
            String name = uri.substring(0, uri.indexOf('/'));
            for (String required : List.of("BANDWIDTH", "AVERAGE-BANDWIDTH", "CODECS", "RESOLUTION", "FRAME-RATE")) {
                expect(attrs.containsKey(required), name + ": STREAM-INF lacks " + required);
            }
            Segments video = mediaPlaylist(masterUri.resolve(uri), name);
            variants.add(checkVariant(name, attrs, video, audio));
        }
        expect(!variants.isEmpty(), "master lists no variants");
        for (VariantFacts v : variants) {
            expect(v.segmentStarts().equals(variants.getFirst().segmentStarts()),
                    v.name() + ": segment boundaries " + v.segmentStarts() + " differ from "
                            + variants.getFirst().name() + "'s " + variants.getFirst().segmentStarts());
        }
        return new Report(List.copyOf(problems), variants, audio != null, master);
    }

    /** A media playlist, its files fetched and concatenated. */
    private record Segments(String name, List<Double> durations, List<Long> sizes, Path file, String text) {}

    private Segments mediaPlaylist(URI uri, String name) throws IOException, InterruptedException {
        String text = fetchText(uri);
        expect(text.contains("#EXT-X-PLAYLIST-TYPE:VOD"), name + ": not a VOD playlist");
        expect(text.contains("#EXT-X-ENDLIST"), name + ": no EXT-X-ENDLIST");
        Matcher target = Pattern.compile("#EXT-X-TARGETDURATION:(\\d+)").matcher(text);
        int targetDuration = target.find() ? Integer.parseInt(target.group(1)) : -1;
        expect(targetDuration > 0, name + ": no EXT-X-TARGETDURATION");
        Matcher map = Pattern.compile("#EXT-X-MAP:URI=\"([^\"]+)\"").matcher(text);
        expect(map.find(), name + ": no EXT-X-MAP (fMP4 init segment)");
        Path file = dir.resolve(name + ".mp4");
        List<Double> durations = new ArrayList<>();
        List<Long> sizes = new ArrayList<>();
        try (OutputStream out = Files.newOutputStream(file)) {
            out.write(fetch(uri.resolve(map.group(1))));
            double pending = -1;
            for (String line : text.lines().toList()) {
                if (line.startsWith("#EXTINF:")) {
                    pending = Double.parseDouble(line.substring(8, line.indexOf(',')));
                } else if (!line.isBlank() && !line.startsWith("#")) {
                    byte[] segment = fetch(uri.resolve(line.strip()));
                    durations.add(pending);
                    sizes.add((long) segment.length);
                    out.write(segment);
                }
            }
        }
        expect(!durations.isEmpty(), name + ": no segments");
        double longest = durations.stream().mapToDouble(Double::doubleValue).max().orElse(0);
        expect(Math.round(longest) <= targetDuration,
                name + ": a segment of " + longest + " s exceeds EXT-X-TARGETDURATION " + targetDuration);
        // The grid: 0, the first segment's end (1 s for a fast start, else 2 s), then every 2 s.
        double first = durations.size() > 1 && Math.abs(durations.getFirst() - FAST_START_SECONDS) <= 0.1
                ? FAST_START_SECONDS : SEGMENT_SECONDS;
        double start = 0;
        for (int i = 0; i < durations.size() - 1; i++) {
            double end = i == 0 ? first : (Math.floor((start + 0.1) / SEGMENT_SECONDS) + 1) * SEGMENT_SECONDS;
            expect(Math.abs(durations.get(i) - (end - start)) <= 0.1,
                    name + ": segment " + i + " lasts " + durations.get(i) + " s, not " + (end - start));
            start = end;
        }
        return new Segments(name, durations, sizes, file, text);
    }

    private VariantFacts checkVariant(String name, Map<String, String> attrs, Segments video, Segments audio)
            throws IOException, InterruptedException {
        JsonNode stream = probe(video.file(), "-show_streams").path("streams").path(0);
        int width = stream.path("width").asInt();
        int height = stream.path("height").asInt();
        double fps = ratio(stream.path("avg_frame_rate").asString("0/1"));
        expect(attrs.getOrDefault("RESOLUTION", "").equals(width + "x" + height),
                name + ": RESOLUTION " + attrs.get("RESOLUTION") + " but the stream is " + width + "x" + height);
        expect(Math.abs(parse(attrs.get("FRAME-RATE")) - fps) < 0.02,
                name + ": FRAME-RATE " + attrs.get("FRAME-RATE") + " but the stream has " + fps);
        String codecs = attrs.getOrDefault("CODECS", "");
        // avc1.PPCCLL: profile_idc, constraint flags (ffprobe does not report them), level_idc.
        String videoCodec = codecs.split(",")[0];
        String profileAndLevel = String.format(Locale.ROOT, "%02x..%02x",
                profileIdc(stream.path("profile").asString()), stream.path("level").asInt());
        expect(videoCodec.matches("avc1\\." + profileAndLevel),
                name + ": CODECS " + codecs + " does not match the stream (profile " + stream.path("profile").asString()
                        + ", level " + stream.path("level").asInt() + ")");
        expect((audio != null) == codecs.contains("mp4a.40.2"), name + ": CODECS " + codecs + " and the audio group disagree");
        expect(!(audio != null) || attrs.containsKey("AUDIO"), name + ": no AUDIO group attribute");

        List<Double> starts = segmentStarts(video);
        long peak = peak(video) + (audio == null ? 0 : peak(audio));
        long average = average(video) + (audio == null ? 0 : average(audio));
        within(name + ": BANDWIDTH", parseLong(attrs.get("BANDWIDTH")), peak);
        within(name + ": AVERAGE-BANDWIDTH", parseLong(attrs.get("AVERAGE-BANDWIDTH")), average);
        return new VariantFacts(name, width, height, fps, codecs, starts, stream.path("field_order").asString(""),
                stream.path("color_transfer").asString(""), stream.path("pix_fmt").asString(""), video.file());
    }

    /** Every segment must begin with a key frame; returns each segment's first presentation time. */
    private List<Double> segmentStarts(Segments video) throws IOException, InterruptedException {
        JsonNode packets = probe(video.file(), "-select_streams", "v:0", "-show_entries", "packet=pts_time,flags")
                .path("packets");
        List<double[]> all = new ArrayList<>();
        for (JsonNode p : packets) {
            all.add(new double[] {parse(p.path("pts_time").asString("0")), p.path("flags").asString("").startsWith("K") ? 1 : 0});
        }
        all.sort((a, b) -> Double.compare(a[0], b[0]));
        double t0 = all.isEmpty() ? 0 : all.getFirst()[0];
        List<Double> starts = new ArrayList<>();
        double boundary = t0;
        for (double duration : video.durations()) {
            double expected = boundary;
            double[] first = all.stream().filter(p -> p[0] >= expected - 0.005).findFirst().orElse(null);
            expect(first != null && Math.abs(first[0] - expected) < 0.02 && first[1] == 1,
                    video.name() + ": no key frame at the segment boundary " + String.format(Locale.ROOT, "%.3f", expected));
            starts.add(Math.round((expected - t0) * 1000) / 1000.0);
            boundary += duration;
        }
        return starts;
    }

    private static long peak(Segments s) {
        long peak = 0;
        for (int i = 0; i < s.sizes().size(); i++) {
            if (s.durations().get(i) > 0) {
                peak = Math.max(peak, (long) Math.ceil(s.sizes().get(i) * 8 / s.durations().get(i)));
            }
        }
        return peak;
    }

    private static long average(Segments s) {
        double seconds = s.durations().stream().mapToDouble(Double::doubleValue).sum();
        long bytes = s.sizes().stream().mapToLong(Long::longValue).sum();
        return seconds > 0 ? (long) Math.ceil(bytes * 8 / seconds) : 0;
    }

    private void within(String what, long stated, long measured) {
        expect(measured > 0 && Math.abs(stated - measured) <= measured * 0.10,
                what + " is " + stated + " but the measured value is " + measured);
    }

    private static int profileIdc(String profile) {
        return switch (profile) {
            case "High" -> 0x64;
            case "Main" -> 0x4d;
            case "Constrained Baseline", "Baseline" -> 0x42;
            default -> -1;
        };
    }

    /** Runs the bundled ffprobe on a file and returns its JSON. */
    public static JsonNode probe(Path file, String... options) throws IOException, InterruptedException {
        FfmpegBinaries binaries = FfmpegBinaries.bundled();
        List<String> command = new ArrayList<>(List.of(binaries.ffprobe().toString(), "-v", "error", "-of", "json"));
        command.addAll(List.of(options));
        command.add(file.toString());
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put("LD_LIBRARY_PATH", binaries.ffprobe().getParent().toString());
        builder.redirectError(ProcessBuilder.Redirect.DISCARD);
        Process process = builder.start();
        byte[] out = process.getInputStream().readAllBytes();
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IOException("ffprobe failed on " + file);
        }
        return JSON.readTree(out);
    }

    private String fetchText(URI uri) throws IOException, InterruptedException {
        return new String(fetch(uri), StandardCharsets.UTF_8);
    }

    private byte[] fetch(URI uri) throws IOException, InterruptedException {
        HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200) {
            throw new IOException(uri + " answered " + response.statusCode());
        }
        return response.body();
    }

    private static Map<String, String> attributes(String line) {
        Map<String, String> attributes = new LinkedHashMap<>();
        Matcher m = ATTRIBUTE.matcher(line.substring(line.indexOf(':') + 1));
        while (m.find()) {
            String value = m.group(2);
            attributes.put(m.group(1), value.startsWith("\"") ? value.substring(1, value.length() - 1) : value);
        }
        return attributes;
    }

    private void expect(boolean condition, String problem) {
        if (!condition) {
            problems.add(problem);
        }
    }

    private static double ratio(String value) {
        String[] parts = value.split("/");
        return parts.length == 2 && parse(parts[1]) != 0 ? parse(parts[0]) / parse(parts[1]) : parse(value);
    }

    private static double parse(String value) {
        try {
            return Double.parseDouble(value);
        } catch (NumberFormatException | NullPointerException e) {
            return -1;
        }
    }

    private static long parseLong(String value) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
