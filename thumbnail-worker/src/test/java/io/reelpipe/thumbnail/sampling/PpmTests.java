package io.reelpipe.thumbnail.sampling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reelpipe.core.media.MediaRejectedException;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PpmTests {

    @TempDir
    Path dir;

    @Test
    void aBinaryPpmReadsAsRgbWithCommentsInItsHeader() throws Exception {
        Path file = write("P6\n# made by ffmpeg\n2 1\n255\n", new byte[] {(byte) 255, 0, 0, 0, 0, (byte) 255});

        RgbFrame frame = Ppm.read(file, 16);

        assertThat(frame.width()).isEqualTo(2);
        assertThat(frame.height()).isEqualTo(1);
        assertThat(frame.rgbAt(0, 0)).isEqualTo(0xff0000);
        assertThat(frame.rgbAt(1, 0)).isEqualTo(0x0000ff);
    }

    @Test
    void aHeaderClaimingMoreThanTheLimitIsRefusedBeforeAnyPixelIsRead() throws Exception {
        Path bomb = write("P6\n100000 100000\n255\n", new byte[3]);

        assertThatThrownBy(() -> Ppm.read(bomb, 512))
                .isInstanceOf(MediaRejectedException.class)
                .hasMessageContaining("100000x100000");
    }

    @Test
    void truncatedAndForeignFilesAreErrors() throws Exception {
        Path truncated = write("P6\n4 4\n255\n", new byte[10]);
        Path ascii = write("P3\n1 1\n255\n0 0 0\n", new byte[0]);
        Path deep = write("P6\n1 1\n65535\n", new byte[6]);
        Path huge = write("P6\n12345678 1\n255\n", new byte[0]);

        assertThatThrownBy(() -> Ppm.read(truncated, 16)).isInstanceOf(EOFException.class);
        assertThatThrownBy(() -> Ppm.read(ascii, 16)).isInstanceOf(IOException.class).hasMessageContaining("binary");
        assertThatThrownBy(() -> Ppm.read(deep, 16)).isInstanceOf(IOException.class).hasMessageContaining("65535");
        assertThatThrownBy(() -> Ppm.read(huge, 16)).isInstanceOf(IOException.class).hasMessageContaining("too long");
    }

    private Path write(String header, byte[] pixels) throws IOException {
        byte[] head = header.getBytes(StandardCharsets.US_ASCII);
        byte[] all = new byte[head.length + pixels.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(pixels, 0, all, head.length, pixels.length);
        return Files.write(Files.createTempFile(dir, "frame", ".ppm"), all);
    }
}
