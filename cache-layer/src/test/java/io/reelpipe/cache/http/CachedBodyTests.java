package io.reelpipe.cache.http;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class CachedBodyTests {

    private static final byte[] BODY = "{\"items\":[]}".getBytes(UTF_8);

    @Test
    void anEncodedBodyDecodesToTheSameTagAndBytes() throws IOException {
        CachedBody original = CachedBody.of(BODY);

        CachedBody decoded = CachedBody.decode(original.encode());

        assertThat(decoded.etag()).isEqualTo(original.etag());
        assertThat(decoded.length()).isEqualTo(BODY.length);
        assertThat(decoded.body()).isEqualTo(BODY);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        decoded.writeTo(out);
        assertThat(out.toByteArray()).isEqualTo(BODY);
    }

    @Test
    void theBodyBufferIsAReadOnlyViewOfExactlyTheBody() {
        ByteBuffer buffer = CachedBody.decode(CachedBody.of(BODY).encode()).bodyBuffer();

        assertThat(buffer.isReadOnly()).isTrue();
        assertThat(buffer.position()).isZero();
        byte[] read = new byte[buffer.remaining()];
        buffer.get(read);
        assertThat(read).isEqualTo(BODY);
    }

    @Test
    void theTagIsAQuotedStrongTagThatDependsOnlyOnTheContent() {
        String tag = CachedBody.of(BODY).etag();

        assertThat(tag).matches("\"[A-Za-z0-9_-]{24}\"");
        assertThat(CachedBody.of(BODY.clone()).etag()).isEqualTo(tag);
        assertThat(CachedBody.of("{\"items\":[1]}".getBytes(UTF_8)).etag()).isNotEqualTo(tag);
    }

    @Test
    void anEmptyBodyIsFine() {
        CachedBody empty = CachedBody.decode(CachedBody.of(new byte[0]).encode());

        assertThat(empty.length()).isZero();
    }

    @Test
    void bytesThatAreNotAnEncodedBodyAreRejected() {
        assertThatIllegalArgumentException().isThrownBy(() -> CachedBody.decode(new byte[0]));
        assertThatIllegalArgumentException().isThrownBy(() -> CachedBody.decode(BODY));
        assertThatIllegalArgumentException().isThrownBy(() -> CachedBody.decode(new byte[] {1, 40, '"'}));
    }
}
