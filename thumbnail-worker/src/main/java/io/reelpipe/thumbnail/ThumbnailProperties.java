package io.reelpipe.thumbnail;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Settings of the image package, bound from {@code reelpipe.thumbnail.*}; every group has defaults.
 *
 * @param poster     poster widths and how many candidates are scored
 * @param storyboard scrub-preview tiles
 * @param preview    the animated preview of the opening seconds
 * @param sampling   limits of the ffmpeg pass
 */
@ConfigurationProperties("reelpipe.thumbnail")
record ThumbnailProperties(Poster poster, Storyboard storyboard, Preview preview, Sampling sampling) {

    ThumbnailProperties {
        poster = poster == null ? new Poster(null, 0) : poster;
        storyboard = storyboard == null ? new Storyboard(0, 0) : storyboard;
        preview = preview == null ? new Preview(null, 0, 0, null, null) : preview;
        sampling = sampling == null ? new Sampling(null, 0, null) : sampling;
    }

    /**
     * @param widths     poster widths in pixels, each produced when the frame is at least that wide
     * @param candidates frames scored across the video
     */
    record Poster(List<Integer> widths, int candidates) {

        Poster {
            widths = widths == null || widths.isEmpty()
                    ? List.of(160, 320, 640, 1080) : widths.stream().sorted().distinct().toList();
            candidates = candidates == 0 ? 16 : candidates;
            if (widths.getFirst() < 16 || widths.getLast() > 1920) {
                throw new IllegalArgumentException("reelpipe.thumbnail.poster.widths must be 16..1920, got " + widths);
            }
            if (candidates < 1 || candidates > 100) {
                throw new IllegalArgumentException(
                        "reelpipe.thumbnail.poster.candidates must be 1..100, got " + candidates);
            }
        }
    }

    /**
     * @param tileSide long side of a tile in pixels
     * @param maxTiles tiles at most; the interval between tiles grows with the duration to stay within it
     */
    record Storyboard(int tileSide, int maxTiles) {

        Storyboard {
            tileSide = tileSide == 0 ? 160 : tileSide;
            maxTiles = maxTiles == 0 ? 100 : maxTiles;
            if (tileSide < 16 || tileSide > 512) {
                throw new IllegalArgumentException(
                        "reelpipe.thumbnail.storyboard.tile-side must be 16..512, got " + tileSide);
            }
            if (maxTiles < 1 || maxTiles > 1000) {
                throw new IllegalArgumentException(
                        "reelpipe.thumbnail.storyboard.max-tiles must be 1..1000, got " + maxTiles);
            }
        }
    }

    /**
     * @param length   seconds of the opening shown
     * @param fps      frame rate
     * @param side     long side in pixels
     * @param quality  libwebp quality 0-100
     * @param maxBytes a preview over this size is left out rather than stored
     */
    record Preview(Duration length, int fps, int side, Integer quality, DataSize maxBytes) {

        Preview {
            length = length == null ? Duration.ofSeconds(3) : length;
            fps = fps == 0 ? 10 : fps;
            side = side == 0 ? 320 : side;
            quality = quality == null ? 50 : quality;
            maxBytes = maxBytes == null ? DataSize.ofKilobytes(512) : maxBytes;
            if (length.toMillis() < 500 || length.toSeconds() > 10) {
                throw new IllegalArgumentException("reelpipe.thumbnail.preview.length must be 0.5-10 s, got " + length);
            }
            if (fps < 1 || fps > 30 || side < 16 || side > 720 || quality < 0 || quality > 100) {
                throw new IllegalArgumentException("reelpipe.thumbnail.preview needs fps 1..30, side 16..720 and "
                        + "quality 0..100, got " + fps + ", " + side + ", " + quality);
            }
            if (maxBytes.toBytes() < 1024) {
                throw new IllegalArgumentException(
                        "reelpipe.thumbnail.preview.max-bytes must be at least 1KB, got " + maxBytes);
            }
        }
    }

    /**
     * @param timeoutBase wall-clock allowance of the ffmpeg pass before the video's length is added
     * @param minSpeed    slowest accepted decoding speed in seconds of video per second; the pass may take
     *                    {@code timeoutBase + duration / minSpeed}, after which it is killed and the job retried
     * @param niceness    CPU niceness of the pass (0-19, default 10): thumbnails are not on the path to playable,
     *                    so where a node also transcodes, the ladder's first segments get the CPU first
     */
    record Sampling(Duration timeoutBase, double minSpeed, Integer niceness) {

        Sampling {
            timeoutBase = timeoutBase == null ? Duration.ofSeconds(60) : timeoutBase;
            minSpeed = minSpeed == 0 ? 0.5 : minSpeed;
            niceness = niceness == null ? 10 : niceness;
            if (niceness < 0 || niceness > 19) {
                throw new IllegalArgumentException(
                        "reelpipe.thumbnail.sampling.niceness must be 0..19, got " + niceness);
            }
            if (timeoutBase.toSeconds() < 1) {
                throw new IllegalArgumentException(
                        "reelpipe.thumbnail.sampling.timeout-base must be at least 1 s, got " + timeoutBase);
            }
            if (!(minSpeed > 0) || minSpeed > 100) {
                throw new IllegalArgumentException(
                        "reelpipe.thumbnail.sampling.min-speed must be above 0 and at most 100, got " + minSpeed);
            }
        }
    }
}
