package io.reelpipe.thumbnail.poster;

import io.reelpipe.core.media.FfmpegBinaries;
import io.reelpipe.core.media.MediaLimits;
import io.reelpipe.core.media.MediaProbe;
import io.reelpipe.core.worker.SourceInspector;
import io.reelpipe.testkit.SampleMedia;
import io.reelpipe.thumbnail.TestSources;
import io.reelpipe.thumbnail.sampling.FrameDecoder;
import io.reelpipe.thumbnail.sampling.FrameSampler;
import io.reelpipe.thumbnail.sampling.RgbFrame;
import io.reelpipe.thumbnail.sampling.SampledVideo;
import io.reelpipe.thumbnail.storyboard.StoryboardBuilder;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * Measures what each quality setting costs and buys: the poster of every real clip in {@code ../shared/media},
 * resized to every poster width, written as WebP and JPEG at a range of qualities, decoded again and compared with
 * the resized frame by SSIM (luma, 8x8 windows). Storyboard sheets get the same sweep at JPEG qualities. Prints mean
 * SSIM and mean bytes per setting, from which the settings in {@link PosterEncoder} and {@link StoryboardBuilder} were
 * chosen.
 *
 * <p>Usage: {@code QualitySweep}; run by {@code bench/thumbnails/quality.sh}.
 */
public final class QualitySweep {

    private static final List<String> CLIPS = List.of("bbb_2500ms.ts", "sample_with_increasing_timestamps_360p.mp4",
            "sample_portrait.mp4", "hdr10-av1.mp4", "internal_emulator_transformer_output_180_rotated.mp4",
            "sample.avi", "bbb_960x540_60fps_vp8.webm");
    private static final float[] QUALITIES = {0.5f, 0.6f, 0.7f, 0.75f, 0.8f, 0.85f, 0.9f, 0.95f};

    private QualitySweep() {}

    public static void main(String[] args) throws Exception {
        Path media = SampleMedia.sharedFolder();
        if (media == null) {
            throw new IllegalStateException("../shared/media is not beside this checkout");
        }
        Path dir = Files.createTempDirectory("reelpipe-quality");
        FfmpegBinaries ffmpeg = FfmpegBinaries.bundled();
        MediaProbe probe = new MediaProbe(ffmpeg, MediaLimits.SHORT_VIDEO, Duration.ofSeconds(30));
        FrameSampler sampler = new FrameSampler(ffmpeg, new FrameSampler.Settings(16, 1080, 256, 160, 100,
                Duration.ofSeconds(1), 10, 320, 50, Duration.ofSeconds(60), 0.5, 0));
        PosterEncoder encoder = new PosterEncoder(List.of(160, 320, 640, 1080));
        List<PosterEncoder.Resized> posters = new ArrayList<>();
        List<BufferedImage> sheets = new ArrayList<>();
        for (String clip : CLIPS) {
            Path work = Files.createDirectories(dir.resolve(clip.replace('.', '_')));
            SourceInspector.Source source = new SourceInspector.Source(media.resolve(clip),
                    probe.inspect(media.resolve(clip), work));
            SampledVideo sampled = sampler.sample(source, sampler.plan(source, null), work);
            PosterPicker.Pick pick = PosterPicker.pick(sampled.candidates());
            BufferedImage frame = new FrameDecoder(FrameSampler.MAX_POSTER_SIDE).decode(pick.candidate().frame());
            posters.addAll(encoder.resize(ImageEncoders.opaqueRgb(frame)));
            sheets.add(grid(sampled.tiles()));
            System.out.printf(Locale.ROOT, "%s: poster %dx%d at %.2f s, %d tiles%n", clip, frame.getWidth(),
                    frame.getHeight(), pick.candidate().timeSec(), sampled.tiles().size());
        }

        System.out.printf(Locale.ROOT, "%n%d posters (every width of %d clips); mean over them%n", posters.size(),
                CLIPS.size());
        System.out.println("format quality  SSIM    bytes@160 bytes@320 bytes@640 bytes@1080(or widest)");
        for (String format : List.of("webp", "jpeg")) {
            for (float quality : QUALITIES) {
                double ssim = 0;
                double[] bytes = new double[4];
                int[] counts = new int[4];
                for (PosterEncoder.Resized poster : posters) {
                    byte[] encoded = "webp".equals(format) ? ImageEncoders.webp(poster.image(), quality)
                            : ImageEncoders.jpeg(poster.image(), quality, true);
                    ssim += ssim(poster.image(), decode(encoded));
                    int slot = slot(poster.size().width());
                    bytes[slot] += encoded.length;
                    counts[slot]++;
                }
                System.out.printf(Locale.ROOT, "%-6s %.2f     %.4f  %9.0f %9.0f %9.0f %9.0f%n", format, quality,
                        ssim / posters.size(), bytes[0] / counts[0], bytes[1] / counts[1], bytes[2] / counts[2],
                        bytes[3] / Math.max(1, counts[3]));
            }
        }
        System.out.printf(Locale.ROOT, "%nanimated preview (libwebp_anim, 1 s at 10 fps, 320 px long side), mean bytes "
                + "over the clips%n");
        System.out.println("quality  bytes");
        for (int quality : new int[] {30, 50, 70, 90}) {
            FrameSampler previewSampler = new FrameSampler(ffmpeg, new FrameSampler.Settings(1, 1080, 64, 64, 1,
                    Duration.ofSeconds(1), 10, 320, quality, Duration.ofSeconds(60), 0.5, 0));
            long bytes = 0;
            for (String clip : CLIPS) {
                Path work = Files.createDirectories(dir.resolve("preview-" + quality + "-" + clip.replace('.', '_')));
                SourceInspector.Source source = new SourceInspector.Source(media.resolve(clip),
                        probe.inspect(media.resolve(clip), work));
                SampledVideo sampled = previewSampler.sample(source, previewSampler.plan(source, null), work);
                bytes += Files.size(sampled.preview().orElseThrow());
            }
            System.out.printf(Locale.ROOT, "%-8d %6d%n", quality, bytes / CLIPS.size());
        }

        System.out.printf(Locale.ROOT, "%nstoryboard sheets of %d clips (baseline JPEG)%n", sheets.size());
        System.out.println("quality  SSIM    bytes");
        for (float quality : QUALITIES) {
            double ssim = 0;
            double bytes = 0;
            for (BufferedImage sheet : sheets) {
                byte[] encoded = ImageEncoders.jpeg(sheet, quality, false);
                ssim += ssim(sheet, decode(encoded));
                bytes += encoded.length;
            }
            System.out.printf(Locale.ROOT, "%.2f     %.4f  %7.0f%n", quality, ssim / sheets.size(),
                    bytes / sheets.size());
        }
        TestSources.deleteTree(dir);
    }

    /** The tiles laid out as {@link StoryboardBuilder} lays them out, before any encoding. */
    private static BufferedImage grid(List<RgbFrame> tiles) {
        int columns = Math.min(10, tiles.size());
        int rows = (tiles.size() + columns - 1) / columns;
        RgbFrame first = tiles.getFirst();
        BufferedImage sheet = new BufferedImage(columns * first.width(), rows * first.height(),
                BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = sheet.createGraphics();
        for (int k = 0; k < tiles.size(); k++) {
            g.drawImage(tiles.get(k).toImage(), (k % columns) * first.width(), (k / columns) * first.height(), null);
        }
        g.dispose();
        return sheet;
    }

    /** The widths 160, 320, 640 and anything wider (1080 or the frame's own). */
    private static int slot(int width) {
        return width <= 160 ? 0 : width <= 320 ? 1 : width <= 640 ? 2 : 3;
    }

    private static BufferedImage decode(byte[] bytes) throws IOException {
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(bytes));
        if (image == null) {
            throw new IOException("no reader decoded the image");
        }
        return image;
    }

    /** Mean SSIM of luma over 8x8 windows every 4 pixels (Wang et al. 2004, constants for 8-bit). */
    static double ssim(BufferedImage a, BufferedImage b) {
        float[] x = RgbFrame.of(a).luma();
        float[] y = RgbFrame.of(b).luma();
        int w = a.getWidth();
        int h = a.getHeight();
        double c1 = Math.pow(0.01 * 255, 2);
        double c2 = Math.pow(0.03 * 255, 2);
        double total = 0;
        int windows = 0;
        for (int top = 0; top + 8 <= h; top += 4) {
            for (int left = 0; left + 8 <= w; left += 4) {
                double sx = 0;
                double sy = 0;
                double sxx = 0;
                double syy = 0;
                double sxy = 0;
                for (int j = top; j < top + 8; j++) {
                    for (int i = left; i < left + 8; i++) {
                        double p = x[j * w + i];
                        double q = y[j * w + i];
                        sx += p;
                        sy += q;
                        sxx += p * p;
                        syy += q * q;
                        sxy += p * q;
                    }
                }
                double mx = sx / 64;
                double my = sy / 64;
                double vx = sxx / 64 - mx * mx;
                double vy = syy / 64 - my * my;
                double cov = sxy / 64 - mx * my;
                total += ((2 * mx * my + c1) * (2 * cov + c2)) / ((mx * mx + my * my + c1) * (vx + vy + c2));
                windows++;
            }
        }
        return windows == 0 ? 1 : total / windows;
    }
}
