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
 * lowest setting whose mean SSIM against the resized frame reaches {@value #TARGET_SSIM} over the posters of the real
 * clips in the shared media, at every width, so both formats look the same. Each step above costs 10-20% more bytes
 * for a few thousandths of SSIM nobody sees at poster size; below it, WebP smears fine texture and JPEG rings around
 * edges. At equal SSIM the WebP is 35-45% smaller than the JPEG.
 */
public final class PosterEncoder {

    /** The quality target the settings below were measured against. */
    static final double TARGET_SSIM = 0.98;

    static final float JPEG_QUALITY = 0.70f;
    static final float WEBP_QUALITY = 0.75f;

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
     * frame, so with the default widths every step is a reduction of at most two (1920 to 1080, 1080 to 640, then
     * halvings), where one bilinear pass averages every source pixel and nothing aliases.
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

    /**
     * One step. Up to a reduction of two, imgscalr's BALANCED (one bilinear pass) came closest to a Lanczos reference
     * in measurement (SSIM 0.996-0.999 at 160-1080 wide, against 0.994-0.998 for ULTRA_QUALITY, whose many small
     * bicubic steps soften) and is about 25 times faster; a larger step, possible only with other configured widths,
     * gets QUALITY, which halves in bicubic steps so that no pixel is skipped. FIT_EXACT because the size already
     * keeps the aspect.
     */
    private static BufferedImage resize(BufferedImage image, PosterSize size) {
        if (image.getWidth() == size.width() && image.getHeight() == size.height()) {
            return image;
        }
        boolean smallStep = image.getWidth() <= 2 * size.width() && image.getHeight() <= 2 * size.height();
        Scalr.Method method = smallStep ? Scalr.Method.BALANCED : Scalr.Method.QUALITY;
        return Scalr.resize(image, method, Scalr.Mode.FIT_EXACT, size.width(), size.height());
    }

    /**
     * One size of the frame.
     *
     * @param size  its size
     * @param image its pixels
     */
    record Resized(PosterSize size, BufferedImage image) {}
}
