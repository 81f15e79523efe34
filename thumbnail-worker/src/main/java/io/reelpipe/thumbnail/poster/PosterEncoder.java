package io.reelpipe.thumbnail.poster;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.imgscalr.Scalr;

/**
 * Turns the poster frame into posters: resized with imgscalr to each width the frame reaches, each written as lossy
 * WebP (webp-imageio) and progressive JPEG (the JDK's writer).
 *
 * <p>The qualities were chosen by measurement (bench/thumbnails/quality.sh, figures in docs/benchmarks.md): the
 * lowest setting whose mean SSIM against the resized frame reaches {@value #TARGET_SSIM} on real footage. Above
 * that, bytes grow fast for differences nobody sees at poster size; below it, WebP smears fine texture and JPEG rings
 * around edges.
 */
public final class PosterEncoder {

    /** The quality target the settings below were measured against. */
    static final double TARGET_SSIM = 0.97;

    static final float JPEG_QUALITY = 0.85f;
    static final float WEBP_QUALITY = 0.80f;

    private final List<Integer> widths;

    /** @param widths poster widths */
    public PosterEncoder(List<Integer> widths) {
        this.widths = widths.stream().sorted().distinct().toList();
    }

    /** The sizes posters of a frame this big get. */
    public List<PosterSize> sizes(int frameWidth, int frameHeight) {
        return PosterSize.forFrame(frameWidth, frameHeight, widths);
    }

    /** Every poster of the frame: for each size from the smallest, WebP then JPEG. */
    public List<EncodedImage> encode(BufferedImage frame) throws IOException {
        List<EncodedImage> images = new ArrayList<>();
        for (Resized resized : resize(ImageEncoders.opaqueRgb(frame))) {
            images.add(new EncodedImage(ImageFormat.WEBP, resized.size(),
                    ImageEncoders.webp(resized.image(), WEBP_QUALITY)));
            images.add(new EncodedImage(ImageFormat.JPEG, resized.size(),
                    ImageEncoders.jpeg(resized.image(), JPEG_QUALITY, true)));
        }
        return List.copyOf(images);
    }

    /**
     * The frame at every poster size, smallest first. Each size is made from the next larger one rather than from the
     * frame: every step is then a reduction of about two, where bicubic filtering is both clean and cheap, instead of
     * four reductions from the full frame.
     */
    List<Resized> resize(BufferedImage frame) {
        List<PosterSize> sizes = sizes(frame.getWidth(), frame.getHeight());
        List<Resized> resized = new ArrayList<>(sizes.size());
        BufferedImage larger = frame;
        for (PosterSize size : sizes.reversed()) {
            BufferedImage image = resize(larger, size);
            resized.addFirst(new Resized(size, image));
            larger = image;
        }
        return resized;
    }

    private static BufferedImage resize(BufferedImage image, PosterSize size) {
        if (image.getWidth() == size.width() && image.getHeight() == size.height()) {
            return image;
        }
        // ULTRA_QUALITY halves in steps with bicubic filtering when a step is larger than two, which keeps edges
        // clean on the first reduction from a full-size frame; FIT_EXACT because the size already keeps the aspect.
        return Scalr.resize(image, Scalr.Method.ULTRA_QUALITY, Scalr.Mode.FIT_EXACT, size.width(), size.height());
    }

    /**
     * One size of the frame.
     *
     * @param size  its size
     * @param image its pixels
     */
    record Resized(PosterSize size, BufferedImage image) {}
}
