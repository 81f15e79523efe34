package io.reelpipe.core.contract;

import java.util.List;
import java.util.Objects;

/**
 * Scrub previews: sprite sheets of frames taken every few seconds and the WebVTT file that maps time ranges to
 * rectangles of those sheets ({@code sprite-0.jpg#xywh=x,y,w,h}), the format players read for thumbnail tracks. The
 * VTT names its sheets relative to itself, so it works from any host that serves both.
 *
 * @param vttKey     object key of the WebVTT file
 * @param spriteKeys object keys of the sprite sheets, in order
 */
public record Storyboard(String vttKey, List<String> spriteKeys) {

    public Storyboard {
        Objects.requireNonNull(vttKey, "vttKey");
        spriteKeys = List.copyOf(spriteKeys);
        if (spriteKeys.isEmpty()) {
            throw new IllegalArgumentException("a storyboard has at least one sprite sheet");
        }
    }
}
