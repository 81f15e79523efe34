package io.reelpipe.thumbnail.sampling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reelpipe.core.media.MediaRejectedException;
import io.reelpipe.thumbnail.TestFrames;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FrameDecoderTests {

    @TempDir
    Path dir;

    @Test
    void frameWithinTheLimitDecodes() throws Exception {
        Path png = dir.resolve("frame.png");
        ImageIO.write(TestFrames.detailed(1920, 1080), "png", png.toFile());

        var frame = new FrameDecoder(1920).decode(png);

        assertThat(frame.getWidth()).isEqualTo(1920);
        assertThat(frame.getHeight()).isEqualTo(1080);
    }

    @Test
    void imageBombIsRefusedFromItsHeaderBeforeDecoding() throws Exception {
        // 100000 x 100000 RGB would be 30 GB decoded; the file is a few hundred bytes.
        Path bomb = Files.write(dir.resolve("bomb.png"), png(100_000, 100_000));

        assertThatThrownBy(() -> new FrameDecoder(1920).decode(bomb))
                .isInstanceOf(MediaRejectedException.class)
                .hasMessageContaining("100000x100000")
                .hasMessageContaining("at most 1920");
    }

    @Test
    void frameOneSideOverTheLimitIsRefused() throws Exception {
        Path tall = dir.resolve("tall.png");
        ImageIO.write(TestFrames.detailed(10, 65), "png", tall.toFile());

        assertThatThrownBy(() -> new FrameDecoder(64).decode(tall))
                .isInstanceOf(MediaRejectedException.class)
                .hasMessageContaining("10x65");
    }

    /** A valid PNG header for an RGB image of any claimed size, followed by a tiny compressed payload. */
    private static byte[] png(int width, int height) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'});
        ByteArrayOutputStream ihdr = new ByteArrayOutputStream();
        DataOutputStream header = new DataOutputStream(ihdr);
        header.writeInt(width);
        header.writeInt(height);
        header.write(new byte[] {8, 2, 0, 0, 0});
        chunk(out, "IHDR", ihdr.toByteArray());
        Deflater deflater = new Deflater();
        deflater.setInput(new byte[4096]);
        deflater.finish();
        byte[] idat = new byte[1024];
        int n = deflater.deflate(idat);
        deflater.end();
        chunk(out, "IDAT", Arrays.copyOf(idat, n));
        chunk(out, "IEND", new byte[0]);
        return bytes.toByteArray();
    }

    private static void chunk(DataOutputStream out, String type, byte[] data) throws IOException {
        byte[] typeBytes = type.getBytes(StandardCharsets.US_ASCII);
        out.writeInt(data.length);
        out.write(typeBytes);
        out.write(data);
        CRC32 crc = new CRC32();
        crc.update(typeBytes);
        crc.update(data);
        out.writeInt((int) crc.getValue());
    }
}
