package io.reelpipe.thumbnail.sampling;

import io.reelpipe.core.media.MediaRejectedException;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.FileImageInputStream;
import javax.imageio.stream.ImageInputStream;

/**
 * Decodes the chosen poster frame, but only after reading its header: a PNG's header can claim any size, and decoding
 * an image bomb (tiny file, enormous canvas) would take the worker's whole heap. The sampler asks ffmpeg for at most
 * {@link FrameSampler#MAX_POSTER_SIDE} a side, so anything larger means something went wrong and is refused undecoded.
 */
public final class FrameDecoder {

    private final int maxSide;

    public FrameDecoder(int maxSide) {
        this.maxSide = maxSide;
    }

    /**
     * Reads a PNG frame.
     *
     * @throws MediaRejectedException when the header states a size over the limit
     */
    public BufferedImage decode(Path png) throws IOException, MediaRejectedException {
        Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName("png");
        if (!readers.hasNext()) {
            throw new IllegalStateException("this JVM has no PNG reader");
        }
        ImageReader reader = readers.next();
        try (ImageInputStream in = new FileImageInputStream(png.toFile())) {
            reader.setInput(in, true, true);
            int width = reader.getWidth(0);
            int height = reader.getHeight(0);
            if (width < 1 || height < 1 || width > maxSide || height > maxSide) {
                throw new MediaRejectedException("the poster frame is " + width + "x" + height
                        + " pixels; at most " + maxSide + " pixels a side are accepted");
            }
            return reader.read(0);
        } finally {
            reader.dispose();
        }
    }
}
