package io.reelpipe.thumbnail.poster;

import com.luciad.imageio.webp.WebPImageWriterSpi;
import com.luciad.imageio.webp.WebPWriteParam;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Iterator;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * The two image writers of the worker: the JDK's JPEG writer and webp-imageio's lossy WebP (libwebp through JNI).
 *
 * <p>libwebp runs inside the worker's process, so its inputs are bounded: only images this worker resized itself
 * (at most {@link #MAX_SIDE} a side, opaque RGB) ever reach it, never bytes from the upload.
 */
public final class ImageEncoders {

    /** The largest side either writer is given. */
    public static final int MAX_SIDE = 2048;

    private ImageEncoders() {}

    /**
     * A JPEG.
     *
     * @param quality     0-1
     * @param progressive progressive (coarse scan first) rather than baseline
     */
    public static byte[] jpeg(BufferedImage image, float quality, boolean progressive) throws IOException {
        Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName("jpeg");
        if (!writers.hasNext()) {
            throw new IllegalStateException("this JVM has no JPEG writer");
        }
        ImageWriter writer = writers.next();
        ImageWriteParam param = writer.getDefaultWriteParam();
        param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        param.setCompressionQuality(quality);
        param.setProgressiveMode(progressive ? ImageWriteParam.MODE_DEFAULT : ImageWriteParam.MODE_DISABLED);
        return write(writer, opaqueRgb(image), param);
    }

    /**
     * A lossy WebP.
     *
     * @param quality 0-1
     */
    public static byte[] webp(BufferedImage image, float quality) throws IOException {
        // The writer comes straight from the plugin's provider, not ImageIO's registry: the registry scans the class
        // path once per class loader, and in a packaged Spring Boot jar that scan can miss nested jars.
        ImageWriter writer = new WebPImageWriterSpi().createWriterInstance(null);
        WebPWriteParam param = new WebPWriteParam(writer.getLocale());
        param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        param.setCompressionType(param.getCompressionTypes()[WebPWriteParam.LOSSY_COMPRESSION]);
        param.setCompressionQuality(quality);
        return write(writer, opaqueRgb(image), param);
    }

    private static byte[] write(ImageWriter writer, BufferedImage image, ImageWriteParam param) throws IOException {
        if (image.getWidth() > MAX_SIDE || image.getHeight() > MAX_SIDE) {
            throw new IllegalArgumentException("images are encoded at most " + MAX_SIDE + " pixels a side, got "
                    + image.getWidth() + "x" + image.getHeight());
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 * 1024);
        try (ImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
            writer.setOutput(out);
            writer.write(null, new IIOImage(image, null, null), param);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }

    /**
     * The image as opaque RGB. The JDK's JPEG writer writes alpha or grey images as something browsers show in wrong
     * colours, so anything that is not plain RGB is drawn onto an RGB canvas first.
     */
    static BufferedImage opaqueRgb(BufferedImage image) {
        int type = image.getType();
        if (type == BufferedImage.TYPE_INT_RGB || type == BufferedImage.TYPE_3BYTE_BGR) {
            return image;
        }
        BufferedImage rgb = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = rgb.createGraphics();
        try {
            g.drawImage(image, 0, 0, null);
        } finally {
            g.dispose();
        }
        return rgb;
    }
}
