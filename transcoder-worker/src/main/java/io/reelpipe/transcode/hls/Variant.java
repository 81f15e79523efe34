package io.reelpipe.transcode.hls;

/**
 * A video variant as the master playlist lists it.
 *
 * @param name             rung name, also its directory
 * @param width            pixels
 * @param height           pixels
 * @param frameRate        frames per second
 * @param codecs           RFC 6381 codecs of the video and (when present) the audio
 * @param bandwidth        peak bits per second, audio included
 * @param averageBandwidth average bits per second, audio included
 */
public record Variant(
        String name, int width, int height, double frameRate, String codecs, long bandwidth, long averageBandwidth) {}
