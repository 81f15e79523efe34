package io.reelpipe.thumbnail.poster;

import java.util.ArrayList;
import java.util.List;

/**
 * The size of one poster.
 *
 * @param width  pixels
 * @param height pixels
 */
record PosterSize(int width, int height) {

    PosterSize {
        if (width < 1 || height < 1) {
            throw new IllegalArgumentException("poster size must be positive, got " + width + "x" + height);
        }
    }

    /**
     * The posters a frame gets: each configured width the frame reaches, at the frame's aspect ratio. A frame is never
     * upscaled (that only adds bytes and blur), so a frame narrower than every width gets one poster at its own size.
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
        if (sizes.isEmpty()) {
            sizes.add(new PosterSize(frameWidth, frameHeight));
        }
        return List.copyOf(sizes);
    }

    private static int heightAt(int width, int frameWidth, int frameHeight) {
        return (int) Math.max(1, Math.round((double) frameHeight * width / frameWidth));
    }
}
