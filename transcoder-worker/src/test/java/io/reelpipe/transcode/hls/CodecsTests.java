package io.reelpipe.transcode.hls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class CodecsTests {

    private static byte[] initWith(int profile, int constraints, int level) {
        byte[] init = new byte[64];
        byte[] box = {'a', 'v', 'c', 'C', 1, (byte) profile, (byte) constraints, (byte) level, (byte) 0xff};
        System.arraycopy(box, 0, init, 20, box.length);
        return init;
    }

    @Test
    void theCodecsStringComesFromTheDecoderConfigurationRecord() throws Exception {
        assertThat(Codecs.avc1(initWith(0x64, 0x00, 0x28), Path.of("init.mp4"))).isEqualTo("avc1.640028");
        assertThat(Codecs.avc1(initWith(0x42, 0xc0, 0x1e), Path.of("init.mp4"))).isEqualTo("avc1.42c01e");
    }

    @Test
    void anInitSegmentWithoutH264IsAnError() {
        assertThatThrownBy(() -> Codecs.avc1(new byte[32], Path.of("init_0.mp4"))).hasMessageContaining("init_0.mp4");
    }
}
