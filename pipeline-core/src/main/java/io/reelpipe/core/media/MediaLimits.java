package io.reelpipe.core.media;

import java.time.Duration;

/**
 * What an accepted source may be at most. A resolution bomb, a day of tiny video or a file of hundreds of streams is
 * rejected after probing and before anything decodes it.
 *
 * @param maxDuration  longest accepted video
 * @param maxDimension widest or tallest frame side in pixels
 * @param maxPixels    largest frame area (8K UHD is accepted and scaled down)
 * @param maxStreams   most streams in the container
 * @param maxFrameRate highest frame rate accepted (output is capped lower)
 */
public record MediaLimits(Duration maxDuration, int maxDimension, long maxPixels, int maxStreams, double maxFrameRate) {

    /** The defaults for short video. */
    public static final MediaLimits SHORT_VIDEO = new MediaLimits(Duration.ofMinutes(10), 7680, 7680L * 4320L, 16, 240);

    public MediaLimits {
        if (maxDuration.isNegative() || maxDuration.isZero() || maxDimension < 16 || maxPixels < 256 || maxStreams < 1
                || maxFrameRate <= 0) {
            throw new IllegalArgumentException("invalid media limits: " + maxDuration + ", " + maxDimension + ", "
                    + maxPixels + ", " + maxStreams + ", " + maxFrameRate);
        }
    }
}
