package io.reelpipe.transcode.hls;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The parts of an HLS media playlist the master playlist needs: its init segment and its media segments with their
 * durations.
 *
 * @param initUri  the {@code EXT-X-MAP} URI, or {@code null}
 * @param segments media segments in order
 */
record MediaPlaylist(String initUri, List<Segment> segments) {

    MediaPlaylist {
        segments = List.copyOf(segments);
    }

    /**
     * One media segment.
     *
     * @param uri      relative URI
     * @param duration {@code EXTINF} seconds
     */
    record Segment(String uri, double duration) {}

    /** The playlist as ffmpeg last wrote it, or empty when it has not written one with a segment yet. */
    static java.util.Optional<MediaPlaylist> current(Path file) throws IOException {
        if (!Files.exists(file)) {
            return java.util.Optional.empty();
        }
        try {
            return java.util.Optional.of(parse(file));
        } catch (java.nio.file.NoSuchFileException e) {
            return java.util.Optional.empty();
        } catch (IOException e) {
            if (e.getMessage() != null && e.getMessage().contains("lists no segments")) {
                return java.util.Optional.empty();
            }
            throw e;
        }
    }

    static MediaPlaylist parse(Path file) throws IOException {
        String initUri = null;
        List<Segment> segments = new ArrayList<>();
        double pending = -1;
        for (String raw : Files.readAllLines(file)) {
            String line = raw.strip();
            if (line.startsWith("#EXT-X-MAP:")) {
                int start = line.indexOf("URI=\"") + 5;
                initUri = line.substring(start, line.indexOf('"', start));
            } else if (line.startsWith("#EXTINF:")) {
                String value = line.substring(8);
                int comma = value.indexOf(',');
                pending = Double.parseDouble(comma < 0 ? value : value.substring(0, comma));
            } else if (!line.isEmpty() && !line.startsWith("#")) {
                if (pending < 0) {
                    throw new IOException("segment " + line + " in " + file + " has no EXTINF");
                }
                segments.add(new Segment(line, pending));
                pending = -1;
            }
        }
        if (segments.isEmpty()) {
            throw new IOException("media playlist " + file + " lists no segments");
        }
        return new MediaPlaylist(initUri, segments);
    }

    double totalDuration() {
        return segments.stream().mapToDouble(Segment::duration).sum();
    }

    /** Peak bit rate over single segments, in bits per second, measured from the segment files beside it. */
    long peakBitRate(Path dir) throws IOException {
        long peak = 0;
        for (Segment segment : segments) {
            if (segment.duration() > 0) {
                peak = Math.max(peak, (long) Math.ceil(Files.size(dir.resolve(segment.uri())) * 8 / segment.duration()));
            }
        }
        return peak;
    }

    /** Average bit rate over the whole playlist, in bits per second. */
    long averageBitRate(Path dir) throws IOException {
        long bytes = 0;
        for (Segment segment : segments) {
            bytes += Files.size(dir.resolve(segment.uri()));
        }
        double duration = totalDuration();
        return duration > 0 ? (long) Math.ceil(bytes * 8 / duration) : 0;
    }
}
