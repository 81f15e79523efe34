package io.reelpipe.thumbnail.poster;

import com.luciad.imageio.webp.WebPImageWriterSpi;
import com.luciad.imageio.webp.WebPWriteParam;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import org.imgscalr.Scalr;

/**
 * Turns a frame into posters: resized with imgscalr to each width the frame reaches, each written as lossy WebP
 * (webp-imageio) and progressive JPEG (the JDK's writer).
 *
 * <p>Qualities are the usual web defaults: JPEG 0.85 and WebP 0.80 look alike at poster sizes, and neither shows
 * blocking on a phone screen. The thumbnail issue measures and tunes them.
 */
final class PosterEncoder {

    static final float JPEG_QUALITY = 0.85f;
    static final float WEBP_QUALITY = 0.80f;

    private final List<Integer> widths;

    /** @param widths ascending poster widths */
    PosterEncoder(List<Integer> widths) {
        this.widths = List.copyOf(widths);
    }

    /** Every poster of the frame: for each size, WebP then JPEG. */
    List<EncodedImage> encode(BufferedImage frame) throws IOException {
        BufferedImage rgb = opaqueRgb(frame);
        List<EncodedImage> images = new ArrayList<>();
        for (PosterSize size : PosterSize.forFrame(rgb.getWidth(), rgb.getHeight(), widths)) {
            BufferedImage resized = resize(rgb, size);
            images.add(new EncodedImage(ImageFormat.WEBP, size, webp(resized)));
            images.add(new EncodedImage(ImageFormat.JPEG, size, jpeg(resized)));
        }
        return List.copyOf(images);
    }

    private static BufferedImage resize(BufferedImage frame, PosterSize size) {
        if (frame.getWidth() == size.width() && frame.getHeight() == size.height()) {
            return frame;
        }
        // ULTRA_QUALITY halves the image step by step with bicubic filtering, which keeps edges clean on the large
        // reductions a poster needs (1920 to 320); FIT_EXACT because the size already keeps the aspect ratio.
        return Scalr.resize(frame, Scalr.Method.ULTRA_QUALITY, Scalr.Mode.FIT_EXACT, size.width(), size.height());
    }

    static byte[] jpeg(BufferedImage image) throws IOException {
        Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName("jpeg");
        if (!writers.hasNext()) {
            throw new IllegalStateException("this JVM has no JPEG writer");
        }
        ImageWriter writer = writers.next();
        ImageWriteParam param = writer.getDefaultWriteParam();
        param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        param.setCompressionQuality(JPEG_QUALITY);
        param.setProgressiveMode(ImageWriteParam.MODE_DEFAULT);
        return write(writer, image, param);
    }

    static byte[] webp(BufferedImage image) throws IOException {
        // The writer comes straight from the plugin's provider, not ImageIO's registry: the registry scans the class
        // path once per class loader, and in a packaged Spring Boot jar that scan can miss nested jars.
        ImageWriter writer = new WebPImageWriterSpi().createWriterInstance(null);
        WebPWriteParam param = new WebPWriteParam(writer.getLocale());
        param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        param.setCompressionType(param.getCompressionTypes()[WebPWriteParam.LOSSY_COMPRESSION]);
        param.setCompressionQuality(WEBP_QUALITY);
        return write(writer, image, param);
    }

    private static byte[] write(ImageWriter writer, BufferedImage image, ImageWriteParam param) throws IOException {
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
     * The frame as opaque RGB. The JDK's JPEG writer writes alpha or grey images as something browsers show in wrong
     * colours, so anything that is not plain RGB is drawn onto an RGB canvas first.
     */
    private static BufferedImage opaqueRgb(BufferedImage frame) {
        int type = frame.getType();
        if (type == BufferedImage.TYPE_INT_RGB || type == BufferedImage.TYPE_3BYTE_BGR) {
            return frame;
        }
        BufferedImage rgb = new BufferedImage(frame.getWidth(), frame.getHeight(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = rgb.createGraphics();
        try {
            g.drawImage(frame, 0, 0, null);
        } finally {
            g.dispose();
        }
        return rgb;
    }
}
