package io.reelpipe.core.media;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The probe's limits on accepted sources, bound from {@code reelpipe.media.*}; each absent value is the
 * {@link MediaLimits#SHORT_VIDEO} default.
 *
 * @param maxDuration  longest accepted video
 * @param maxDimension widest or tallest frame side in pixels
 * @param maxPixels    largest frame area
 * @param maxStreams   most streams in the container
 * @param maxFrameRate highest frame rate accepted
 */
@ConfigurationProperties("reelpipe.media")
public record MediaLimitsProperties(
        Duration maxDuration, Integer maxDimension, Long maxPixels, Integer maxStreams, Double maxFrameRate) {

    /** The limits, validated ({@link MediaLimits} refuses nonsense with the values in its message). */
    public MediaLimits limits() {
        MediaLimits defaults = MediaLimits.SHORT_VIDEO;
        return new MediaLimits(
                maxDuration == null ? defaults.maxDuration() : maxDuration,
                maxDimension == null ? defaults.maxDimension() : maxDimension,
                maxPixels == null ? defaults.maxPixels() : maxPixels,
                maxStreams == null ? defaults.maxStreams() : maxStreams,
                maxFrameRate == null ? defaults.maxFrameRate() : maxFrameRate);
    }
}
