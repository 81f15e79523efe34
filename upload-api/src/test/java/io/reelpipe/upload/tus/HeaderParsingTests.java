package io.reelpipe.upload.tus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reelpipe.upload.web.ApiException;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class HeaderParsingTests {

    static String b64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    @Test
    void uploadMetadataDecodesPairsDropsTheClientsBookkeepingAndAcceptsKeysWithoutValue() {
        assertThat(UploadMetadataHeader.parse("filename " + b64("a.mp4") + ",title " + b64("Été ☀") + ",description"))
                .containsExactly(java.util.Map.entry("title", "Été ☀"), java.util.Map.entry("description", ""));
    }

    @Test
    void malformedUploadMetadataIsRefused() {
        for (String header : java.util.List.of("title !!!", "title " + b64("a") + ",title " + b64("b"), ",",
                "a b c", "title " + Base64.getEncoder().encodeToString(new byte[] {(byte) 0xff, (byte) 0xfe}))) {
            assertThatThrownBy(() -> UploadMetadataHeader.parse(header)).as(header).isInstanceOf(ApiException.class);
        }
    }

    @Test
    void checksumsParseVerifyAndRefuseWhatTheyCannotCheck() throws Exception {
        byte[] body = "hello".getBytes();
        String sha1 = Base64.getEncoder().encodeToString(java.security.MessageDigest.getInstance("SHA-1").digest(body));
        Checksum good = Checksum.parse("sha1 " + sha1);
        good.update(body, 0, body.length);
        assertThat(good.matches()).isTrue();
        Checksum bad = Checksum.parse("sha1 " + sha1);
        bad.update(body, 0, 4);
        assertThat(bad.matches()).isFalse();
        assertThat(Checksum.parse(null)).isNull();
        for (String header : java.util.List.of("sha1", "crc32 AAAA", "sha1 ***", "sha1 " + b64("short"), "sha1  x y")) {
            assertThatThrownBy(() -> Checksum.parse(header)).as(header).isInstanceOf(ApiException.class);
        }
    }
}
