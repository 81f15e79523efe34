package io.reelpipe.core.media;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ContainerFormatTests {

    private static Optional<ContainerFormat> sniff(byte[] head) {
        return ContainerFormat.sniff(head, head.length);
    }

    private static byte[] ascii(String text) {
        return Arrays.copyOf(text.getBytes(StandardCharsets.ISO_8859_1), Math.max(16, text.length()));
    }

    @Test
    void isoBmffFilesAreMp4WhateverTheirBrand() {
        assertThat(sniff(ascii("\0\0\0\u0018ftypisom\0\0\0\0"))).hasValue(ContainerFormat.MP4);
        assertThat(sniff(ascii("\0\0\0\u0018ftypqt  \0\0\0\0"))).hasValue(ContainerFormat.MP4);
        assertThat(sniff(ascii("\0\0\0\u0008wide\0\0\0\0mdat"))).hasValue(ContainerFormat.MP4);
    }

    @Test
    void matroskaAviAndTransportStreamsAreRecognisedByTheirMagic() {
        assertThat(sniff(new byte[] {0x1A, 0x45, (byte) 0xDF, (byte) 0xA3, 0, 0, 0, 0})).hasValue(ContainerFormat.MATROSKA);
        assertThat(sniff(ascii("RIFF\0\0\0\0AVI LIST"))).hasValue(ContainerFormat.AVI);
        byte[] ts = new byte[600];
        ts[0] = 0x47;
        ts[188] = 0x47;
        ts[376] = 0x47;
        assertThat(sniff(ts)).hasValue(ContainerFormat.MPEG_TS);
    }

    @Test
    void playlistsScriptsImagesAndTextAreNotVideos() {
        for (String text : new String[] {"#EXTM3U\n#EXT-X-VERSION:3\n", "ffconcat version 1.0\nfile a.mp4\n",
            "RIFF\0\0\0\0WAVEfmt ", "hello world, just text"}) {
            assertThat(sniff(ascii(text))).as(text).isEmpty();
        }
        assertThat(sniff(new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0, 0, 0, 0, 0, 0, 0, 0, 0}))
                .isEmpty();
        assertThat(sniff(new byte[0])).isEmpty();
    }

    @Test
    void refusedHeadsAreDescribedForTheCreator() {
        byte[] playlist = ascii("#EXTM3U\n");
        assertThat(ContainerFormat.describe(playlist, playlist.length)).isEqualTo("an HLS playlist");
        byte[] concat = ascii("ffconcat version 1.0");
        assertThat(ContainerFormat.describe(concat, concat.length)).isEqualTo("an ffmpeg concat script");
        assertThat(ContainerFormat.describe(new byte[0], 0)).isEqualTo("an empty file");
        byte[] random = {1, 2, 3, (byte) 200, 0, 7};
        assertThat(ContainerFormat.describe(random, random.length)).isEqualTo("data of an unknown type");
    }

    @Test
    void eachContainerIsReadByExactlyOneNamedDemuxer() {
        assertThat(Arrays.stream(ContainerFormat.values()).map(ContainerFormat::demuxer))
                .containsExactly("mov", "matroska", "mpegts", "avi")
                .doesNotContain("hls", "concat", "image2", "lavfi");
    }
}
