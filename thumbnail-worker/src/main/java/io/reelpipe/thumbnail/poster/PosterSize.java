package io.reelpipe.thumbnail.poster;

import java.util.ArrayList;
import java.util.List;

/**
 * The size of one poster.
 *
 * @param width  pixels
 * @param height pixels
 */
public record PosterSize(int width, int height) {

    public PosterSize {
        if (width < 1 || height < 1) {
            throw new IllegalArgumentException("poster size must be positive, got " + width + "x" + height);
        }
    }

    /**
     * The posters a frame gets: each configured width the frame reaches, at the frame's aspect ratio. A frame is never
     * upscaled (that only adds bytes and blur); a frame narrower than the largest width gets its own width as the
     * largest poster instead, as the ladder gives a source between rungs its own size, so a client asking for the
     * largest poster gets every pixel there is.
     *
     * @param widths ascending poster widths
     */
    static List<PosterSize> forFrame(int frameWidth, int frameHeight, List<Integer> widths) {
        List<PosterSize> sizes = new ArrayList<>();
        for (int width : widths) {
            if (width <= frameWidth) {
                sizes.add(new PosterSize(width, heightAt(width, frameWidth, frameHeight)));
            }
        }
        if (frameWidth < widths.getLast() && (sizes.isEmpty() || sizes.getLast().width() < frameWidth)) {
            sizes.add(new PosterSize(frameWidth, frameHeight));
        }
        return List.copyOf(sizes);
    }

    private static int heightAt(int width, int frameWidth, int frameHeight) {
        return (int) Math.max(1, Math.round((double) frameHeight * width / frameWidth));
    }
}
