package io.reelpipe.transcode.ladder;

/**
 * One rung of the ladder to encode.
 *
 * @param name        {@code <short side>p}, such as {@code 720p}
 * @param width       output width, even
 * @param height      output height, even
 * @param maxrateKbps the bit-rate ceiling of capped CRF
 * @param remux       whether the source's own video stream is packaged as this rung without re-encoding
 */
record Rung(String name, int width, int height, int maxrateKbps, boolean remux) {

    Rung(String name, int width, int height, int maxrateKbps) {
        this(name, width, height, maxrateKbps, false);
    }

    Rung remuxed() {
        return new Rung(name, width, height, maxrateKbps, true);
    }

    /** The VBV buffer: two seconds at the ceiling, one segment's worth, so the cap holds per segment. */
    int bufsizeKbps() {
        return maxrateKbps * 2;
    }
}
