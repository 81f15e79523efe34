package io.reelpipe.core.contract;

/**
 * One rung of a finished HLS ladder.
 *
 * @param name             the rung name, such as {@code 720p}
 * @param width            frame width in pixels
 * @param height           frame height in pixels
 * @param bandwidth        peak bit rate in bits per second, as the master playlist states it
 * @param averageBandwidth average bit rate in bits per second
 * @param codecs           the RFC 6381 codecs string of the variant
 * @param playlistKey      object key of the rung's media playlist
 */
public record Rendition(
        String name, int width, int height, long bandwidth, long averageBandwidth, String codecs, String playlistKey) {}
