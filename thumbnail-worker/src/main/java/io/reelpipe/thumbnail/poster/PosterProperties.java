package io.reelpipe.thumbnail.poster;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of the poster, bound from {@code reelpipe.thumbnail.poster.*}.
 *
 * @param widths      poster widths in pixels, each produced when the frame is at least that wide
 * @param grabTimeout wall-clock limit of the ffmpeg run that grabs the frame; one frame never needs long, so a source
 *                    that takes longer is treated as undecodable rather than retried
 */
@ConfigurationProperties("reelpipe.thumbnail.poster")
record PosterProperties(List<Integer> widths, Duration grabTimeout) {

    PosterProperties {
        widths = widths == null || widths.isEmpty() ? List.of(320, 640) : widths.stream().sorted().distinct().toList();
        grabTimeout = grabTimeout == null ? Duration.ofSeconds(60) : grabTimeout;
        if (widths.getFirst() < 16 || widths.getLast() > FrameGrabber.MAX_SIDE) {
            throw new IllegalArgumentException("reelpipe.thumbnail.poster.widths must be 16.." + FrameGrabber.MAX_SIDE
                    + ", got " + widths);
        }
        if (grabTimeout.isNegative() || grabTimeout.toSeconds() < 1) {
            throw new IllegalArgumentException(
                    "reelpipe.thumbnail.poster.grab-timeout must be at least 1 s, got " + grabTimeout);
        }
    }
}
